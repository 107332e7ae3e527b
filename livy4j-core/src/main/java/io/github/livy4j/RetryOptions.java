package io.github.livy4j;

import io.github.livy4j.polling.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How livy4j retries a failed HTTP request.
 *
 * <p>Idempotent requests (reads, deletes, cancels) are retried after connection failures,
 * timeouts, 408, 5xx, 429, and a successful answer whose body cannot be read (empty or
 * malformed). A session create or a statement submit is retried only when the server certainly
 * did not act: the connection was refused, or the server answered 429. A create whose answer was
 * lost, or answered with a 5xx, is looked up by its unique name before it is tried again. A
 * statement submit whose answer was lost, or answered with a 5xx, is looked up in the session's
 * statement list: found there, it is followed and not sent again; not there, a lost one is sent
 * again and a 5xx is reported; a lost one that the list cannot settle fails with {@link
 * LivyClientException#outcomeUnknown()} set. A {@code Retry-After} on an answer that is tried
 * again (a 429; a 5xx to a read, or to a create not found by its name) is waited for when it is
 * at most {@link #maxRetryAfter()} and ends before the call's deadline; a longer one ends the
 * call at once with the server's refusal, which carries it in {@link
 * LivyServiceException#retryAfter()}.
 *
 * A 429 without {@code Retry-After} whose body says {@code until: 4/17/2026 12:22:35 PM (UTC)}
 * (Fabric) waits until then.
 *
 * <p>A 430 (Fabric's capacity has no Spark cores left; the request was rejected, not queued)
 * fails at once with {@link CapacityExceededException} unless {@link #capacityWait()} is
 * positive: then any request is tried again after 30 s, 1 min, 2 min, then every 5 min (±20%),
 * for at most that long in all.
 *
 * <p>Defaults: 4 attempts in all, delays of 250 ms doubling up to 8 s with ±20% jitter,
 * {@code Retry-After} honoured up to 60 s, and no waiting for capacity.
 *
 * @param maxAttempts attempts in all, including the first; at least 1
 * @param backoff the delays between attempts
 * @param maxRetryAfter the longest {@code Retry-After} waited for before giving up
 * @param capacityWait how long to keep trying a request rejected for capacity (430); zero fails
 *     at once
 */
public record RetryOptions(
    int maxAttempts, Backoff backoff, Duration maxRetryAfter, Duration capacityWait) {

  /** The schedule of tries while waiting for capacity. */
  public static final Backoff CAPACITY_BACKOFF =
      Backoff.exponential(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5), 0.2);

  private static final RetryOptions DEFAULTS =
      new RetryOptions(
          4,
          Backoff.exponential(Duration.ofMillis(250), 2.0, Duration.ofSeconds(8), 0.2),
          Duration.ofSeconds(60),
          Duration.ZERO);

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
    Objects.requireNonNull(capacityWait, "capacityWait");
    if (capacityWait.isNegative()) {
      throw new IllegalArgumentException("capacityWait must not be negative");
    }
  }

  /**
   * Options that fail at once on a capacity rejection.
   *
   * @param maxAttempts attempts in all, including the first; at least 1
   * @param backoff the delays between attempts
   * @param maxRetryAfter the longest {@code Retry-After} waited for before giving up
   */
  public RetryOptions(int maxAttempts, Backoff backoff, Duration maxRetryAfter) {
    this(maxAttempts, backoff, maxRetryAfter, Duration.ZERO);
  }

  /**
   * The same options, waiting up to a given time for capacity (430) instead of failing at once.
   *
   * @param wait how long in all; zero fails at once
   * @return the options
   */
  public RetryOptions withCapacityWait(Duration wait) {
    return new RetryOptions(maxAttempts, backoff, maxRetryAfter, wait);
  }

  /** @return the defaults described above */
  public static RetryOptions defaults() {
    return DEFAULTS;
  }

  /** @return options that never retry */
  public static RetryOptions none() {
    return new RetryOptions(1, DEFAULTS.backoff, Duration.ZERO, Duration.ZERO);
  }
}
