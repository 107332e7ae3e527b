package io.github.livy4j.observe;

/**
 * What an observer set up on a thread around a piece of the client's work, such as an
 * OpenTelemetry {@code Context} made current or MDC entries put: the client closes it on the
 * same thread as soon as that piece of work is done. Closing must not throw.
 *
 * @see ExchangeObserver#sending()
 * @see OperationObserver#resumed()
 */
@FunctionalInterface
public interface ObserverScope extends AutoCloseable {

  /** Sets up nothing. */
  ObserverScope NONE = () -> {};

  /** Undoes what the observer set up, on the thread that set it up. */
  @Override
  void close();
}
