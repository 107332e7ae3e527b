package io.github.livy4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A session's life ended under its user: the client deleted it when its time to live or its
 * idle timeout passed ({@link SessionSpec#ttl()}, {@link SessionSpec#idleTimeout()}), or the
 * server stopped knowing it while a statement ran (its own idle reaper, a restart, someone
 * else's delete). Thrown by every later use of the session, and by a wait for a statement the
 * expiry interrupted, which it names, saying whether the client saw that statement start.
 */
public class SessionExpiredException extends LivyException {
  private static final long serialVersionUID = 1L;

  /** Which limit ended the session. */
  public enum Reason {
    /** Its time to live, counted from its creation, passed. */
    TTL,
    /** It ran no statement for longer than its idle timeout. */
    IDLE_TIMEOUT,
    /** The server answered 404 for it while it was in use. */
    GONE
  }

  private final SessionId sessionId;
  private final Reason reason;
  private final Duration limit;
  private final StatementId statementId;
  private final boolean statementStarted;
  private final SessionId replacement;

  /**
   * Creates the exception.
   *
   * @param sessionId the session
   * @param reason which limit ended it
   * @param limit the limit's value, or {@code null} for {@link Reason#GONE}
   * @param statementId the statement it interrupted, or {@code null}
   * @param statementStarted whether the client saw that statement running
   */
  public SessionExpiredException(
      SessionId sessionId,
      Reason reason,
      Duration limit,
      StatementId statementId,
      boolean statementStarted) {
    this(sessionId, reason, limit, statementId, statementStarted, null);
  }

  /**
   * Creates the exception for a session the client replaced.
   *
   * @param sessionId the session lost
   * @param reason what ended it
   * @param limit the limit's value, or {@code null} for {@link Reason#GONE}
   * @param statementId the statement it interrupted, or {@code null}
   * @param statementStarted whether the client saw that statement running
   * @param replacement the session that replaced it, or {@code null}
   */
  public SessionExpiredException(
      SessionId sessionId,
      Reason reason,
      Duration limit,
      StatementId statementId,
      boolean statementStarted,
      SessionId replacement) {
    super(
        message(sessionId, reason, limit, statementId, statementStarted)
            + (replacement == null
                ? ""
                : "; the client replaced it with session "
                    + replacement
                    + (statementId != null && statementStarted
                        ? ", where the statement was not run again"
                        : "")));
    this.replacement = replacement;
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.reason = Objects.requireNonNull(reason, "reason");
    if (limit == null && reason != Reason.GONE) {
      throw new IllegalArgumentException("a " + reason + " expiry needs its limit");
    }
    this.limit = limit;
    this.statementId = statementId;
    this.statementStarted = statementId != null && statementStarted;
  }

  private static String message(
      SessionId id, Reason reason, Duration limit, StatementId statement, boolean started) {
    String what =
        switch (reason) {
          case TTL -> "was deleted by the client: its time to live of " + human(limit) + " passed";
          case IDLE_TIMEOUT ->
              "was deleted by the client: it was idle for longer than its idle"
                  + " timeout of "
                  + human(limit);
          case GONE -> "is gone from the server (404): it expired there, or was deleted";
        };
    String lost =
        statement == null
            ? ""
            : started
                ? "; statement " + statement + " was running and was lost with it"
                : "; statement " + statement + " was lost with it before the client saw it start";
    return "Session " + id + " " + what + lost;
  }

  static String human(Duration d) {
    if (d.toMillis() % 3_600_000 == 0) {
      return d.toHours() + " h";
    }
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + " min";
    }
    if (d.toMillis() % 1_000 == 0) {
      return d.toSeconds() + " s";
    }
    return d.toMillis() + " ms";
  }

  /** @return the session */
  public SessionId sessionId() {
    return sessionId;
  }

  /** @return which limit ended the session */
  public Reason reason() {
    return reason;
  }

  /** @return the limit's value; empty when the server lost the session */
  public Optional<Duration> limit() {
    return Optional.ofNullable(limit);
  }

  /** @return the session that replaced the lost one, when the client recovered it */
  public Optional<SessionId> replacement() {
    return Optional.ofNullable(replacement);
  }

  /**
   * @return whether the client saw the interrupted statement running (false without one); a
   *     statement not seen running may still have started in the moment before the loss
   */
  public boolean statementStarted() {
    return statementStarted;
  }

  /** @return the statement the expiry interrupted, when a wait for one is what failed */
  public Optional<StatementId> statementId() {
    return Optional.ofNullable(statementId);
  }
}
