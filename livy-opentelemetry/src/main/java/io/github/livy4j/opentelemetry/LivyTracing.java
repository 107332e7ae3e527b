package io.github.livy4j.opentelemetry;

import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.OperationObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * OpenTelemetry tracing for a livy4j client: register with
 * {@link io.github.livy4j.LivyClient.Builder#observer(io.github.livy4j.observe.LivyObserver)}.
 *
 * <pre>{@code
 * LivyClient client = LivyClient.builder()
 *     .backend(ApacheLivy.at(uri))
 *     .observer(LivyTracing.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>Each operation (creating a session, running a statement, ...) is a span named
 * {@code livy <operation>}, such as {@code livy statement.run}, a child of the span current
 * on the thread that started it. Each HTTP attempt inside it is a child span of kind
 * {@code CLIENT} after OpenTelemetry's HTTP client conventions ({@code http.request.method},
 * {@code url.full}, {@code url.template}, {@code server.address}, {@code server.port},
 * {@code http.response.status_code}, {@code http.request.resend_count}, {@code error.type}),
 * and the request carries that span's context in the propagator's headers (W3C
 * {@code traceparent} by default). The operation span carries {@code livy.backend},
 * {@code livy.session.id}, {@code livy.statement.id} or {@code livy.batch.id}, and an event
 * {@code livy.state} per state it passes through; a failure is recorded on it with status
 * {@code ERROR}. Code text goes on the span ({@code livy.code}) only when the client was built
 * with {@code observeCodeText(true)}.
 */
public final class LivyTracing implements LivyObserver {
  /** The instrumentation scope's name. */
  public static final String INSTRUMENTATION_NAME = "io.github.livy4j";

  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("livy.backend");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("livy.operation");
  static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("livy.session.id");
  static final AttributeKey<String> STATEMENT_ID = AttributeKey.stringKey("livy.statement.id");
  static final AttributeKey<String> BATCH_ID = AttributeKey.stringKey("livy.batch.id");
  static final AttributeKey<String> CODE_KIND = AttributeKey.stringKey("livy.code.kind");
  static final AttributeKey<String> CODE = AttributeKey.stringKey("livy.code");
  static final AttributeKey<Boolean> BACKGROUND = AttributeKey.booleanKey("livy.background");
  static final AttributeKey<String> STATE_FROM = AttributeKey.stringKey("livy.state.from");
  static final AttributeKey<String> STATE_TO = AttributeKey.stringKey("livy.state.to");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final TextMapSetter<BiConsumer<String, String>> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.accept(key, value);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private LivyTracing(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Tracing with an OpenTelemetry instance's tracer and propagators.
   *
   * @param openTelemetry the instance, such as {@code GlobalOpenTelemetry.get()}
   * @return the observer
   */
  public static LivyTracing create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    String version = LivyTracing.class.getPackage().getImplementationVersion();
    Tracer tracer =
        version == null
            ? openTelemetry.getTracer(INSTRUMENTATION_NAME)
            : openTelemetry.getTracer(INSTRUMENTATION_NAME, version);
    return new LivyTracing(tracer, openTelemetry.getPropagators().getTextMapPropagator());
  }

  @Override
  public OperationObserver operationStarted(LivyOperation operation) {
    var b =
        tracer
            .spanBuilder("livy " + operation.name())
            .setParent(Context.current())
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(BACKEND, operation.backend())
            .setAttribute(OPERATION, operation.name());
    operation.session().ifPresent(s -> b.setAttribute(SESSION_ID, s.value()));
    operation.codeKind().ifPresent(k -> b.setAttribute(CODE_KIND, k));
    operation.code().ifPresent(c -> b.setAttribute(CODE, c));
    if (operation.background()) {
      b.setAttribute(BACKGROUND, true);
    }
    return new OperationSpan(operation, b.startSpan());
  }

  /** One operation's span. */
  private final class OperationSpan implements OperationObserver {
    private final LivyOperation op;
    private final Span span;
    private final Context context;

    OperationSpan(LivyOperation op, Span span) {
      this.op = op;
      this.span = span;
      this.context = Context.current().with(span);
    }

    @Override
    public ExchangeObserver exchangeStarted(
        HttpExchange exchange, BiConsumer<String, String> headers) {
      URI url = exchange.url();
      var b =
          tracer
              .spanBuilder(exchange.method() + " " + exchange.urlTemplate())
              .setParent(context)
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute(METHOD, exchange.method())
              .setAttribute(URL_FULL, url.toString())
              .setAttribute(URL_TEMPLATE, exchange.urlTemplate());
      if (url.getHost() != null) {
        b.setAttribute(SERVER_ADDRESS, url.getHost());
        b.setAttribute(SERVER_PORT, (long) port(url));
      }
      if (exchange.attempt() > 1) {
        b.setAttribute(RESEND_COUNT, (long) exchange.attempt() - 1);
      }
      Span http = b.startSpan();
      propagator.inject(context.with(http), headers, SETTER);
      return result -> endExchange(http, result);
    }

    private void endExchange(Span http, HttpResult result) {
      int status = result.status().orElse(0);
      if (status != 0) {
        http.setAttribute(STATUS, (long) status);
      }
      if (status >= 400) {
        http.setAttribute(ERROR_TYPE, Integer.toString(status));
        http.setStatus(StatusCode.ERROR);
      } else if (status == 0) {
        Throwable f = result.failure().orElse(null);
        http.setAttribute(ERROR_TYPE, f == null ? "_OTHER" : f.getClass().getName());
        if (f != null) {
          http.recordException(f);
        }
        http.setStatus(StatusCode.ERROR);
      }
      http.end();
    }

    @Override
    public void identified(String id) {
      String name = op.name();
      span.setAttribute(
          name.startsWith("statement.")
              ? STATEMENT_ID
              : name.startsWith("batch.") ? BATCH_ID : SESSION_ID,
          id);
    }

    @Override
    public void stateChanged(String from, String to) {
      span.addEvent(
          "livy.state",
          from == null
              ? Attributes.of(STATE_TO, to)
              : Attributes.of(STATE_FROM, from, STATE_TO, to));
    }

    @Override
    public void ended(Throwable failure) {
      if (failure != null) {
        span.recordException(failure);
        span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
      }
      span.end();
    }
  }

  private static int port(URI url) {
    if (url.getPort() >= 0) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  @Override
  public String toString() {
    return "LivyTracing[" + INSTRUMENTATION_NAME + "]";
  }
}
