package io.github.livy4j.opentelemetry;

import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.observe.OperationObserver;
import io.github.livy4j.opentelemetry.internal.HttpAttempt;
import io.github.livy4j.opentelemetry.internal.HttpInstrumenters;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * OpenTelemetry tracing and HTTP metrics for a livy4j client: register with
 * {@link io.github.livy4j.LivyClient.Builder#observer(io.github.livy4j.observe.LivyObserver)}.
 *
 * <pre>{@code
 * LivyClient client = LivyClient.builder()
 *     .backend(ApacheLivy.at(uri))
 *     .observer(LivyTracing.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>Each operation (creating a session, running a statement, ...) is an {@code INTERNAL} span
 * named {@code livy4j <operation>}, such as {@code livy4j statement.run}, a child of the span
 * current on the thread that started it. It carries {@code livy4j.backend},
 * {@code livy4j.operation}, {@code livy4j.session.id}, {@code livy4j.statement.id} or
 * {@code livy4j.batch.id}, {@code livy4j.code.kind}, {@code livy4j.background} for the
 * client's own work, and an event {@code livy4j.state} ({@code livy4j.state.from},
 * {@code livy4j.state.to}) per state it passes through; a failure is recorded on it with status
 * {@code ERROR} and {@code error.type}. Code text goes on the span ({@code livy4j.code}) only
 * when the client was built with {@code observeCodeText(true)}. While livy4j works on the
 * operation on its own threads (an asynchronous answer, a retry after its pause, a look of a
 * wait), the operation span is current there, so callbacks and logs see the trace.
 *
 * <p>Each HTTP attempt inside it (each retry too) is a child span of kind {@code CLIENT} named
 * {@code {method} {url.template}}, built with OpenTelemetry's instrumentation API after the
 * HTTP client conventions ({@code http.request.method}, {@code url.full},
 * {@code url.template}, {@code server.address}, {@code server.port},
 * {@code http.response.status_code}, {@code http.request.resend_count}, {@code error.type}).
 * The request carries that span's context in the propagator's headers (W3C
 * {@code traceparent} by default), and the span is current while the JDK client sends the
 * request, so that the OpenTelemetry Java agent's (or the library's) instrumentation of the JDK
 * {@code HttpClient} sees an HTTP client span and adds no second one. Every attempt is also
 * recorded in the {@code http.client.request.duration} histogram of the OpenTelemetry
 * instance's meter provider.
 *
 * <p>The looks of a wait (reading a statement, session or batch again until its state
 * changes: a statement that runs 30 minutes is looked at several hundred times) are by default
 * not spans but events {@code livy4j.poll} on the operation span, with
 * {@code http.response.status_code}, {@code http.request.resend_count} when resent,
 * {@code error.type} when failed, and {@code livy4j.poll.duration} in seconds; their requests
 * carry the operation span's context, and an instrumentation of the JDK client adds no span for
 * them either. {@link Builder#pollsAsSpans(boolean) pollsAsSpans(true)} makes them
 * {@code CLIENT} spans like the other attempts.
 *
 * <p>The instrumentation scope is {@value #INSTRUMENTATION_NAME}, with livy4j's version and
 * the schema URL of the semantic conventions the attributes follow.
 */
public final class LivyTracing implements LivyObserver {
  /** The instrumentation scope's name. */
  public static final String INSTRUMENTATION_NAME = "io.github.livy4j";

  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("livy4j.backend");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("livy4j.operation");
  static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("livy4j.session.id");
  static final AttributeKey<String> STATEMENT_ID = AttributeKey.stringKey("livy4j.statement.id");
  static final AttributeKey<String> BATCH_ID = AttributeKey.stringKey("livy4j.batch.id");
  static final AttributeKey<String> CODE_KIND = AttributeKey.stringKey("livy4j.code.kind");
  static final AttributeKey<String> CODE = AttributeKey.stringKey("livy4j.code");
  static final AttributeKey<Boolean> BACKGROUND = AttributeKey.booleanKey("livy4j.background");
  static final AttributeKey<String> STATE_FROM = AttributeKey.stringKey("livy4j.state.from");
  static final AttributeKey<String> STATE_TO = AttributeKey.stringKey("livy4j.state.to");
  static final AttributeKey<Double> POLL_DURATION = AttributeKey.doubleKey("livy4j.poll.duration");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** The operation span's event per state. */
  static final String STATE_EVENT = "livy4j.state";

  /** The operation span's event per look of a wait, when looks are not spans. */
  static final String POLL_EVENT = "livy4j.poll";

  private final Tracer tracer;
  private final Instrumenter<HttpAttempt, HttpResult> attempts;
  private final Instrumenter<HttpAttempt, HttpResult> polls;
  private final boolean pollsAsSpans;

  private LivyTracing(Builder b) {
    String version = b.version;
    TracerBuilder tb =
        b.openTelemetry
            .getTracerProvider()
            .tracerBuilder(INSTRUMENTATION_NAME)
            .setSchemaUrl(HttpInstrumenters.SCHEMA_URL);
    if (version != null) {
      tb.setInstrumentationVersion(version);
    }
    this.tracer = tb.build();
    this.attempts = HttpInstrumenters.spans(b.openTelemetry, INSTRUMENTATION_NAME, version);
    this.polls = HttpInstrumenters.withoutSpans(b.openTelemetry, INSTRUMENTATION_NAME, version);
    this.pollsAsSpans = b.pollsAsSpans;
  }

  /**
   * Tracing with an OpenTelemetry instance's tracer, meter and propagators, the looks of a wait
   * recorded as events.
   *
   * @param openTelemetry the instance, such as {@code GlobalOpenTelemetry.get()}
   * @return the observer
   */
  public static LivyTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Starts tracing with an OpenTelemetry instance's tracer, meter and propagators.
   *
   * @param openTelemetry the instance, such as {@code GlobalOpenTelemetry.get()}
   * @return a builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** Builds a {@link LivyTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean pollsAsSpans;
    private String version = HttpInstrumenters.version();

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Whether each look of a wait is a {@code CLIENT} span of its own rather than an event
     * {@code livy4j.poll} on the operation span. Off by default: a statement that runs for 30
     * minutes is looked at several hundred times.
     *
     * @param pollsAsSpans {@code true} for a span per look
     * @return this builder
     */
    public Builder pollsAsSpans(boolean pollsAsSpans) {
      this.pollsAsSpans = pollsAsSpans;
      return this;
    }

    /** For tests: the instrumentation scope's version, as a packaged jar reads it. */
    Builder instrumentationVersion(String version) {
      this.version = version;
      return this;
    }

    /** @return the observer */
    public LivyTracing build() {
      return new LivyTracing(this);
    }
  }

  @Override
  public OperationObserver operationStarted(LivyOperation operation) {
    var b =
        tracer
            .spanBuilder("livy4j " + operation.name())
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

  private static ObserverScope scope(Context context) {
    Scope s = context.makeCurrent();
    return s::close;
  }

  /** One operation's span. */
  private final class OperationSpan implements OperationObserver {
    private final LivyOperation op;
    private final Span span;
    private final Context context;

    /** The context the operation was called in: what the caller's dependent actions see. */
    private final Context caller = Context.current();

    private volatile boolean over;

    OperationSpan(LivyOperation op, Span span) {
      this.op = op;
      this.span = span;
      this.context = Context.current().with(span);
    }

    @Override
    public ObserverScope resumed() {
      // once the operation has ended, what runs is the caller's dependent action: in the
      // caller's context, not under the operation's ended span
      return scope(over ? caller : context);
    }

    @Override
    public ExchangeObserver exchangeStarted(
        HttpExchange exchange, BiConsumer<String, String> headers) {
      boolean event = exchange.poll() && !pollsAsSpans;
      Instrumenter<HttpAttempt, HttpResult> instrumenter = event ? polls : attempts;
      HttpAttempt attempt = new HttpAttempt(exchange, headers);
      if (!instrumenter.shouldStart(context, attempt)) {
        // an HTTP client span is current already: it is the parent the server should see
        return ExchangeObserver.NONE;
      }
      Context started = instrumenter.start(context, attempt);
      return new ExchangeObserver() {
        @Override
        public ObserverScope sending() {
          return scope(started);
        }

        @Override
        public void ended(HttpResult result) {
          instrumenter.end(started, attempt, result, HttpInstrumenters.error(result));
          if (event) {
            span.addEvent(POLL_EVENT, pollAttributes(exchange, result));
          }
        }
      };
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
          STATE_EVENT,
          from == null
              ? Attributes.of(STATE_TO, to)
              : Attributes.of(STATE_FROM, from, STATE_TO, to));
    }

    @Override
    public void ended(Throwable failure) {
      over = true;
      if (failure != null) {
        span.recordException(failure);
        span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
      }
      span.end();
    }
  }

  private static Attributes pollAttributes(HttpExchange exchange, HttpResult result) {
    AttributesBuilder a = Attributes.builder();
    result.status().ifPresent(s -> a.put(STATUS, (long) s));
    if (exchange.attempt() > 1) {
      a.put(RESEND_COUNT, (long) exchange.attempt() - 1);
    }
    int status = result.status().orElse(0);
    if (status >= 400) {
      a.put(ERROR_TYPE, Integer.toString(status));
    } else if (status == 0) {
      a.put(ERROR_TYPE, result.failure().map(f -> f.getClass().getName()).orElse("_OTHER"));
    }
    a.put(POLL_DURATION, result.duration().toNanos() / 1e9);
    return a.build();
  }

  @Override
  public String toString() {
    return "LivyTracing[" + INSTRUMENTATION_NAME + (pollsAsSpans ? ", polls as spans" : "") + "]";
  }
}
