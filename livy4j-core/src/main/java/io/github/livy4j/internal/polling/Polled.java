package io.github.livy4j.internal.polling;

import io.github.livy4j.LivyException;
import io.github.livy4j.polling.PollStatus;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What one look at a remote operation found.
 *
 * @param status where it stands
 * @param state the remote state as the server named it
 * @param phase a finer-grained phase, or {@code null}
 * @param progress progress from 0 to 1, or {@code null}
 * @param result produces the result once succeeded (may run follow-up work), or {@code null}
 * @param failure the failure once failed; for a look the server turned away while the
 *     operation goes on (throttled), the refusal; else {@code null}
 * @param retryAfter the server's requested delay before the next look, or {@code null}
 * @param runningFor how long the operation has been running (not queued), or {@code null}
 * @param <T> the result type
 */
public record Polled<T>(
    PollStatus status,
    String state,
    String phase,
    Double progress,
    Supplier<T> result,
    LivyException failure,
    Duration retryAfter,
    Duration runningFor) {

  /**
   * Still running.
   *
   * @param state the remote state
   * @param phase the phase, or {@code null}
   * @param progress the progress, or {@code null}
   * @param <T> the result type
   * @return what it found
   */
  public static <T> Polled<T> running(String state, String phase, Double progress) {
    return new Polled<>(PollStatus.IN_PROGRESS, state, phase, progress, null, null, null, null);
  }

  /**
   * Running, for how long.
   *
   * @param state the remote state
   * @param progress the progress, or {@code null}
   * @param runningFor how long it has been running, or {@code null}
   * @param <T> the result type
   * @return what it found
   */
  public static <T> Polled<T> runningFor(String state, Double progress, Duration runningFor) {
    return new Polled<>(
        PollStatus.IN_PROGRESS, state, null, progress, null, null, null, runningFor);
  }

  /**
   * Succeeded.
   *
   * @param state the remote state
   * @param progress the progress, or {@code null}
   * @param result produces the result
   * @param <T> the result type
   * @return what it found
   */
  public static <T> Polled<T> succeeded(String state, Double progress, Supplier<T> result) {
    return new Polled<>(PollStatus.SUCCEEDED, state, null, progress, result, null, null, null);
  }

  /**
   * Failed.
   *
   * @param state the remote state
   * @param failure the failure
   * @param <T> the result type
   * @return what it found
   */
  public static <T> Polled<T> failed(String state, LivyException failure) {
    return new Polled<>(PollStatus.FAILED, state, null, null, null, failure, null, null);
  }

  /**
   * Cancelled.
   *
   * @param state the remote state
   * @param <T> the result type
   * @return what it found
   */
  public static <T> Polled<T> cancelled(String state) {
    return new Polled<>(PollStatus.CANCELLED, state, null, null, null, null, null, null);
  }
}
