package io.github.livy4j.internal.client;

import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session's life as the client runs it: its time to live, idle timeout and keep-alive, what
 * counts as use and as activity, and the expiry that ended it. It only keeps the state and
 * decides; the session handle does what is decided.
 */
final class SessionLifetime {
  /** A little over the lifetime tick, so a wait woken for an expiry finds it done. */
  private static final Duration EXPIRY_SLACK = Duration.ofMillis(1100);

  private final Clock clock;
  private final Duration ttl;
  private final Duration idleTimeout;
  private final Duration keepAliveInterval;
  private volatile Instant createdAt;
  private final AtomicBoolean ready = new AtomicBoolean();

  /** Statements submitted through this handle whose end it has not seen. */
  private final AtomicInteger running = new AtomicInteger();

  /** When a statement was last submitted or seen ending (or the session created). */
  private volatile Instant lastUse;

  /** When the server last saw activity it counts against its own idle reaper. */
  private volatile Instant lastActivity;

  /** Whether a pool holds the session warm: kept alive while it waits to be borrowed. */
  private volatile boolean heldWarm;

  private volatile SessionExpiredException expiry;

  /**
   * Creates the lifetime of a session.
   *
   * @param clock the clock
   * @param spec the spec with its lifetime, or {@code null} for none
   * @param createdAt when this client created the session, or {@code null} when attached
   */
  SessionLifetime(Clock clock, SessionSpec spec, Instant createdAt) {
    this.clock = clock;
    this.ttl = spec == null ? null : spec.ttl().orElse(null);
    this.idleTimeout = spec == null ? null : spec.idleTimeout().orElse(null);
    this.keepAliveInterval = spec == null ? null : spec.keepAliveInterval().orElse(null);
    this.createdAt = createdAt;
    Instant now = clock.instant();
    this.lastUse = now;
    this.lastActivity = now;
  }

  /** @return whether the client has anything to do for this session on its own */
  boolean hasLifetime() {
    return ttl != null || idleTimeout != null || keepAliveInterval != null;
  }

  /** @return when this client created the session, or {@code null} when attached */
  Instant createdAt() {
    return createdAt;
  }

  /**
   * A replacement of a lost session was created: its life starts again.
   *
   * @param now the moment
   */
  void restart(Instant now) {
    createdAt = now;
    lastUse = now;
    lastActivity = now;
    running.set(0);
    ready.set(false);
  }

  /**
   * The session is ready: idle counts from now.
   *
   * @return whether it was not ready before (its init statements are due)
   */
  boolean becameReady() {
    if (!ready.compareAndSet(false, true)) {
      return false;
    }
    lastUse = clock.instant();
    return true;
  }

  /**
   * Marks the session as held warm by a pool, which the keep-alive then counts as use.
   *
   * @param warm whether a pool holds it
   */
  void holdWarm(boolean warm) {
    heldWarm = warm;
  }

  /** @return whether a pool holds the session */
  boolean heldWarm() {
    return heldWarm;
  }

  /** A statement was submitted: the session is in use, and the server saw activity. */
  void statementStarted() {
    Instant now = clock.instant();
    running.incrementAndGet();
    lastUse = now;
    lastActivity = now;
  }

  /** A statement the client followed ended, or its wait gave up on it. */
  void statementEnded() {
    Instant now = clock.instant();
    running.updateAndGet(n -> Math.max(0, n - 1)); // a recovery starts the count again
    lastUse = now;
    lastActivity = now;
  }

  /** The server says a statement the client does not follow keeps the session busy. */
  void usedBySomeoneElse(Instant now) {
    lastUse = now;
  }

  /**
   * @param now the moment
   * @return whether the client has a tick's work for this session: created by it, not expired
   */
  boolean ticks(Instant now) {
    return expiry == null && createdAt != null;
  }

  /**
   * @param now the moment
   * @return whether the time to live has passed
   */
  boolean ttlPassed(Instant now) {
    return ttl != null && !now.isBefore(createdAt.plus(ttl));
  }

  /**
   * @param now the moment
   * @return whether the session has been idle past its idle timeout, by what this client saw
   *     (idle counts from when it became ready: a session starting is not idle)
   */
  boolean idlePassed(Instant now) {
    return idleTimeout != null
        && running.get() == 0
        && ready.get()
        && !now.isBefore(lastUse.plus(idleTimeout));
  }

  /**
   * Whether a keep-alive is due: the session is in use (a statement runs, it is inside its idle
   * timeout, or a pool keeps it warm) and the server saw no activity for a keep-alive interval.
   * If so, that activity is counted now.
   *
   * @param now the moment
   * @param isReady whether the session is ready
   * @return whether to keep it alive now
   */
  boolean keepAliveDue(Instant now, boolean isReady) {
    boolean inUse =
        running.get() > 0
            || isReady
                && (heldWarm || idleTimeout != null && now.isBefore(lastUse.plus(idleTimeout)));
    if (keepAliveInterval == null || !inUse || now.isBefore(lastActivity.plus(keepAliveInterval))) {
      return false;
    }
    lastActivity = now;
    return true;
  }

  /**
   * The session ends for a reason of the client's.
   *
   * @param id the session
   * @param reason why
   * @return the expiry
   */
  SessionExpiredException expire(SessionId id, SessionExpiredException.Reason reason) {
    Duration limit =
        reason == SessionExpiredException.Reason.TTL
            ? ttl
            : reason == SessionExpiredException.Reason.IDLE_TIMEOUT ? idleTimeout : null;
    SessionExpiredException e = new SessionExpiredException(id, reason, limit, null, false);
    expiry = e;
    return e;
  }

  /**
   * The server no longer has the session: every later use says so without asking it.
   *
   * @param id the session
   * @return whether this is news (the session had not ended before)
   */
  boolean gone(SessionId id) {
    if (expiry != null) {
      return false;
    }
    expiry =
        new SessionExpiredException(id, SessionExpiredException.Reason.GONE, null, null, false);
    return true;
  }

  /** @return whether the session has ended for the client */
  boolean expired() {
    return expiry != null;
  }

  /**
   * The expiry that ended this session, as a wait for {@code statement} should throw it.
   *
   * @param id the session
   * @param statement the statement waited for, or {@code null}
   * @return the exception, or {@code null} while the session lives
   */
  SessionExpiredException expiry(SessionId id, StatementId statement) {
    SessionExpiredException e = expiry;
    return e == null
        ? null
        : new SessionExpiredException(
            id, e.reason(), e.limit().orElse(null), statement, statement != null);
  }

  /**
   * How long from now until just after the session's time to live ends (the lifetime tick
   * runs at least once a second), or {@code null} without one.
   *
   * @return the delay, or {@code null}
   */
  Duration untilExpiry() {
    if (ttl == null || createdAt == null) {
      return null;
    }
    Duration left = Duration.between(clock.instant(), createdAt.plus(ttl)).plus(EXPIRY_SLACK);
    return left.compareTo(EXPIRY_SLACK) < 0 ? EXPIRY_SLACK : left;
  }
}
