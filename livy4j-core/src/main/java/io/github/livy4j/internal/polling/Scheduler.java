package io.github.livy4j.internal.polling;

import io.github.livy4j.internal.http.AsyncRunner;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.polling.Sleeper;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the asynchronous driver's polls: after a delay, on one of a fixed number of worker
 * threads ({@link #WORKERS}). Polls send their requests asynchronously, so a request in flight
 * holds no thread. Delays, moments and the lifetime tick are kept by the {@link Timekeeper}
 * chosen once from the sleeper: on a sleeper that {@linkplain Sleeper#waitsRealTime waits real
 * time}, one timer thread times them and a pending wait holds no thread; on any other (a
 * virtual clock), a worker sleeps through the sleeper, so virtual time drives both drivers. The
 * futures handed to users are completed on a separate pool ({@link #complete}), so that a
 * caller's dependent action that blocks cannot stall the polling of everything else.
 */
public final class Scheduler implements AutoCloseable, AsyncRunner {
  /** How many workers run polls' short steps: a couple per core. */
  public static final int WORKERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  /**
   * How many threads complete the futures handed to callers: a dependent action that blocks
   * delays other completions, never the polling.
   */
  public static final int CALLBACKS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final ExecutorService workers;
  private final Timekeeper timekeeper;
  private final ExecutorService callbacks;
  private final ExecutorService blocking;

  /**
   * Creates the scheduler.
   *
   * @param sleeper the client's sleeper
   */
  public Scheduler(Sleeper sleeper) {
    this.workers = Executors.newFixedThreadPool(WORKERS, threads("livy4j-worker-"));
    this.timekeeper = Timekeeper.of(sleeper, workers);
    this.callbacks = pool(CALLBACKS, "livy4j-callback-");
    this.blocking = pool(CALLBACKS, "livy4j-call-");
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
    complete(future, value, failure, null);
  }

  /**
   * Completes a future handed to a user on the callback pool, or on this thread once the
   * scheduler is closed, with the operation's observers' scopes open: the caller's dependent
   * actions see what the observers set up for the operation (its trace context, the caller's
   * MDC).
   *
   * @param <T> the result type
   * @param future the future
   * @param value the result, if {@code failure} is {@code null}
   * @param failure the failure, or {@code null}
   * @param op the operation the future is the result of, or {@code null}
   */
  public <T> void complete(
      CompletableFuture<T> future, T value, Throwable failure, ObservedOperation op) {
    Runnable complete =
        failure == null
            ? () -> future.complete(value)
            : () -> future.completeExceptionally(failure);
    Runnable done = op == null ? complete : op.resuming(complete);
    try {
      callbacks.execute(done);
    } catch (RejectedExecutionException e) {
      done.run();
    }
  }

  /**
   * Runs a task at a moment of real time, when this scheduler keeps real time (on a sleeper
   * that does not wait real time it does not, and the task never runs). The task runs on the
   * timer's thread: it should only hand work on.
   *
   * @param task the task
   * @param delay how long from now
   * @return cancels the task
   */
  public Runnable at(Runnable task, Duration delay) {
    return timekeeper.at(task, delay);
  }

  /**
   * Runs a task each time the time moves on, until the scheduler is closed: on real time every
   * {@code period} on a worker, one run at a time; on a sleeper that does not wait real time,
   * each time it reports through {@link Sleeper#onTimePassed} that its time moved.
   *
   * @param tick a task that does what fell due
   * @param period how often on real time
   */
  public void everyTick(Runnable tick, Duration period) {
    timekeeper.everyTick(tick, period);
  }

  /**
   * Runs a task each time the time moves on, as {@link #everyTick(Runnable, Duration)} does,
   * until {@code stopped} says so (on real time, nothing more is timed for it then).
   *
   * @param tick a task that does what fell due
   * @param period how often on real time
   * @param stopped whether the ticks are over, asked before each
   */
  public void everyTick(
      Runnable tick, Duration period, java.util.function.BooleanSupplier stopped) {
    timekeeper.everyTick(tick, period, stopped);
  }

  /**
   * Makes livy4j's daemon threads, named {@code prefix} and a count.
   *
   * @param prefix the names' prefix
   * @return the factory
   */
  public static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Runs a task that may block (a request of a call that has no asynchronous form, a wait for
   * a session still starting) on a pool of its own, so that it never holds a worker the polls
   * need. Its threads end when idle.
   *
   * @param task the task
   * @throws RejectedExecutionException if the scheduler is closed
   */
  public void executeBlocking(Runnable task) {
    blocking.execute(task);
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
    timekeeper.after(task, delay, onInterrupt);
  }

  /** Stops the threads and waits a moment for them to end, so that none outlives close. */
  @Override
  public void close() {
    timekeeper.close();
    workers.shutdownNow();
    blocking.shutdownNow();
    callbacks.shutdown();
    awaitEnd(workers);
    awaitEnd(blocking);
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
