package io.github.livy4j.polling;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One observation of a long-running operation.
 *
 * @param status where the operation stands
 * @param state the remote state as the server named it, such as {@code running}
 * @param phase a finer-grained phase the service reported, or {@code null}
 * @param progress progress from 0 to 1, or {@code null} when unknown
 * @param attempt the number of this observation, from 1
 * @param elapsed time since the wait began
 */
public record PollResponse(
    PollStatus status, String state, String phase, Double progress, int attempt, Duration elapsed) {

  /** Validates the response. */
  public PollResponse {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** @return progress from 0 to 1, when the server reports it */
  public OptionalDouble progressValue() {
    return progress == null ? OptionalDouble.empty() : OptionalDouble.of(progress);
  }

  /** @return the finer-grained phase, when the service reports one */
  public Optional<String> phaseValue() {
    return Optional.ofNullable(phase);
  }
}
