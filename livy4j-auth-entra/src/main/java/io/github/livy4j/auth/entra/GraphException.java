package io.github.livy4j.auth.entra;

import io.github.livy4j.LivyException;

/**
 * Microsoft Graph could not tell a user's groups: the message says why (a refused token, a
 * missing permission, no answer). Never carries a token.
 */
public class GraphException extends LivyException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  /**
   * Creates the exception.
   *
   * @param statusCode Graph's HTTP status, or 0 when it did not answer
   * @param message what went wrong, free of secrets
   * @param cause the underlying failure, or {@code null}
   */
  public GraphException(int statusCode, String message, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** @return Graph's HTTP status, or 0 when it did not answer */
  public int statusCode() {
    return statusCode;
  }
}
