package io.github.livy4j.polling;

import java.time.Duration;

/**
 * Waits between polls and retries. livy4j never sleeps any other way, so tests can inject a
 * sleeper that advances a virtual clock instead of waiting.
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

  /** @return the sleeper that blocks the calling thread for real */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }
}
