package io.github.livy4j.internal.polling;

import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A remote operation as the poller sees it.
 *
 * @param <T> the result type
 */
public interface Pollable<T> {

  /** @return what is awaited, for messages, such as {@code "statement 3 in session 0 to finish"} */
  String description();

  /**
   * Looks at the operation once.
   *
   * @param scope the deadline and operation of the look's requests
   * @return what it found
   */
  Polled<T> look(CallScope scope);

  /**
   * Looks at the operation once without holding a thread while its requests are in flight.
   * The default looks on the calling thread.
   *
   * @param scope the deadline and operation of the look's requests, and of what is chained on
   *     their answers
   * @return what it found, once it looked
   */
  default CompletableFuture<Polled<T>> lookAsync(CallScope scope) {
    return Futures.call(() -> look(scope));
  }

  /**
   * The longest the poller may wait before looking again, when something is due sooner than
   * the schedule says (a session's time to live ending under a statement); {@code null} when
   * nothing is.
   *
   * @return the longest delay, or {@code null}
   */
  default Duration longestDelay() {
    return null;
  }

  /**
   * Cancels the remote operation.
   *
   * @param scope the operation the cancel's requests belong to
   */
  void cancel(CallScope scope);

  /**
   * Called once when a wait gives up on the operation (timeout, failure, interrupt); a
   * session start deletes its session here.
   *
   * @param reason why
   */
  default void abandon(Throwable reason) {}

  /**
   * The remote clean-up an abandoned operation started, which runs off the waiting thread: a
   * blocking wait lets it finish while the wait's own deadline has time left, so that a
   * responsive server has done it when the caller gets the exception; an asynchronous wait never
   * waits for it.
   *
   * @return completes when the clean-up has ended; done at once when there is none
   */
  default CompletableFuture<Void> cleanup() {
    return CompletableFuture.completedFuture(null);
  }

  /** Called once when a wait is interrupted, before it throws. */
  default void interrupted() {}
}
