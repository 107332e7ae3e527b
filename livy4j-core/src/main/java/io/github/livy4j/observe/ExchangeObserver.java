package io.github.livy4j.observe;

/**
 * Watches one HTTP attempt: may set up its context while it is sent, and is told once how it
 * ended.
 *
 * <p>An attempt may end on another thread than the one it started on: an asynchronous call's
 * answer is handled on one of the client's threads. An observer that keeps state per attempt
 * keeps it in this object, not in a thread-local.
 */
@FunctionalInterface
public interface ExchangeObserver {

  /** Watches nothing. */
  ExchangeObserver NONE = result -> {};

  /**
   * The attempt is being handed to the JDK {@code HttpClient}, on this thread: what this returns
   * stays open while the client calls {@code HttpClient.send} (until the answer's headers are in)
   * or {@code HttpClient.sendAsync} (until the request is handed over), and is closed on this
   * thread right after. Make the attempt's span current here, so that an instrumentation of the
   * JDK client (the OpenTelemetry Java agent's) sees it as the parent and adds no span of its own.
   *
   * @return what to close after the send, or {@link ObserverScope#NONE}
   */
  default ObserverScope sending() {
    return ObserverScope.NONE;
  }

  /**
   * The attempt ended: answered, or failed without a usable answer. This may run on another
   * thread than {@link OperationObserver#exchangeStarted} did.
   *
   * @param result how it ended and what the client does next
   */
  void ended(HttpResult result);
}
