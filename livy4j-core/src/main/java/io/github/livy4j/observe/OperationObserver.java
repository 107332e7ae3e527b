package io.github.livy4j.observe;

import java.util.function.BiConsumer;

/**
 * Watches one operation, from {@link LivyObserver#operationStarted} to {@link #ended}. Methods
 * (and those of the {@link ExchangeObserver}s it returns) may run on any of the client's
 * threads, one after the other for one operation (never at the same time), and never while the
 * client holds a monitor: an observer may block briefly without pinning a virtual thread.
 */
public interface OperationObserver {

  /** Watches nothing. */
  OperationObserver NONE = new OperationObserver() {};

  /**
   * One HTTP attempt of the operation is about to be sent: each retry and each replay with a new
   * token is an attempt of its own.
   *
   * @param exchange the attempt
   * @param headers adds a header to the request, such as W3C {@code traceparent}; headers the
   *     client sets itself ({@code Authorization}, {@code User-Agent}, {@code Accept},
   *     {@code Content-Type}) and those the JDK restricts are refused with an
   *     {@link IllegalArgumentException}
   * @return the observer of this attempt, or {@link ExchangeObserver#NONE}
   */
  default ExchangeObserver exchangeStarted(
      HttpExchange exchange, BiConsumer<String, String> headers) {
    return ExchangeObserver.NONE;
  }

  /**
   * The client goes on with the operation on one of its own threads: it handles an answer,
   * takes up a retry after its pause, looks again at what the operation waits for, or completes
   * the future it handed the caller (then perhaps after {@link #ended}, so that the caller's
   * dependent actions run inside). What this returns is closed on the same thread when that
   * piece of work is done, so an observer can put the caller's MDC entries or trace context on
   * the client's threads for that time; the caller's own thread has them already. Called after
   * {@link #ended}, it is the caller's dependent actions that run: a tracer then makes the
   * caller's context current, not the ended operation's.
   *
   * @return what to close when the piece of work is done, or {@link ObserverScope#NONE}
   */
  default ObserverScope resumed() {
    return ObserverScope.NONE;
  }

  /**
   * The server named what the operation created: the session's id for a session created, the
   * statement's for a statement submitted, the batch's for a batch submitted.
   *
   * @param id the server's id
   */
  default void identified(String id) {}

  /**
   * What the operation waits for was seen in a new state, by its wire name: a statement going
   * from {@code waiting} to {@code running} to {@code available}, a session from
   * {@code starting} to {@code idle}, a batch from {@code running} to {@code success}.
   *
   * @param from the state before, or {@code null} for the state the server answered the create
   *     or submit with (where the operation begins)
   * @param to the state now
   */
  default void stateChanged(String from, String to) {}

  /**
   * The operation ended; called once. An operation the caller walks away from (a statement
   * begun and never waited for) may not end before its client closes.
   *
   * @param failure what it failed with, or {@code null} when it succeeded
   */
  default void ended(Throwable failure) {}
}
