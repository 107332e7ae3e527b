package io.github.livy4j.internal.polling;

import io.github.livy4j.polling.Sleeper;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Keeps the time of a sleeper that does not wait real time, such as a virtual clock: a delay is
 * slept through the sleeper on a worker, and the tick follows the sleeper's {@link
 * Sleeper#onTimePassed}, so virtual time drives everything the client does later.
 */
final class SleeperTimekeeper implements Timekeeper {
  private final Sleeper sleeper;
  private final Executor workers;

  /**
   * Keeps the sleeper's time.
   *
   * @param sleeper the client's sleeper
   * @param workers where the delays are slept and the tasks run
   */
  SleeperTimekeeper(Sleeper sleeper, Executor workers) {
    this.sleeper = sleeper;
    this.workers = workers;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A worker sleeps the delay through the sleeper, then runs the task; if the sleep is
   * interrupted, it runs {@code onInterrupt} instead, with its interrupt flag set again.
   */
  @Override
  public void after(Runnable task, Duration delay, Runnable onInterrupt) {
    workers.execute(
        () -> {
          try {
            sleeper.sleep(delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onInterrupt.run();
            return;
          }
          task.run();
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>This time is not real time: the task never runs.
   */
  @Override
  public Runnable at(Runnable task, Duration delay) {
    return () -> {};
  }

  /**
   * {@inheritDoc}
   *
   * <p>Registers the tick with the sleeper's {@link Sleeper#onTimePassed}; the period is not
   * used.
   */
  @Override
  public void everyTick(
      Runnable tick, Duration period, java.util.function.BooleanSupplier stopped) {
    sleeper.onTimePassed(
        () -> {
          if (!stopped.getAsBoolean()) {
            tick.run();
          }
        });
  }

  /** {@inheritDoc} Holds no thread of its own: nothing to stop. */
  @Override
  public void close() {}
}
