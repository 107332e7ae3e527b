package io.github.livy4j.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The fake's sessions, statements, batches and shared-session REPLs, whatever the dialect:
 * their states are worked out from the clock ({@link #tick()}), so that virtual time can jump.
 * Callers hold the model's lock.
 */
final class Model {
  private static final Set<String> KINDS = Set.of("spark", "pyspark", "sparkr", "sql", "shared");
  static final int REPLS_PER_SESSION = 5;
  private static final Duration REPL_START = Duration.ofSeconds(2);

  /** The log lines a session keeps, as Livy's {@code livy.cache-log.size} (200) does. */
  private int logLines = 200;

  private record Script(
      Predicate<String> code, java.util.function.Function<String, ScriptedResult> result) {}

  final Clock clock;
  final Duration startup;
  final Duration statementDuration;
  private final Duration sessionTimeout;
  private final Duration retention;
  final int sqlRowLimit;
  private final int retained;
  private final Map<Integer, Session> sessions = new LinkedHashMap<>();
  private final Map<Integer, Batch> batches = new LinkedHashMap<>();
  private final Map<Integer, Repl> repls = new LinkedHashMap<>();
  private final Map<String, Batch.Script> batchScripts = new LinkedHashMap<>();
  private final List<Script> scripts = new CopyOnWriteArrayList<>();
  private int nextSessionId;
  private int nextBatchId;
  private int nextReplId;
  private String failStartReason;

  Model(
      Clock clock,
      Duration startup,
      Duration statementDuration,
      Duration sessionTimeout,
      Duration retention,
      int sqlRowLimit,
      int retained) {
    this.clock = clock;
    this.startup = startup;
    this.statementDuration = statementDuration;
    this.sessionTimeout = sessionTimeout;
    this.retention = retention;
    this.sqlRowLimit = sqlRowLimit;
    this.retained = retained;
  }

  Instant now() {
    return clock.instant();
  }

  void logLines(int lines) {
    this.logLines = lines;
  }

  Collection<Session> sessions() {
    return sessions.values();
  }

  Collection<Batch> batches() {
    return batches.values();
  }

  Session session(Integer id) {
    return id == null ? null : sessions.get(id);
  }

  Session sessionNamed(String name) {
    return sessions.values().stream().filter(s -> name.equals(s.name)).findFirst().orElse(null);
  }

  Batch batch(Integer id) {
    return id == null ? null : batches.get(id);
  }

  Batch batchNamed(String name) {
    return batches.values().stream().filter(b -> name.equals(b.name)).findFirst().orElse(null);
  }

  Repl repl(Integer id) {
    return id == null ? null : repls.get(id);
  }

  void script(Predicate<String> code, java.util.function.Function<String, ScriptedResult> result) {
    scripts.add(0, new Script(code, result));
  }

  void failStarts(String reason) {
    this.failStartReason = reason;
  }

  void scriptBatch(String className, Batch.Script script) {
    batchScripts.put(className, script);
  }

  Session createSession(String name, String kind, String proxyUser) {
    if (kind != null && !KINDS.contains(kind)) {
      throw Refused.msg(400, "Invalid kind: " + kind);
    }
    int id = nextSessionId++;
    if (name != null && sessionNamed(name) != null) {
      throw Refused.msg(400, "Duplicate session name: Some(" + name + ") for session " + id);
    }
    Instant now = now();
    Session s = new Session(id, name, kind, proxyUser, now, now.plus(startup), failStartReason);
    sessions.put(id, s);
    return s;
  }

  /**
   * Forgets every session, statement and batch, as a server restarted without recovery does.
   *
   * @param reuseIds whether ids count from 0 again (Apache Livy's do)
   */
  void forgetAll(boolean reuseIds) {
    sessions.clear();
    batches.clear();
    repls.clear();
    if (reuseIds) {
      nextSessionId = 0;
      nextBatchId = 0;
      nextReplId = 0;
    }
  }

  void delete(Session s) {
    sessions.remove(s.id);
  }

  void kill(Session s) {
    s.state = "dead";
    s.finishedAt = now();
    s.log.add("Error: the driver died (killed by FakeLivy)");
  }

  /** Queues a statement on a ready session; its result is the newest script that matches. */
  Statement submit(Session s, String code, String kind) {
    ScriptedResult result =
        scripts.stream()
            .filter(sc -> sc.code().test(code))
            .map(sc -> sc.result().apply(code))
            .findFirst()
            .orElse(null);
    Instant now = now();
    Statement st =
        new Statement(
            s.nextStatementId++,
            code,
            kind != null ? kind : s.kind != null ? s.kind : "spark",
            now,
            result,
            result != null && result.duration() != null ? result.duration() : statementDuration);
    s.statements.add(st);
    while (s.statements.size() > retained) {
      s.statements.remove(0);
    }
    s.lastActivity = now;
    s.log.add("INFO Submitted statement " + st.id);
    while (s.log.size() > 2 + logLines) {
      s.log.remove(2); // the oldest line after the stdout and stderr headers
    }
    s.advance(now, sqlRowLimit);
    return st;
  }

  void cancel(Session s, Statement st) {
    Instant now = now();
    s.lastActivity = now;
    if (st.state.equals("waiting")) {
      st.state = "cancelled";
      st.end = now;
    } else if (st.state.equals("running")) {
      st.state = "cancelling";
      st.cancelAt = now;
    }
    s.advance(now, sqlRowLimit);
  }

  Batch submitBatch(String name, String className, String proxyUser) {
    int id = nextBatchId++;
    if (name != null && batchNamed(name) != null) {
      throw Refused.msg(400, "Duplicate session name: Some(" + name + ") for session " + id);
    }
    Batch.Script script = className == null ? null : batchScripts.get(className);
    if (script == null) {
      script = new Batch.Script(true, statementDuration, List.of());
    }
    Instant now = now();
    Batch b =
        new Batch(
            id,
            name,
            proxyUser,
            now.plus(startup),
            now.plus(startup).plus(script.runningTime()),
            script);
    batches.put(id, b);
    return b;
  }

  void delete(Batch b) {
    batches.remove(b.id);
  }

  /** Packs a REPL into a live shared session with this tag and room, or starts one. */
  Repl acquireRepl(String tag, String name) {
    Instant now = now();
    Session shared =
        tag == null
            ? null
            : sessions.values().stream()
                .filter(
                    x ->
                        tag.equals(x.sessionTag)
                            && x.repls.size() < REPLS_PER_SESSION
                            && (x.state.equals("starting") || x.isReady()))
                .findFirst()
                .orElse(null);
    if (shared == null) {
      int id = nextSessionId++;
      shared =
          new Session(
              id,
              "hc-" + (tag == null ? id : tag) + "-" + id,
              null,
              null,
              now,
              now.plus(startup),
              failStartReason);
      shared.sessionTag = tag;
      sessions.put(id, shared);
    }
    Instant base = shared.readyAt.isAfter(now) ? shared.readyAt : now;
    // a REPL starts in about 2 s, or as fast as sessions do when that is faster
    Duration replStart = startup.compareTo(REPL_START) < 0 ? startup : REPL_START;
    Session statements =
        new Session(-1, null, null, null, now, base.plus(replStart), shared.failReason);
    Repl r = new Repl(nextReplId++, name, shared, statements, now);
    shared.repls.add(r);
    repls.put(r.id, r);
    return r;
  }

  /** Releases a REPL; the shared session ends with its last REPL. */
  void release(Repl r) {
    repls.remove(r.id);
    r.session.repls.remove(r);
    if (r.session.repls.isEmpty()) {
      sessions.remove(r.session.id);
    }
  }

  /** Brings everything to the clock's time: states, idle timeouts, retention. */
  void tick() {
    Instant now = now();
    Iterator<Batch> bi = batches.values().iterator();
    while (bi.hasNext()) {
      Batch b = bi.next();
      b.advance(now);
      if (b.finishedAt != null && !now.isBefore(b.finishedAt.plus(retention))) {
        bi.remove();
      }
    }
    Iterator<Session> it = sessions.values().iterator();
    while (it.hasNext()) {
      Session s = it.next();
      s.advance(now, sqlRowLimit);
      if (s.finishedAt != null && !now.isBefore(s.finishedAt.plus(retention))) {
        it.remove();
      } else if (s.state.equals("idle")
          && s.repls.stream().noneMatch(Repl::busy)
          && !now.isBefore(s.lastActive().plus(sessionTimeout))) {
        it.remove();
      }
    }
    Iterator<Repl> ri = repls.values().iterator();
    while (ri.hasNext()) {
      Repl r = ri.next();
      if (!sessions.containsKey(r.session.id)) {
        // the shared session is gone, and its REPLs with it
        r.session.repls.remove(r);
        ri.remove();
      } else if (Session.isFailed(r.session.state)) {
        // its statements stop with the shared session
        r.statements.state = "dead";
      } else if (!r.session.state.equals("starting")) {
        r.statements.advance(now, sqlRowLimit);
      }
    }
  }
}
