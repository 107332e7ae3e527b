package io.github.livy4j;

/**
 * The server does not know the session: it never existed, was deleted, or expired.
 *
 * <p>Livy deletes idle sessions after its session timeout and forgets finished ones after a
 * while; expiry is not a state, the session just answers 404 afterwards.
 */
public class SessionNotFoundException extends LivyServiceException {
  private static final long serialVersionUID = 1L;

  private final SessionId sessionId;

  /**
   * Creates the exception from the 404 answer.
   *
   * @param sessionId the session that was not found
   * @param cause the 404 answer
   */
  public SessionNotFoundException(SessionId sessionId, LivyServiceException cause) {
    super("Session " + sessionId + " not found: it was deleted, expired or never existed", cause);
    this.sessionId = sessionId;
  }

  /** @return the session that was not found */
  public SessionId sessionId() {
    return sessionId;
  }
}
