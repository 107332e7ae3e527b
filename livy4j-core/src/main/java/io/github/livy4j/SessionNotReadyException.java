package io.github.livy4j;

/**
 * The server refused a statement because the session is not ready for statements (Apache
 * Livy answers 500 {@code "Session is in state starting"}).
 *
 * <p>livy4j waits for a starting session before it submits, so this is seen only when the
 * session changed state between that check and the submit.
 */
public class SessionNotReadyException extends LivyServiceException {
  private static final long serialVersionUID = 1L;

  private final SessionState state;

  /**
   * Creates the exception.
   *
   * @param state the state the server reported
   * @param cause the server's answer
   */
  public SessionNotReadyException(SessionState state, LivyServiceException cause) {
    super("Session is not ready for statements: it is " + state.wireName(), cause);
    this.state = state;
  }

  /** @return the state the server reported */
  public SessionState state() {
    return state;
  }
}
