package io.github.livy4j.internal.polling;

import io.github.livy4j.internal.http.HttpTransport;
import io.github.livy4j.polling.Sleeper;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the asynchronous driver's polls: after a delay, on one of a fixed number of worker
 * threads ({@link #WORKERS}). Polls send their requests asynchronously, so a request in flight
 * holds no thread, and a pending wait holds none either: with the real sleeper, delays are
 * timed by one scheduled executor; with an injected sleeper (a virtual clock), the worker
 * sleeps through it, so virtual time drives both drivers. The futures handed to users are
 * completed on a separate pool ({@link #complete}), so that a caller's dependent action that
 * blocks cannot stall the polling of everything else.
 */
public final class Scheduler implements AutoCloseable, HttpTransport.AsyncRunner {
  /** How many workers run polls' short steps: a couple per core. */
  public static final int WORKERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  /**
   * How many threads complete the futures handed to callers: a dependent action that blocks
   * delays other completions, never the polling.
   */
  public static final int CALLBACKS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final ExecutorService workers;
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService callbacks;
  private final Sleeper sleeper;

  /**
   * Creates the scheduler.
   *
   * @param sleeper the client's sleeper
   */
  public Scheduler(Sleeper sleeper) {
    this.sleeper = sleeper;
    this.workers = Executors.newFixedThreadPool(WORKERS, threads("livy4j-worker-"));
    if (sleeper == Sleeper.system()) {
      this.timer = new ScheduledThreadPoolExecutor(1, threads("livy4j-timer-"));
      this.timer.setRemoveOnCancelPolicy(true);
    } else {
      this.timer = null;
    }
    this.callbacks = pool(CALLBACKS, "livy4j-callback-");
  }

  /**
   * A fixed pool of at most {@code size} threads whose idle threads end after a while: what
   * the client's short tasks run on.
   *
   * @param size the most threads
   * @param prefix the threads' name prefix
   * @return the pool
   */
  public static ExecutorService pool(int size, String prefix) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Completes a future handed to a user on the callback pool, or on this thread once the
   * scheduler is closed.
   *
   * @param <T> the result type
   * @param future the future
   * @param value the result, if {@code failure} is {@code null}
   * @param failure the failure, or {@code null}
   */
  public <T> void complete(CompletableFuture<T> future, T value, Throwable failure) {
    Runnable done =
        failure == null
            ? () -> future.complete(value)
            : () -> future.completeExceptionally(failure);
    try {
      callbacks.execute(done);
    } catch (RejectedExecutionException e) {
      done.run();
    }
  }

  /**
   * Runs a task at a moment of real time, when this scheduler keeps real time (with an
   * injected sleeper it does not, and the task never runs).
   *
   * @param task the task
   * @param delay how long from now
   * @return cancels the task
   */
  public Runnable at(Runnable task, Duration delay) {
    if (timer == null) {
      return () -> {};
    }
    try {
      ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  static ThreadFactory threads(String prefix) {
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
  @Override
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
  @Override
  public void schedule(Runnable task, Duration delay, Runnable onInterrupt) {
    if (timer != null) {
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
    } else {
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
  }

  /** Stops the threads and waits a moment for them to end, so that none outlives close. */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    workers.shutdownNow();
    callbacks.shutdown();
    awaitEnd(workers);
    if (timer != null) {
      awaitEnd(timer);
    }
    awaitEnd(callbacks);
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
