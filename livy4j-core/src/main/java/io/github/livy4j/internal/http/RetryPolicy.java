package io.github.livy4j.internal.http;

import io.github.livy4j.RetryOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Whether a failed attempt is tried again, and after how long: a decision per attempt from the
 * answer's status (or how the answer was lost), the request's idempotence and the attempts so
 * far, with no HTTP and no clock in it. A request that is not idempotent is only sent again
 * when the server cannot have acted on it.
 */
final class RetryPolicy {
  private final RetryOptions options;
  private final DoubleSupplier random;

  /**
   * Creates the policy.
   *
   * @param options the retry options
   * @param random uniform random numbers in [0, 1) for jitter
   */
  RetryPolicy(RetryOptions options, DoubleSupplier random) {
    this.options = Objects.requireNonNull(options, "options");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** @return the options */
  RetryOptions options() {
    return options;
  }

  /**
   * The attempts an exchange has made so far, counted apart for a full capacity (which has a
   * schedule and a budget of its own).
   *
   * @param attempt the attempt that failed, from 1
   * @param capacityRetries the retries after a full capacity so far
   * @param capacityWaited the time waited for capacity so far
   */
  record Attempts(int attempt, int capacityRetries, Duration capacityWaited) {
    /** Before the first attempt has failed. */
    static final Attempts FIRST = new Attempts(1, 0, Duration.ZERO);
  }

  /**
   * Try again after a delay, with the attempts counted on.
   *
   * @param delay how long to wait first
   * @param next the attempts from now on
   */
  record Retry(Duration delay, Attempts next) {}

  /** How an attempt ended without an answer. */
  enum Loss {
    /** Never connected: the server cannot have seen the request. */
    NOT_CONNECTED,
    /** Sent, but no answer came: the server may have acted on it. */
    SENT,
    /**
     * Answered, but the answer's body could not be read (empty, malformed): as good as lost,
     * and the server may have acted on it.
     */
    UNREADABLE
  }

  /**
   * After an attempt that ended without an answer.
   *
   * @param loss how it ended
   * @param idempotent whether the request may be repeated
   * @param so the attempts so far
   * @return the retry, or empty to fail
   */
  Optional<Retry> afterLoss(Loss loss, boolean idempotent, Attempts so) {
    if (loss != Loss.NOT_CONNECTED && !idempotent) {
      return Optional.empty();
    }
    return again(so, null);
  }

  /**
   * After an error answer.
   *
   * @param status the status, 400 or above
   * @param idempotent whether the request may be repeated
   * @param throttled whether the service throttles the caller (429, or as the backend says):
   *     it did not act on the request
   * @param retryAfter the wait the answer asks for, or {@code null}
   * @param so the attempts so far
   * @return the retry, or empty to fail
   */
  Optional<Retry> afterStatus(
      int status, boolean idempotent, boolean throttled, Duration retryAfter, Attempts so) {
    boolean retryable =
        throttled || status == 429 || (idempotent && (status == 408 || status >= 500));
    return retryable ? again(so, retryAfter) : Optional.empty();
  }

  /**
   * After an answer that says the service has no capacity now: the request was turned away,
   * not queued, so any request is tried again on the capacity schedule while the capacity wait
   * allows, the last pause cut to what is left of it.
   *
   * @param so the attempts so far
   * @return the retry, or empty to fail
   */
  Optional<Retry> afterNoCapacity(Attempts so) {
    Duration left = options.capacityWait().minus(so.capacityWaited());
    if (left.isNegative() || left.isZero()) {
      return Optional.empty();
    }
    int n = so.capacityRetries() + 1;
    Duration delay = RetryOptions.CAPACITY_BACKOFF.delay(n, random.getAsDouble());
    delay = delay.compareTo(left) > 0 ? left : delay;
    return Optional.of(
        new Retry(delay, new Attempts(so.attempt(), n, so.capacityWaited().plus(delay))));
  }

  /**
   * Another attempt on the backoff schedule, unless the attempts are used up or the server
   * asks for a longer wait than the caller accepts; a wait it asks for longer than the backoff
   * is waited instead.
   */
  private Optional<Retry> again(Attempts so, Duration retryAfter) {
    if (so.attempt() >= options.maxAttempts()) {
      return Optional.empty();
    }
    if (retryAfter != null && retryAfter.compareTo(options.maxRetryAfter()) > 0) {
      return Optional.empty();
    }
    Duration delay = options.backoff().delay(so.attempt(), random.getAsDouble());
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    return Optional.of(
        new Retry(
            delay, new Attempts(so.attempt() + 1, so.capacityRetries(), so.capacityWaited())));
  }
}
