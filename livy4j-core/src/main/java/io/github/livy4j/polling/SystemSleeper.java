package io.github.livy4j.polling;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The real sleeper. */
enum SystemSleeper implements Sleeper {
  INSTANCE;

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    // a duration of zero or less returns at once
    TimeUnit.NANOSECONDS.sleep(duration.toNanos());
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code true}: this sleeper blocks the thread for real
   */
  @Override
  public boolean waitsRealTime() {
    return true;
  }
}
