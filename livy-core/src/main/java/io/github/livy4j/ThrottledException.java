package io.github.livy4j;

import java.time.Duration;
import java.util.Optional;

/** The server throttled the caller (429) and retries did not get through in time. */
public class ThrottledException extends LivyServiceException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param error the details of the failed exchange
   * @param retryAfter how long the server asked the caller to wait, or {@code null}
   */
  public ThrottledException(String message, ServiceError error, Duration retryAfter) {
    super(message, error);
    this.retryAfter = retryAfter;
  }

  /** @return how long the server asked the caller to wait, when it said */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
