package io.github.livy4j;

/**
 * The server rejected the caller's credentials (401 after one forced token refresh) or
 * permissions (403).
 */
public class AuthenticationException extends LivyServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param error the details of the failed exchange
   */
  public AuthenticationException(String message, ServiceError error) {
    super(message, error);
  }
}
