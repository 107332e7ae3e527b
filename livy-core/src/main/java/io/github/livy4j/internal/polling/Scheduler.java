package io.github.livy4j.internal.polling;

import io.github.livy4j.polling.Sleeper;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the asynchronous driver's polls: after a delay, on one of a fixed number of worker
 * threads ({@link #WORKERS}; a poll blocks on HTTP only while its request is in flight). A
 * pending wait holds no thread: with the real sleeper, delays are timed by one scheduled
 * executor; with an injected sleeper (a virtual clock), the worker sleeps through it, so
 * virtual time drives both drivers.
 */
public final class Scheduler implements AutoCloseable {
  /** How many polls may be in flight at once: a few per core. */
  public static final int WORKERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Sleeper sleeper;

  /**
   * Creates the scheduler.
   *
   * @param sleeper the client's sleeper
   */
  public Scheduler(Sleeper sleeper) {
    this.sleeper = sleeper;
    this.workers = Executors.newFixedThreadPool(WORKERS, threads("livy4j-worker-"));
    this.timer = sleeper == Sleeper.system()
        ? Executors.newSingleThreadScheduledExecutor(threads("livy4j-timer-")) : null;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Runs a task on a worker now.
   *
   * @param task the task
   * @throws RejectedExecutionException if the scheduler is closed
   */
  public void execute(Runnable task) {
    workers.execute(task);
  }

  /**
   * Runs a task on a worker after a delay.
   *
   * @param task the task
   * @param delay the delay
   * @param onInterrupt runs instead of the task if the wait is interrupted
   * @throws RejectedExecutionException if the scheduler is closed
   */
  public void schedule(Runnable task, Duration delay, Runnable onInterrupt) {
    if (timer != null) {
      timer.schedule(() -> {
        try {
          workers.execute(task);
        } catch (RejectedExecutionException e) {
          onInterrupt.run();
        }
      }, delay.toNanos(), TimeUnit.NANOSECONDS);
    } else {
      workers.execute(() -> {
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
  }

  /** Stops the threads and waits a moment for them to end, so that none outlives close. */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    workers.shutdownNow();
    awaitEnd(workers);
    if (timer != null) {
      awaitEnd(timer);
    }
  }

  /**
   * Waits up to a second for a stopped pool's threads to end, unless the caller is one of
   * livy4j's own threads (which would wait for itself).
   *
   * @param pool the pool, already shut down
   */
  public static void awaitEnd(ExecutorService pool) {
    if (Thread.currentThread().getName().startsWith("livy4j-")) {
      return;
    }
    try {
      pool.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
