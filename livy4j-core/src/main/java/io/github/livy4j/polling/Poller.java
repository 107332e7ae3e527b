package io.github.livy4j.polling;

import java.time.Duration;

/**
 * A long-running remote operation: a session starting, a statement running, a batch.
 *
 * <p>Poll it yourself with {@link #poll()}, or wait with {@link #waitForCompletion()} (the
 * default deadline of the client's {@link PollingOptions}) or {@link #waitForCompletion(Duration)}.
 * Waits poll with a capped backoff with jitter and honour the server's {@code Retry-After};
 * every wait has a deadline.
 *
 * <pre>{@code
 * Poller<StatementResult> p = session.beginExecute(Code.sql("SELECT count(*) FROM big"));
 * p.addListener(r -> System.err.printf("%.0f%%%n", r.progressValue().orElse(0) * 100));
 * StatementResult result = p.waitForCompletion(Duration.ofMinutes(30));
 * }</pre>
 *
 * <p>Thread-safe. A blocked wait that is interrupted cancels the remote operation where that
 * is possible, restores the thread's interrupt flag and throws
 * {@link io.github.livy4j.LivyClientException}.
 *
 * @param <T> the result type
 */
public interface Poller<T> {

  /**
   * Observes the operation once, without waiting.
   *
   * @return the observation
   * @throws io.github.livy4j.LivyException if the server cannot be asked
   */
  PollResponse poll();

  /** @return the latest observation, without asking the server */
  PollResponse latest();

  /**
   * Waits until the operation finishes or the client's default deadline for it passes.
   *
   * @return the result
   * @throws io.github.livy4j.PollingTimeoutException if the deadline passes
   * @throws io.github.livy4j.LivyException if the operation fails
   */
  T waitForCompletion();

  /**
   * Waits until the operation finishes or the timeout passes.
   *
   * @param timeout the longest wait, positive
   * @return the result
   * @throws io.github.livy4j.PollingTimeoutException if the timeout passes; the operation keeps
   *     running remotely, cancel it with {@link #cancel()} if it should not
   * @throws io.github.livy4j.LivyException if the operation fails
   */
  T waitForCompletion(Duration timeout);

  /**
   * Returns the result, waiting for it with the client's default deadline if needed.
   *
   * @return the result
   * @throws io.github.livy4j.LivyException if the operation failed, was cancelled or timed out
   */
  T result();

  /**
   * Cancels the remote operation (a statement is cancelled, a starting session is deleted).
   * Does nothing when it has already finished.
   *
   * @throws io.github.livy4j.LivyException if the server cannot be asked
   */
  void cancel();

  /**
   * Waits without blocking, up to the operation's default deadline; see {@link
   * #waitAsync(Duration)}.
   *
   * @return the future result
   */
  java.util.concurrent.CompletableFuture<T> waitAsync();

  /**
   * Waits without holding a thread: between polls and while a poll's request is in flight no
   * thread waits. The future completes with what {@link #waitForCompletion(Duration)} would
   * return, or fails with what it would throw; at the deadline (plus a small slack) it fails
   * with {@link io.github.livy4j.PollingTimeoutException} whatever the server does. Cancelling
   * the future cancels the remote operation, as {@link #cancel()} does. Listeners are told of
   * every poll, as with a blocking wait.
   *
   * @param timeout the longest wait, from now, positive
   * @return the future result
   * @throws IllegalArgumentException at once if the timeout is not positive
   */
  java.util.concurrent.CompletableFuture<T> waitAsync(Duration timeout);

  /** @return whether the operation has finished, as of the latest observation */
  boolean isDone();

  /** @return progress from 0 to 1 as of the latest observation, when the server reports it */
  java.util.OptionalDouble progress();

  /**
   * Registers a listener for every later observation.
   *
   * @param listener the listener
   * @return this poller
   */
  Poller<T> addListener(PollListener listener);
}
