package io.github.livy4j.auth.entra.internal;

import io.github.livy4j.spi.Redactor;

/**
 * A copy of a foreign exception, chained in its place: its class name and stack trace, and its
 * message with credentials hidden. Its causes are copied the same way.
 */
public final class RedactedCause extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DEPTH = 8;

  private RedactedCause(String message, RedactedCause cause) {
    super(message, cause, false, true);
  }

  /**
   * Copies an exception and its causes with credentials hidden.
   *
   * @param e the exception, or {@code null}
   * @param redactor hides credentials
   * @return the copy, or {@code null} for {@code null}
   */
  public static RedactedCause of(Throwable e, Redactor redactor) {
    return copy(e, redactor, 0);
  }

  private static RedactedCause copy(Throwable e, Redactor redactor, int depth) {
    if (e == null || depth >= MAX_DEPTH) {
      return null;
    }
    RedactedCause cause = e.getCause() == e ? null : copy(e.getCause(), redactor, depth + 1);
    String message = e.getMessage() == null ? "" : ": " + redactor.redact(e.getMessage());
    RedactedCause c = new RedactedCause(e.getClass().getName() + message, cause);
    c.setStackTrace(e.getStackTrace());
    return c;
  }
}
