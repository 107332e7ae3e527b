package io.github.livy4j;

import io.github.livy4j.polling.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How livy4j retries a failed HTTP request.
 *
 * <p>Idempotent requests (reads, deletes, cancels) are retried after connection failures,
 * timeouts, 408, 5xx and 429. A session create or a statement submit is retried only when the
 * server certainly did not act: the connection was refused, or the server answered 429.
 * A create whose answer was lost is looked up by its unique name before it is tried again;
 * a statement submit whose answer was lost fails with
 * {@link LivyClientException#outcomeUnknown()} set. A 429's {@code Retry-After} is honoured
 * when it is at most {@link #maxRetryAfter()}.
 *
 * <p>Defaults: 4 attempts in all, delays of 250 ms doubling up to 8 s with ±20% jitter, and
 * {@code Retry-After} honoured up to 60 s.
 *
 * @param maxAttempts attempts in all, including the first; at least 1
 * @param backoff the delays between attempts
 * @param maxRetryAfter the longest {@code Retry-After} waited for before giving up
 */
public record RetryOptions(int maxAttempts, Backoff backoff, Duration maxRetryAfter) {

  private static final RetryOptions DEFAULTS = new RetryOptions(4,
      Backoff.exponential(Duration.ofMillis(250), 2.0, Duration.ofSeconds(8), 0.2),
      Duration.ofSeconds(60));

  /** Validates the options. */
  public RetryOptions {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must not be negative");
    }
  }

  /** @return the defaults described above */
  public static RetryOptions defaults() {
    return DEFAULTS;
  }

  /** @return options that never retry */
  public static RetryOptions none() {
    return new RetryOptions(1, DEFAULTS.backoff, Duration.ZERO);
  }
}
