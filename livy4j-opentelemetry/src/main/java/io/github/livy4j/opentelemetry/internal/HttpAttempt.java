package io.github.livy4j.opentelemetry.internal;

import io.github.livy4j.observe.HttpExchange;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One HTTP attempt as the instrumenter sees it: the exchange, and where the request's headers
 * (the propagation headers) go.
 */
public final class HttpAttempt {
  private final HttpExchange exchange;
  private final BiConsumer<String, String> headers;

  /**
   * An attempt.
   *
   * @param exchange what the client tells of it
   * @param headers adds a header to its request
   */
  public HttpAttempt(HttpExchange exchange, BiConsumer<String, String> headers) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.headers = Objects.requireNonNull(headers, "headers");
  }

  /** @return what the client tells of the attempt */
  public HttpExchange exchange() {
    return exchange;
  }

  void header(String name, String value) {
    headers.accept(name, value);
  }

  @Override
  public String toString() {
    return "HttpAttempt[" + exchange + "]";
  }
}
