package io.github.livy4j;

/**
 * Hears what the client does to its sessions on its own, outside any call of the user's:
 * register with {@link LivyClient.Builder#sessionListener(SessionListener)}. Methods run on the
 * client's threads (or, on virtual time, on the thread that moved it) and must return quickly;
 * an exception they throw is logged and ignored.
 */
public interface SessionListener {

  /**
   * The client deleted a session whose time to live or idle timeout passed.
   *
   * @param expiry what ended it, as later uses of the session will throw it
   */
  default void onExpired(SessionExpiredException expiry) {}

  /**
   * The client told the server a session in use is still wanted.
   *
   * @param session the session
   */
  default void onKeepAlive(SessionId session) {}

  /**
   * The client replaced a lost session with a new one of the same spec
   * ({@link SessionSpec.Builder#recoverLostSessions()}).
   *
   * @param lost the session the server lost
   * @param replacement the new session, ready, its init statements run
   */
  default void onRecovered(SessionId lost, SessionId replacement) {}
}
