package io.github.livy4j.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An interactive session (or a REPL's statement queue): starting until {@code readyAt}, then
 * idle or busy as its statements run one after another, or dead when it fails to start or is
 * killed. Its state is worked out from the clock by {@link #advance}.
 */
final class Session {
  static final Duration CANCEL_DELAY = Duration.ofMillis(100);

  final int id;
  final String name;
  final String kind;
  final String proxyUser;
  final Instant createdAt;
  final Instant readyAt;
  final String failReason;
  final List<String> log = new ArrayList<>(List.of("stdout: ", "\nstderr: "));
  final List<Statement> statements = new ArrayList<>();
  String state = "starting";
  Instant lastActivity;
  Instant lastStatementEnd;
  Instant finishedAt;
  int nextStatementId;
  int executionCount;

  /** The session's own SQL row cap ({@code livy.rsc.sql.num-rows} in its conf), or 0. */
  int sqlRowLimit;

  /** For a shared session: its tag and the REPLs in it. */
  String sessionTag;

  final List<Repl> repls = new ArrayList<>();

  Session(
      int id,
      String name,
      String kind,
      String proxyUser,
      Instant created,
      Instant readyAt,
      String failReason) {
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.proxyUser = proxyUser;
    this.lastActivity = created;
    this.createdAt = created;
    this.readyAt = readyAt;
    this.failReason = failReason;
  }

  boolean isReady() {
    return state.equals("idle") || state.equals("busy");
  }

  static boolean isFailed(String state) {
    return state.equals("dead") || state.equals("error") || state.equals("killed");
  }

  Instant lastActivityOrEnd() {
    Instant a = lastActivity.isAfter(readyAt) ? lastActivity : readyAt;
    return lastStatementEnd != null && lastStatementEnd.isAfter(a) ? lastStatementEnd : a;
  }

  /** The last activity here or in any of its REPLs. */
  Instant lastActive() {
    Instant a = lastActivityOrEnd();
    for (Repl r : repls) {
      Instant b = r.statements.lastActivityOrEnd();
      a = b.isAfter(a) ? b : a;
    }
    return a;
  }

  /** Brings the session and its statements to {@code now}. */
  void advance(Instant now, int sqlRowLimit) {
    if (state.equals("starting") && !now.isBefore(readyAt)) {
      if (failReason != null) {
        state = "dead";
        finishedAt = readyAt;
        log.add("Error: " + failReason);
      } else {
        state = "idle";
        log.add("INFO SparkContext: Spark session " + id + " is ready");
      }
    }
    if (!isReady()) {
      return;
    }
    Instant cursor = readyAt;
    boolean active = false;
    for (Statement st : statements) {
      if (st.isFinished()) {
        cursor = max(cursor, st.end);
        continue;
      }
      if (st.state.equals("waiting")) {
        Instant start = max(cursor, st.submitted);
        if (now.isBefore(start)) {
          active = true;
          break;
        }
        st.start = start;
        st.state = "running";
      }
      if (st.state.equals("cancelling")) {
        Instant done = st.cancelAt.plus(CANCEL_DELAY);
        if (now.isBefore(done)) {
          active = true;
          break;
        }
        st.state = "cancelled";
        st.end = done;
        cursor = done;
        continue;
      }
      Instant end = st.start.plus(st.duration);
      if (now.isBefore(end)) {
        active = true;
        break;
      }
      st.finish(end, executionCount++, this.sqlRowLimit > 0 ? this.sqlRowLimit : sqlRowLimit);
      lastStatementEnd = end;
      cursor = end;
    }
    state = active ? "busy" : "idle";
  }

  Statement statement(String key) {
    Integer sid = Wire.intId(key);
    return sid == null
        ? null
        : statements.stream().filter(st -> st.id == sid).findFirst().orElse(null);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
