package io.github.livy4j.internal.polling;

import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollStatus;
import java.time.Duration;
import java.util.Objects;

/**
 * The polling engine's one pure step: given what was observed, how many observations were
 * made and how long the wait has lasted, decide to finish, time out, or poll again after a
 * delay. The delay follows the backoff, is at least the server's {@code Retry-After}, and never
 * runs past the deadline, so the last poll happens at the deadline.
 */
public final class PollStep {
  private PollStep() {}

  /** What to do next. */
  public enum Action {
    /** The operation finished (succeeded, failed or was cancelled). */
    DONE,
    /** The deadline passed. */
    TIMEOUT,
    /** Poll again after {@link Decision#delay()}. */
    WAIT
  }

  /**
   * A decision.
   *
   * @param action what to do
   * @param delay the delay before the next poll, zero unless waiting
   */
  public record Decision(Action action, Duration delay) {}

  /**
   * Decides.
   *
   * @param status what the latest observation said
   * @param attempt the number of observations made so far in this wait, from 1
   * @param elapsed how long the wait has lasted
   * @param timeout the wait's deadline, measured from its start
   * @param backoff the schedule
   * @param random a uniform random number in [0, 1) for jitter
   * @param retryAfter the server's requested delay, or {@code null}
   * @return the decision
   */
  public static Decision decide(PollStatus status, int attempt, Duration elapsed,
      Duration timeout, Backoff backoff, double random, Duration retryAfter) {
    Objects.requireNonNull(status, "status");
    if (status.isDone()) {
      return new Decision(Action.DONE, Duration.ZERO);
    }
    Duration remaining = timeout.minus(elapsed);
    if (remaining.isNegative() || remaining.isZero()) {
      return new Decision(Action.TIMEOUT, Duration.ZERO);
    }
    Duration delay = backoff.delay(attempt, random);
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    if (delay.compareTo(remaining) > 0) {
      delay = remaining;
    }
    return new Decision(Action.WAIT, delay);
  }
}
