package io.github.livy4j.observe;

/** Watches one HTTP attempt: told once how it ended. */
@FunctionalInterface
public interface ExchangeObserver {

  /** Watches nothing. */
  ExchangeObserver NONE = result -> {};

  /**
   * The attempt ended: answered, or failed without a usable answer.
   *
   * @param result how it ended and what the client does next
   */
  void ended(HttpResult result);
}
