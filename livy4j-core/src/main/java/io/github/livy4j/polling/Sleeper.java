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
   * (and the system sleeper) never calls it. The client registers a task here only when this
   * sleeper does not {@linkplain #waitsRealTime wait real time}: on real time it keeps its own
   * timer instead.
   *
   * @param task a short task
   */
  default void onTimePassed(Runnable task) {}

  /**
   * Whether {@link #sleep} waits real time, as the system clock measures it. The client reads
   * this once, when it starts its threads, and picks how it keeps time:
   *
   * <ul>
   *   <li>on real time ({@code true}), the client times its asynchronous waits, the deadlines of
   *       its asynchronous calls and the lifetime of its sessions (time to live, idle timeout,
   *       keep-alive, looked at every second) on its own timer, holding no thread while it
   *       waits; it then calls {@link #sleep} only to pause a thread that waits anyway (a
   *       blocking call), and never registers with {@link #onTimePassed};
   *   <li>otherwise (the default, for a virtual clock), every wait goes through {@link #sleep},
   *       on one of the client's threads when the call is asynchronous, so what the client does
   *       at a moment follows this sleeper's time: the deadline of an asynchronous call is
   *       checked between its waits, and the lifetime of its sessions each time this sleeper
   *       reports through {@link #onTimePassed}.
   * </ul>
   *
   * <p>The {@linkplain #system() system sleeper} waits real time. A sleeper that wraps it (to
   * log or count the waits) and still waits for real should return {@code true} too, so that
   * the client keeps its own timer.
   *
   * @return {@code true} if {@link #sleep} waits real time; {@code false} by default
   */
  default boolean waitsRealTime() {
    return false;
  }

  /** @return the sleeper that blocks the calling thread for real */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }
}
