package io.github.livy4j.internal.http;

import io.github.livy4j.LivyClientException;

/**
 * The deadline of the current wait passed during an HTTP exchange or a pause between retries.
 * Pollers turn it into a {@link io.github.livy4j.PollingTimeoutException} with the last known
 * state.
 */
public final class DeadlineExceededException extends LivyClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was cut short
   * @param outcomeUnknown whether a request was sent whose answer never came
   */
  public DeadlineExceededException(String message, boolean outcomeUnknown) {
    super(message, null, outcomeUnknown);
  }
}
