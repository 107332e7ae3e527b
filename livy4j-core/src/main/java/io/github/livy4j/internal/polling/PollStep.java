package io.github.livy4j.internal.polling;

import io.github.livy4j.internal.http.ServerWait;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollStatus;
import java.time.Duration;
import java.util.Objects;

/**
 * The polling engine's one pure step: given what was observed, how many observations were
 * made and how long the wait has lasted, decide to finish, time out, give up on the server's
 * word, or poll again after a delay. The delay follows the backoff, is at least the server's
 * {@code Retry-After}, and never runs past the deadline, so the last poll happens at the
 * deadline; a {@code Retry-After} that itself ends past the deadline ends the wait at once,
 * since no poll could come in time.
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
    WAIT,
    /**
     * The server asked for a wait ({@code Retry-After}, the {@link Decision#delay()}) that ends
     * past the deadline: the wait ends now with the server's refusal.
     */
    REFUSED
  }

  /**
   * A decision.
   *
   * @param action what to do
   * @param delay the delay before the next poll, zero unless waiting; for {@link
   *     Action#REFUSED}, the wait the server asked for
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
  public static Decision decide(
      PollStatus status,
      int attempt,
      Duration elapsed,
      Duration timeout,
      Backoff backoff,
      double random,
      Duration retryAfter) {
    return decide(status, attempt, elapsed, timeout, backoff, random, retryAfter, null);
  }

  /**
   * Decides, with a delay the operation's progress suggests in place of the backoff's.
   *
   * @param status what the latest observation said
   * @param attempt the number of observations made so far in this wait, from 1
   * @param elapsed how long the wait has lasted
   * @param timeout the wait's deadline, measured from its start
   * @param backoff the schedule
   * @param random a uniform random number in [0, 1) for jitter
   * @param retryAfter the server's requested delay, or {@code null}
   * @param suggested the delay progress suggests, or {@code null} to follow the backoff
   * @return the decision
   */
  public static Decision decide(
      PollStatus status,
      int attempt,
      Duration elapsed,
      Duration timeout,
      Backoff backoff,
      double random,
      Duration retryAfter,
      Duration suggested) {
    Objects.requireNonNull(status, "status");
    if (status.isDone()) {
      return new Decision(Action.DONE, Duration.ZERO);
    }
    Duration remaining = timeout.minus(elapsed);
    if (remaining.isNegative() || remaining.isZero()) {
      return new Decision(Action.TIMEOUT, Duration.ZERO);
    }
    if (ServerWait.pastDeadline(retryAfter, remaining)) {
      return new Decision(Action.REFUSED, retryAfter);
    }
    Duration delay =
        ServerWait.pause(
            suggested != null ? suggested : backoff.delay(attempt, random), retryAfter);
    if (delay.compareTo(remaining) > 0) {
      delay = remaining;
    }
    return new Decision(Action.WAIT, delay);
  }

  /**
   * The delay to the next poll of an operation that reports its progress: just after the end
   * that the progress so far predicts (assuming it grows evenly while running), but never
   * longer than the operation's age (at least 1 s), since early progress predicts poorly, and
   * never shorter than a fiftieth of its age (at least 50 ms), so a stalled estimate cannot
   * turn into a stream of requests.
   *
   * @param progress the progress from 0 to 1, or {@code null}
   * @param runningFor how long the operation has been running, or {@code null}
   * @param age how long ago the operation was started by the client
   * @return the delay, or {@code null} when the progress says nothing (absent, 0 or 1)
   */
  public static Duration progressDelay(Double progress, Duration runningFor, Duration age) {
    if (progress == null
        || runningFor == null
        || !(progress > 0.0 && progress < 1.0)
        || runningFor.isNegative()
        || runningFor.isZero()) {
      return null;
    }
    double remainingMs = runningFor.toMillis() * (1.0 - progress) / progress;
    long predicted = (long) Math.min(Long.MAX_VALUE / 2.0, remainingMs * 1.02) + 20;
    long ageMs = Math.max(0, age.toMillis());
    long longest = Math.max(1_000, ageMs);
    long shortest = Math.max(50, ageMs / 50);
    return Duration.ofMillis(Math.max(shortest, Math.min(predicted, longest)));
  }
}
