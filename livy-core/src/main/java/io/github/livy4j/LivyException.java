package io.github.livy4j;

/**
 * Root of every exception livy4j throws.
 *
 * <p>All livy4j exceptions are unchecked. The tree is shallow:
 * <ul>
 *   <li>{@link LivyServiceException}: the server answered with an error status;</li>
 *   <li>{@link LivyClientException}: no usable answer (I/O failure, timeout, malformed body, interrupt);</li>
 *   <li>{@link SessionFailedException}: a session reached a failed terminal state;</li>
 *   <li>{@link StatementFailedException}: a statement's output reported an error;</li>
 *   <li>{@link PollingTimeoutException}: a wait passed its deadline.</li>
 * </ul>
 * No message of any livy4j exception contains an access token, a secret or an
 * {@code Authorization} header.
 */
public class LivyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public LivyException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure, may be {@code null}
   */
  public LivyException(String message, Throwable cause) {
    super(message, cause);
  }
}
