package io.github.livy4j.observe;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one HTTP attempt ended, and what the client does next: {@link ExchangeObserver#ended}.
 * Only the client makes them: more may be told of an attempt's end in later versions.
 */
public final class HttpResult {
  private final int status;
  private final Duration duration;
  private final Throwable failure;
  private final boolean retried;
  private final Duration retryDelay;

  /**
   * A result.
   *
   * @param status the HTTP status, or 0 when no answer came
   * @param duration from sending to the answer (or the failure)
   * @param failure what went wrong, or {@code null} for an answer below 400
   * @param retried whether the client sends the request again
   * @param retryDelay how long it waits first ({@code ZERO} when not retried)
   */
  HttpResult(
      int status, Duration duration, Throwable failure, boolean retried, Duration retryDelay) {
    this.status = status;
    this.duration = Objects.requireNonNull(duration, "duration");
    this.failure = failure;
    this.retried = retried;
    this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
  }

  /** @return the HTTP status, when an answer came */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** @return from sending to the answer, or to the failure */
  public Duration duration() {
    return duration;
  }

  /**
   * What went wrong: the error the answer turned into, or the connection failure or timeout.
   * Its message names the request, never its credentials.
   *
   * @return the failure, if the attempt failed
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** @return whether the client sends the request again after this attempt */
  public boolean retried() {
    return retried;
  }

  /** @return how long the client waits before the next attempt ({@code ZERO} if none) */
  public Duration retryDelay() {
    return retryDelay;
  }

  /** @return whether the server asked the client to slow down (429) */
  public boolean throttled() {
    return status == 429;
  }

  /**
   * @return whether the service turned the request away for want of capacity, as the backend
   *     reads its answer (on Fabric, a 430): the attempt failed with {@link
   *     io.github.livy4j.CapacityExceededException}
   */
  public boolean capacityRejected() {
    return failure instanceof io.github.livy4j.CapacityExceededException;
  }

  /** @return whether the server rejected the token (401) */
  public boolean tokenRejected() {
    return status == 401;
  }

  @Override
  public String toString() {
    return "HttpResult["
        + (status == 0 ? "no answer" : status)
        + ", "
        + duration.toMillis()
        + " ms"
        + (failure == null ? "" : ", " + failure.getClass().getSimpleName())
        + (retried ? ", retried in " + retryDelay.toMillis() + " ms" : "")
        + "]";
  }
}
