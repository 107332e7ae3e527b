package io.github.livy4j.internal.client;

import io.github.livy4j.LivyException;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a session ends other than by its owner's close: the client expires it (its time to live,
 * its idle timeout), or the server turns out to have forgotten it. Either way the session's
 * lifetime records it once and the client's listeners hear of it once.
 */
final class SessionEnding {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLivySession.class);

  private final Supplier<SessionId> id;
  private final SessionLifetime lifetime;
  private final SessionEvents events;
  private final Runnable close;

  /**
   * The ending of one session.
   *
   * @param id the session's id (it changes when a lost session is replaced)
   * @param lifetime its life as the client runs it
   * @param events the client's listeners
   * @param close deletes the session within the close budget
   */
  SessionEnding(
      Supplier<SessionId> id, SessionLifetime lifetime, SessionEvents events, Runnable close) {
    this.id = id;
    this.lifetime = lifetime;
    this.events = events;
    this.close = close;
  }

  /**
   * The server no longer has the session, as a statement's wait found.
   *
   * @param statement the statement that was waited for
   * @param started whether it had started
   * @return the exception for the wait
   */
  SessionExpiredException gone(StatementId statement, boolean started) {
    SessionId sid = id.get();
    SessionExpiredException e =
        new SessionExpiredException(
            sid, SessionExpiredException.Reason.GONE, null, statement, started);
    if (lifetime.gone(sid)) {
      // still owned: close() (the user's, or the client's) sends the DELETE, because a 404
      // can come from a proxy or a server that forgets for a while, and a session that still
      // lives must not be left behind (a real 404 costs one more 404)
      LOG.info("{}", e.getMessage());
      events.expired(e);
    }
    return e;
  }

  /**
   * Ends the session for a reason of the client's: deletes it and tells the listeners.
   *
   * @param reason why
   */
  void expire(SessionExpiredException.Reason reason) {
    SessionId sid = id.get();
    SessionExpiredException e = lifetime.expire(sid, reason);
    LOG.info("{}", e.getMessage());
    try {
      close.run();
    } catch (LivyException failure) {
      LOG.warn("Could not delete expired session {}: {}", sid, failure.getMessage());
    }
    events.expired(e);
  }
}
