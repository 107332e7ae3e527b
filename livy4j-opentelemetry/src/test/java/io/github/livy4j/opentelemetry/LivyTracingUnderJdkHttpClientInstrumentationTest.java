package io.github.livy4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.javahttpclient.JavaHttpClientTelemetry;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * livy4j under OpenTelemetry's instrumentation of the JDK {@code HttpClient} (the library
 * flavour of what the Java agent does), in the same JVM: livy4j's client span is the one the
 * server sees, and the instrumentation adds none of its own.
 */
class LivyTracingUnderJdkHttpClientInstrumentationTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private VirtualTime time;
  private FakeLivy fake;

  @BeforeEach
  void start() {
    time = VirtualTime.create();
    fake =
        FakeLivy.builder()
            .time(time)
            .sessionStartup(Duration.ofSeconds(3))
            .statementDuration(Duration.ofSeconds(2))
            .start();
    fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private LivyClient client(LivyTracing tracing) {
    HttpClient instrumented =
        JavaHttpClientTelemetry.builder(OTEL.getOpenTelemetry())
            .build()
            .newHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    return LivyClient.builder()
        .backend(ApacheLivy.at(fake.uri()))
        .httpClient(instrumented)
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .polling(PollingOptions.builder().timeout(Duration.ofMinutes(2)).build())
        .observer(tracing)
        .build();
  }

  private static String traceparentOf(SpanData s) {
    return "00-" + s.getTraceId() + "-" + s.getSpanId();
  }

  private List<String> traceparentsReceived() {
    return fake.requests().stream()
        .map(r -> r.header("traceparent").orElse(""))
        .map(t -> t.length() > 3 ? t.substring(0, t.length() - 3) : t) // flags off
        .toList();
  }

  @Test
  void
      everyAttempt_retriesIncluded_isOneLivy4jClientSpan_inTheCallersTrace_andIsWhatTheServerSees() {
    fake.inject(
        Fault.on("GET", ".*/sessions/[^/]+/statements/[^/]+").respond(503, "{\"msg\":\"busy\"}"));
    Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("job").startSpan();
    try (Scope s = parent.makeCurrent();
        LivyClient client =
            client(LivyTracing.builder(OTEL.getOpenTelemetry()).pollsAsSpans(true).build());
        LivySession session = client.createSession(SessionSpec.defaults())) {
      session.execute(Code.scala("1 + 1"));
    } finally {
      parent.end();
    }
    List<SpanData> spans = OTEL.getSpans();
    SpanData job = spans.stream().filter(x -> x.getName().equals("job")).findFirst().orElseThrow();
    List<SpanData> clientSpans =
        spans.stream().filter(x -> x.getKind() == SpanKind.CLIENT).toList();

    assertThat(clientSpans)
        .as("one client span per request the server received, all livy4j's")
        .hasSize(fake.requests().size())
        .allSatisfy(
            c -> {
              assertThat(c.getInstrumentationScopeInfo().getName())
                  .isEqualTo(LivyTracing.INSTRUMENTATION_NAME);
              assertThat(c.getTraceId()).isEqualTo(job.getTraceId());
            });
    assertThat(spans).allSatisfy(x -> assertThat(x.getTraceId()).isEqualTo(job.getTraceId()));
    assertThat(clientSpans)
        .anySatisfy(c -> assertThat(c.getAttributes().get(LivyTracing.STATUS)).isEqualTo(503L))
        .anySatisfy(c -> assertThat(c.getAttributes().get(LivyTracing.RESEND_COUNT)).isEqualTo(1L));
    assertThat(
            OTEL.getMetrics().stream()
                .filter(m -> m.getName().equals("http.client.request.duration")))
        .as("the request duration, recorded once per request, by livy4j")
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getInstrumentationScopeInfo().getName())
                  .isEqualTo(LivyTracing.INSTRUMENTATION_NAME);
              assertThat(
                      m.getHistogramData().getPoints().stream().mapToLong(p -> p.getCount()).sum())
                  .isEqualTo(fake.requests().size());
            });
    assertThat(traceparentsReceived())
        .containsExactlyInAnyOrderElementsOf(
            clientSpans.stream()
                .map(LivyTracingUnderJdkHttpClientInstrumentationTest::traceparentOf)
                .toList());
  }

  @Test
  void pollsRecordedAsEvents_areNoClientSpanOfTheInstrumentationEither() {
    Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("job").startSpan();
    try (Scope s = parent.makeCurrent();
        LivyClient client = client(LivyTracing.create(OTEL.getOpenTelemetry()));
        LivySession session = client.createSession(SessionSpec.defaults())) {
      fake.clearRequests();
      session.execute(Code.scala("1 + 1"));
    } finally {
      parent.end();
    }
    List<SpanData> spans = OTEL.getSpans();
    SpanData run =
        spans.stream()
            .filter(x -> x.getName().equals("livy4j statement.run"))
            .findFirst()
            .orElseThrow();
    List<RecordedRequest> polls =
        fake.requests().stream()
            .filter(r -> r.method().equals("GET") && r.path().contains("/statements/"))
            .toList();
    assertThat(polls).isNotEmpty();
    assertThat(run.getEvents().stream().filter(e -> e.getName().equals("livy4j.poll")))
        .hasSize(polls.size());
    assertThat(spans)
        .filteredOn(x -> x.getKind() == SpanKind.CLIENT)
        .allSatisfy(
            c ->
                assertThat(c.getInstrumentationScopeInfo().getName())
                    .isEqualTo(LivyTracing.INSTRUMENTATION_NAME))
        .extracting(SpanData::getName)
        .doesNotContain("GET /sessions/{sessionId}/statements/{statementId}");
    assertThat(polls)
        .allSatisfy(
            r ->
                assertThat(r.header("traceparent").orElse(""))
                    .startsWith(traceparentOf(run) + "-"));
  }
}
