package io.github.livy4j.internal.client;

import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.Poller;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;

/**
 * A poller that adds ids and accessors to the shared {@link DefaultPoller} and forwards the
 * rest to it.
 *
 * @param <T> the result type
 */
abstract class ForwardingPoller<T> implements Poller<T> {
  final DefaultPoller<T> poller;

  ForwardingPoller(DefaultPoller<T> poller) {
    this.poller = poller;
  }

  @Override
  public PollResponse poll() {
    return poller.poll();
  }

  @Override
  public PollResponse latest() {
    return poller.latest();
  }

  @Override
  public T waitForCompletion() {
    return poller.waitForCompletion();
  }

  @Override
  public T waitForCompletion(Duration timeout) {
    return poller.waitForCompletion(timeout);
  }

  @Override
  public T result() {
    return poller.result();
  }

  @Override
  public void cancel() {
    poller.cancel();
  }

  @Override
  public CompletableFuture<T> waitAsync() {
    return poller.waitAsync();
  }

  @Override
  public CompletableFuture<T> waitAsync(Duration timeout) {
    return poller.waitAsync(timeout);
  }

  @Override
  public boolean isDone() {
    return poller.isDone();
  }

  @Override
  public OptionalDouble progress() {
    return poller.progress();
  }
}
