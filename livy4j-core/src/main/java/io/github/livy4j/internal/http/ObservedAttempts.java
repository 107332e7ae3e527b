package io.github.livy4j.internal.http;

import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.observe.ObservedTypes;
import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.internal.observe.UrlTemplates;
import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.spi.BackendRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the observers of one request are told of its attempts: each start (with the headers they
 * add), its send, its end. The composite observers of {@link ObservedOperation} isolate each
 * observer's failure, so nothing here needs to.
 */
final class ObservedAttempts {
  /** The operation the request is part of; {@code null} when nobody observes this client. */
  private final ObservedOperation op;

  /** Whether the request is a look of a wait. */
  private final boolean poll;

  private ExchangeObserver current = ExchangeObserver.NONE;
  private long started;

  /**
   * @param scope the call's scope, with its operation
   * @param observers the observers of the client sending the request
   */
  ObservedAttempts(CallScope scope, Observers observers) {
    ObservedOperation o = scope.operation();
    this.op = o != null && o.of(observers) ? o : null;
    this.poll = scope.poll();
  }

  /**
   * An attempt begins: its observers hear of it, and may add headers.
   *
   * @param request the request
   * @param attempt 1 for the first attempt
   * @return the headers the observers add
   */
  Map<String, String> begin(BackendRequest request, int attempt) {
    Map<String, String> extra = Map.of();
    if (op != null && op.active()) {
      Map<String, String> added = new LinkedHashMap<>();
      current =
          op.exchangeStarted(
              ObservedTypes.get()
                  .exchange(
                      request.method(),
                      RequestFactory.shownUrl(request.uri()),
                      UrlTemplates.of(request.uri().getRawPath()),
                      attempt,
                      request.idempotent(),
                      poll && "GET".equals(request.method())),
              (name, value) ->
                  added.put(
                      RequestFactory.checkedHeader(name), Objects.requireNonNull(value, "value")));
      extra = added;
    }
    started = System.nanoTime();
    return extra;
  }

  /** @return how long the attempt in flight has taken so far */
  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /**
   * The attempt's observers' scopes, open while the attempt is handed to the JDK client on this
   * thread.
   *
   * @return what to close right after the send
   */
  ObserverScope sending() {
    return current.sending();
  }

  /**
   * Wraps a piece of the request's work done on one of the client's threads, so that its
   * operation's observers' scopes are open while it runs.
   *
   * @param work the work
   * @return the wrapped work
   */
  Runnable resuming(Runnable work) {
    return op == null ? work : op.resuming(work);
  }

  /**
   * Tells the attempt's observers how it ended, once.
   *
   * @param status the status, or 0 without an answer
   * @param failure what the attempt failed with, or {@code null}
   * @param retryIn the pause before the request is sent again, or {@code null} when it is not
   */
  void ended(int status, Throwable failure, Duration retryIn) {
    ExchangeObserver o = current;
    if (o == ExchangeObserver.NONE) {
      return;
    }
    current = ExchangeObserver.NONE;
    o.ended(
        ObservedTypes.get()
            .result(
                status,
                elapsed(),
                failure,
                retryIn != null,
                retryIn == null ? Duration.ZERO : retryIn));
  }
}
