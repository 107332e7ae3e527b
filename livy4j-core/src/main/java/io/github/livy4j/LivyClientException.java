package io.github.livy4j;

/**
 * No usable answer came from the server: an I/O failure, an HTTP timeout, a malformed body or
 * an interrupted wait.
 *
 * <p>{@link #outcomeUnknown()} tells whether the server may have acted on the request: a
 * request that was sent but whose answer was lost. livy4j never blindly repeats such a
 * request when it is not idempotent (session create, statement submit).
 */
public class LivyClientException extends LivyException {
  private static final long serialVersionUID = 1L;

  private final boolean outcomeUnknown;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param cause the underlying failure, may be {@code null}
   * @param outcomeUnknown whether the server may have acted on the request
   */
  public LivyClientException(String message, Throwable cause, boolean outcomeUnknown) {
    super(message, cause);
    this.outcomeUnknown = outcomeUnknown;
  }

  /**
   * Creates an exception for a failure where the request certainly had no effect.
   *
   * @param message what went wrong
   * @param cause the underlying failure, may be {@code null}
   */
  public LivyClientException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** @return whether the request was sent and the server may have acted on it */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
