package io.github.livy4j.polling;

import java.time.Duration;
import java.util.Objects;

/**
 * A capped exponential backoff with jitter: the delay before attempt {@code n} (from 1) is
 * {@code min(max, initial * multiplier^(n-1))}, then spread by {@code ±jitter} of itself and
 * capped at {@code max} again.
 *
 * <pre>{@code
 * Backoff b = Backoff.exponential(Duration.ofMillis(100), 1.5, Duration.ofSeconds(2), 0.2);
 * }</pre>
 *
 * @param initial the first delay, positive
 * @param multiplier the growth factor, at least 1
 * @param max the cap, at least {@code initial}
 * @param jitter the spread as a fraction of the delay, from 0 to 1
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {

  /** Validates the backoff. */
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial delay must be positive, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max delay " + max + " is below initial delay " + initial);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
  }

  /**
   * An exponential backoff.
   *
   * @param initial the first delay
   * @param multiplier the growth factor
   * @param max the cap
   * @param jitter the spread, from 0 to 1
   * @return the backoff
   */
  public static Backoff exponential(
      Duration initial, double multiplier, Duration max, double jitter) {
    return new Backoff(initial, multiplier, max, jitter);
  }

  /**
   * A fixed delay without jitter.
   *
   * @param delay the delay
   * @return the backoff
   */
  public static Backoff fixed(Duration delay) {
    return new Backoff(delay, 1.0, delay, 0.0);
  }

  /**
   * The delay before an attempt.
   *
   * @param attempt the attempt, from 1
   * @param random a uniform random number in [0, 1); 0.5 gives the delay without jitter
   * @return the delay
   */
  public Duration delay(int attempt, double random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
    }
    double maxNanos = max.toNanos();
    double base = Math.min(maxNanos, initial.toNanos() * Math.pow(multiplier, attempt - 1.0));
    double spread = base * jitter * (2.0 * random - 1.0);
    double nanos = Math.min(maxNanos, Math.max(0.0, base + spread));
    // whole milliseconds keep schedules readable and exact in tests
    return Duration.ofMillis(Math.round(nanos / 1_000_000.0));
  }
}
