package io.github.livy4j;

import java.time.Duration;
import java.util.Optional;

/** The server throttled the caller (429) and retries did not get through in time. */
public class ThrottledException extends LivyServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param error the details of the failed exchange
   * @param retryAfter how long the server asked the caller to wait, or {@code null}
   */
  public ThrottledException(String message, ServiceError error, Duration retryAfter) {
    super(message, error, retryAfter);
  }

  /**
   * How long the server asked the caller to wait before trying again. A wait longer than
   * {@link RetryOptions#maxRetryAfter()}, or than what was left of the call's deadline, ends the
   * call at once with this exception rather than being waited out.
   *
   * @return the wait, when the server said
   */
  @Override
  public Optional<Duration> retryAfter() {
    return super.retryAfter();
  }
}
