package io.github.livy4j.micrometer;

import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyOperation;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The context of one HTTP attempt's observation ({@code livy4j.client.requests}): a
 * {@link RequestReplySenderContext} whose carrier adds headers to the request, so that a tracing
 * handler's propagator injects {@code traceparent} or {@code b3}, and whose response is the
 * attempt's {@link HttpResult}. Only {@link LivyObservations} makes them.
 *
 * <p>Headers the client sets itself ({@code Authorization}, {@code User-Agent}, ...) and those
 * the JDK restricts are not added.
 */
public final class LivyRequestContext
    extends RequestReplySenderContext<BiConsumer<String, String>, HttpResult> {
  private final HttpExchange exchange;
  private final LivyOperation operation;
  private final String client;

  LivyRequestContext(
      BiConsumer<String, String> headers,
      HttpExchange exchange,
      LivyOperation operation,
      String client) {
    super(LivyRequestContext::addHeader);
    setCarrier(Objects.requireNonNull(headers, "headers"));
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.client = client;
    setRemoteServiceName("livy");
    setRemoteServiceAddress(exchange.url().getScheme() + "://" + exchange.url().getRawAuthority());
  }

  private static void addHeader(BiConsumer<String, String> headers, String name, String value) {
    if (headers == null) {
      return;
    }
    try {
      headers.accept(name, value);
    } catch (IllegalArgumentException refused) {
      // a header the client sets itself or the JDK restricts: the request goes without it
    }
  }

  /** @return the attempt */
  public HttpExchange exchange() {
    return exchange;
  }

  /** @return the operation it belongs to */
  public LivyOperation operation() {
    return operation;
  }

  /** @return the client's name, when {@link LivyObservations.Builder#client} gave one */
  public Optional<String> client() {
    return Optional.ofNullable(client);
  }

  /** @return how the attempt ended, once it has ({@link #getResponse()}) */
  public Optional<HttpResult> result() {
    return Optional.ofNullable(getResponse());
  }
}
