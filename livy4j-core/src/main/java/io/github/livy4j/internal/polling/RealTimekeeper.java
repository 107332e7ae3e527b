package io.github.livy4j.internal.polling;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps real time on one timer thread of the client's own, which only hands each task to a
 * worker when its time comes: a pending wait holds no thread.
 */
final class RealTimekeeper implements Timekeeper {
  private final Executor workers;
  private final ScheduledThreadPoolExecutor timer;

  /**
   * Starts the timer.
   *
   * @param workers where the tasks run once their time has come
   */
  RealTimekeeper(Executor workers) {
    this.workers = workers;
    this.timer = new ScheduledThreadPoolExecutor(1, Scheduler.threads("livy4j-timer-"));
    this.timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Times the delay on the timer; if the workers are closed when it ends, runs {@code
   * onInterrupt} instead.
   */
  @Override
  public void after(Runnable task, Duration delay, Runnable onInterrupt) {
    timer.schedule(
        () -> {
          try {
            workers.execute(task);
          } catch (RejectedExecutionException e) {
            onInterrupt.run();
          }
        },
        delay.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /** {@inheritDoc} */
  @Override
  public Runnable at(Runnable task, Duration delay) {
    try {
      ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The next tick is timed once the last one ended, so a slow tick never overlaps the next;
   * none is timed once {@code stopped} says so.
   */
  @Override
  public void everyTick(Runnable tick, Duration period, BooleanSupplier stopped) {
    if (stopped.getAsBoolean()) {
      return;
    }
    at(
        () -> {
          if (stopped.getAsBoolean()) {
            return;
          }
          try {
            workers.execute(
                () -> {
                  try {
                    tick.run();
                  } finally {
                    everyTick(tick, period, stopped);
                  }
                });
          } catch (RejectedExecutionException e) {
            // the workers are closed: no more ticks
          }
        },
        period);
  }

  /** @return how many tasks are timed and have not come yet */
  int timed() {
    return timer.getQueue().size();
  }

  /** {@inheritDoc} */
  @Override
  public void close() {
    timer.shutdownNow();
    Scheduler.awaitEnd(timer);
  }
}
