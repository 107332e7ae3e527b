package io.github.livy4j.polling;

/** Where a long-running operation stands. */
public enum PollStatus {
  /** Still running; poll again. */
  IN_PROGRESS,
  /** Finished successfully; the result is ready. */
  SUCCEEDED,
  /** Finished with a failure; {@link Poller#result()} throws it. */
  FAILED,
  /** Cancelled. */
  CANCELLED;

  /** @return whether the operation has finished */
  public boolean isDone() {
    return this != IN_PROGRESS;
  }
}
