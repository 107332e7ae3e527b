package io.github.livy4j.internal.polling;

import io.github.livy4j.polling.Sleeper;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * How a client keeps time for what it does later: the waits of its asynchronous calls, their
 * deadlines and the tick of its sessions' lifetimes. There are two ways, chosen once per client
 * by {@link #of} from {@link Sleeper#waitsRealTime()}: on real time, a timer of the client's own
 * ({@link RealTimekeeper}); on any other time, such as a virtual clock, the sleeper itself
 * ({@link SleeperTimekeeper}). Whoever uses a timekeeper never asks which one it has.
 */
interface Timekeeper extends AutoCloseable {

  /**
   * Picks the timekeeper for a sleeper: the only place that looks at what kind of time the
   * sleeper keeps.
   *
   * @param sleeper the client's sleeper
   * @param workers where the tasks run once their time has come
   * @return a timer of its own if the sleeper waits real time; the sleeper's time otherwise
   */
  static Timekeeper of(Sleeper sleeper, Executor workers) {
    return sleeper.waitsRealTime()
        ? new RealTimekeeper(workers)
        : new SleeperTimekeeper(sleeper, workers);
  }

  /**
   * Runs a task on a worker after a delay.
   *
   * @param task the task
   * @param delay the delay
   * @param onInterrupt runs instead of the task if the wait is cut short (its thread
   *     interrupted, or the workers closed while it waited)
   * @throws RejectedExecutionException if the timekeeper or the workers are closed
   */
  void after(Runnable task, Duration delay, Runnable onInterrupt);

  /**
   * Runs a task at a moment of real time, if this timekeeper keeps real time; otherwise the
   * task never runs (what is due at a moment of virtual time is looked at as that time moves).
   * The task runs on the timer's thread, so it should only hand work on.
   *
   * @param task a short task
   * @param delay how long from now
   * @return cancels the task; harmless once it ran, or if it never will
   */
  Runnable at(Runnable task, Duration delay);

  /**
   * Runs a task each time the time moves on: on real time every {@code period} on a worker, one
   * run at a time, until this timekeeper or the workers are closed; on virtual time each time
   * the sleeper reports that its time moved, on the thread that moved it.
   *
   * @param tick a task that does what fell due
   * @param period how often on real time
   */
  default void everyTick(Runnable tick, Duration period) {
    everyTick(tick, period, () -> false);
  }

  /**
   * Runs a task each time the time moves on, as {@link #everyTick(Runnable, Duration)} does,
   * until {@code stopped} says so: on real time no further tick is timed once it does, so that
   * what ticks for something closed holds nothing.
   *
   * @param tick a task that does what fell due
   * @param period how often on real time
   * @param stopped whether the ticks are over, asked before each
   */
  void everyTick(Runnable tick, Duration period, java.util.function.BooleanSupplier stopped);

  /** Stops timing: nothing timed runs any more, and a closed timer's thread has ended. */
  @Override
  void close();
}
