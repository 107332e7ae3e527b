package io.github.livy4j.internal.http;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that ends requests whose time is up, for every transport of an engine: the
 * JDK's own timeout stops once the headers have come, so an answer hanging mid-body would
 * otherwise wait forever. Its thread starts on demand and ends when idle.
 */
public final class Watchdog implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;

  /** Creates the watchdog; its thread starts with the first request. */
  public Watchdog() {
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "livy4j-http-timeout");
              t.setDaemon(true);
              return t;
            });
    this.timer.setRemoveOnCancelPolicy(true);
    this.timer.setKeepAliveTime(10, TimeUnit.SECONDS);
    this.timer.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs a short task after a delay (not at all once closed).
   *
   * @param task the task
   * @param delay the delay
   * @return cancels the task
   */
  Runnable schedule(Runnable task, Duration delay) {
    try {
      ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  /** Ends the thread; nothing more is timed. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
