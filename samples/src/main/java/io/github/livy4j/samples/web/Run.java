package io.github.livy4j.samples.web;

import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionState;
import io.github.livy4j.polling.Poller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Livy session created through the app ("run"), and its statements. It counts against its
 * owner's sessions until it ends: stopped, failed to start, expired, or found finished or gone
 * on the server.
 */
final class Run {
  private static final Duration STATE_MAX_AGE = Duration.ofSeconds(2);

  final String id;
  final String owner;
  final String ownerName;
  final CodeKind kind;
  final Instant created;
  final Quota quota;
  final List<Stmt> statements = new CopyOnWriteArrayList<>();
  final AtomicInteger numbers = new AtomicInteger();
  private final Clock clock;
  private final AtomicBoolean counted = new AtomicBoolean(true);
  private final ReentrantLock refreshing = new ReentrantLock();
  volatile LivySession session;
  volatile Poller<LivySession> starting;
  volatile CompletableFuture<LivySession> startTask;
  volatile String state = "starting";
  volatile String problem;
  volatile boolean ended;
  private volatile Instant checked = Instant.EPOCH;

  /**
   * @param id the app's id for it
   * @param owner who created it
   * @param kind its kind
   * @param quota the owner's, where it holds a session's place
   * @param clock the clock
   */
  Run(String id, User owner, CodeKind kind, Quota quota, Clock clock) {
    this.id = id;
    this.owner = owner.key();
    this.ownerName = owner.name();
    this.kind = kind;
    this.quota = quota;
    this.clock = clock;
    this.created = clock.instant();
  }

  /** @return the Livy session's id, or "" while it starts */
  String livyId() {
    LivySession s = session;
    return s == null ? "" : s.id().toString();
  }

  /** @return the session's name */
  String name() {
    LivySession s = session;
    return s == null ? "" : s.info().name().orElse("");
  }

  /** @return whether code can run now */
  boolean ready() {
    return session != null && !ended;
  }

  /** @return whether any statement is still running */
  boolean busy() {
    return statements.stream().anyMatch(s -> !s.done());
  }

  /** @return the state, asked again when the last answer is older than 2 s */
  String liveState() {
    LivySession s = session;
    if (s == null || ended) {
      return state;
    }
    Instant now = clock.instant();
    if (Duration.between(checked, now).compareTo(STATE_MAX_AGE) >= 0 && refreshing.tryLock()) {
      try {
        String raw = s.refresh().rawState();
        if (SessionState.fromWireName(raw).isFinished()) {
          end(raw); // it runs no more code, and no longer counts against the owner's sessions
        } else {
          state = raw;
        }
      } catch (SessionNotFoundException e) {
        end("gone: the server no longer knows this session");
      } catch (LivyException e) {
        problem = e.getMessage();
      } finally {
        checked = now;
        refreshing.unlock();
      }
    }
    return state;
  }

  /**
   * Ends the run: its statements stop, and it no longer counts against its owner's sessions.
   *
   * @param why the state shown from now on
   */
  void end(String why) {
    ended = true;
    state = why;
    if (counted.compareAndSet(true, false)) {
      quota.sessionEnded();
    }
    statements.forEach(s -> s.stop("the session ended"));
  }
}
