package io.github.livy4j.opentelemetry.internal;

import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientAttributesGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientMetrics;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanStatusExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Properties;

/**
 * Builds the instrumenters of livy4j's HTTP attempts with OpenTelemetry's instrumentation API:
 * a {@code CLIENT} span per attempt after the HTTP client semantic conventions, the
 * {@code http.client.request.duration} metric, and the propagation headers on the request.
 * Because the span is started through the instrumentation API, it is kept in the context as
 * the HTTP client span, and an instrumentation of the JDK {@code HttpClient} built on the same
 * API (the Java agent's, or the library's) adds no span of its own while it is current.
 */
public final class HttpInstrumenters {
  /**
   * The semantic conventions the attributes follow: those the instrumentation API's HTTP client
   * extractor is built on (its opentelemetry-semconv dependency).
   */
  public static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.43.0";

  static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");

  private static final TextMapSetter<HttpAttempt> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.header(key, value);
        }
      };

  private HttpInstrumenters() {}

  /**
   * The instrumenter of the attempts that are spans.
   *
   * @param openTelemetry where spans, metrics and propagators come from
   * @param name the instrumentation scope's name
   * @param version the scope's version, or {@code null}
   * @return the instrumenter
   */
  public static Instrumenter<HttpAttempt, HttpResult> spans(
      OpenTelemetry openTelemetry, String name, String version) {
    return build(openTelemetry, name, version);
  }

  /**
   * The instrumenter of the attempts that are not spans (a wait's looks recorded as events): it
   * records the metric and keeps a non-recording span in the context as the HTTP client span,
   * so that an instrumentation of the JDK client still adds none, and the request carries the
   * operation span's context.
   *
   * @param openTelemetry where metrics and propagators come from
   * @param name the instrumentation scope's name
   * @param version the scope's version, or {@code null}
   * @return the instrumenter
   */
  public static Instrumenter<HttpAttempt, HttpResult> withoutSpans(
      OpenTelemetry openTelemetry, String name, String version) {
    OpenTelemetry spanless =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return TracerProvider.noop();
          }

          @Override
          public MeterProvider getMeterProvider() {
            return openTelemetry.getMeterProvider();
          }

          @Override
          public ContextPropagators getPropagators() {
            return openTelemetry.getPropagators();
          }
        };
    return build(spanless, name, version);
  }

  private static Instrumenter<HttpAttempt, HttpResult> build(
      OpenTelemetry openTelemetry, String name, String version) {
    var b =
        Instrumenter.<HttpAttempt, HttpResult>builder(
                openTelemetry, name, a -> a.exchange().method() + " " + a.exchange().urlTemplate())
            .setSchemaUrl(SCHEMA_URL)
            .setSpanStatusExtractor(HttpSpanStatusExtractor.create(Getter.INSTANCE))
            .addAttributesExtractor(HttpClientAttributesExtractor.create(Getter.INSTANCE))
            .addAttributesExtractor(new LivyAttributes())
            .addOperationMetrics(HttpClientMetrics.get());
    if (version != null) {
      b.setInstrumentationVersion(version);
    }
    return b.buildClientInstrumenter(SETTER);
  }

  /**
   * The error an attempt's span records: the failure when no answer came (an answer of 400 or
   * more is told by its status).
   *
   * @param result how the attempt ended
   * @return the error, or {@code null}
   */
  public static Throwable error(HttpResult result) {
    return result.status().isPresent() ? null : result.failure().orElse(null);
  }

  /**
   * The version of livy4j-opentelemetry: its jar's {@code Implementation-Version}, or the version
   * it was built as.
   *
   * @return the version, or {@code null} when unknown
   */
  public static String version() {
    String v = HttpInstrumenters.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    try (InputStream in = HttpInstrumenters.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      String built = p.getProperty("version");
      return built == null || built.startsWith("$") ? null : built;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads an attempt after the HTTP client conventions. */
  private enum Getter implements HttpClientAttributesGetter<HttpAttempt, HttpResult> {
    INSTANCE;

    @Override
    public String getUrlFull(HttpAttempt a) {
      return a.exchange().url().toString();
    }

    @Override
    public String getServerAddress(HttpAttempt a) {
      return a.exchange().url().getHost();
    }

    @Override
    public Integer getServerPort(HttpAttempt a) {
      URI url = a.exchange().url();
      if (url.getHost() == null) {
        return null;
      }
      if (url.getPort() >= 0) {
        return url.getPort();
      }
      return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    @Override
    public String getHttpRequestMethod(HttpAttempt a) {
      return a.exchange().method();
    }

    @Override
    public List<String> getHttpRequestHeader(HttpAttempt a, String name) {
      return List.of();
    }

    @Override
    public Integer getHttpResponseStatusCode(HttpAttempt a, HttpResult r, Throwable error) {
      return r == null || r.status().isEmpty() ? null : r.status().getAsInt();
    }

    @Override
    public List<String> getHttpResponseHeader(HttpAttempt a, HttpResult r, String name) {
      return List.of();
    }
  }

  /**
   * The attributes livy4j knows better than the generic extractor: {@code url.template}, and
   * {@code http.request.resend_count} from the attempt's number.
   */
  private static final class LivyAttributes
      implements AttributesExtractor<HttpAttempt, HttpResult> {
    @Override
    public void onStart(AttributesBuilder attributes, Context parentContext, HttpAttempt a) {
      HttpExchange e = a.exchange();
      attributes.put(URL_TEMPLATE, e.urlTemplate());
      if (e.attempt() > 1) {
        attributes.put(RESEND_COUNT, (long) e.attempt() - 1);
      }
    }

    @Override
    public void onEnd(
        AttributesBuilder attributes,
        Context context,
        HttpAttempt a,
        HttpResult result,
        Throwable error) {}
  }
}
