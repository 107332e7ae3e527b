package io.github.livy4j.polling;

import java.time.Duration;

/**
 * Waits between polls and retries. livy4j never sleeps any other way, so tests can inject a
 * sleeper that advances a virtual clock instead of waiting.
 *
 * <p>A sleeper that moves virtual time also tells the client when time moved
 * ({@link #onTimePassed}), so that what the client does at a moment rather than after a wait
 * (a session's time to live, its idle timeout, its keep-alive) happens on virtual time too.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits.
   *
   * @param duration how long, not negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Registers a task to run each time this sleeper's time moves. A sleeper that advances a
   * virtual clock calls the task after each move, on the thread that moved it; the default
   * (and the system sleeper) never calls it, since real time is timed by the client's own
   * timer.
   *
   * @param task a short task
   */
  default void onTimePassed(Runnable task) {}

  /** @return the sleeper that blocks the calling thread for real */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }
}
