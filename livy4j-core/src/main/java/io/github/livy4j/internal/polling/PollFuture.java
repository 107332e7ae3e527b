package io.github.livy4j.internal.polling;

import io.github.livy4j.LivyException;
import io.github.livy4j.internal.http.CallScope;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The future of an asynchronous wait: cancelling it cancels the remote operation, as
 * cancelling a blocking wait's poller does.
 *
 * @param <T> the result type
 */
final class PollFuture<T> extends CompletableFuture<T> {
  // logged under the poller's name, the one users configure
  private static final Logger LOG = LoggerFactory.getLogger(DefaultPoller.class);

  private final Pollable<T> op;
  private final CallScope scope;

  /**
   * Creates the future of a wait on an operation.
   *
   * @param op the operation to cancel with the future
   * @param scope the scope of the cancel's requests
   */
  PollFuture(Pollable<T> op, CallScope scope) {
    this.op = op;
    this.scope = scope;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      try {
        op.cancel(scope);
      } catch (LivyException e) {
        LOG.warn("Could not cancel {} remotely: {}", op.description(), e.getMessage());
      }
    }
    return cancelled;
  }
}
