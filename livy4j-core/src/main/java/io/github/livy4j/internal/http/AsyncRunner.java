package io.github.livy4j.internal.http;

import java.time.Duration;

/** Where asynchronous sends continue after an answer and wait between attempts. */
public interface AsyncRunner {
  /**
   * Runs a short task soon on one of the client's threads.
   *
   * @param task the task
   */
  void execute(Runnable task);

  /**
   * Runs a short task after a delay.
   *
   * @param task the task
   * @param delay the delay
   * @param onInterrupt runs instead of the task if the wait is cut short
   */
  void schedule(Runnable task, Duration delay, Runnable onInterrupt);
}
