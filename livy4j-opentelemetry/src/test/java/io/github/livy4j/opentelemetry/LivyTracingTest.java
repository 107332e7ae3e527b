package io.github.livy4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.observe.OperationObserver;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LivyTracingTest {
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
    fake.script("boom", FakeResult.error("RuntimeException", "boom"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private LivyClient.Builder builder() {
    return builder(LivyTracing.builder(OTEL.getOpenTelemetry()).pollsAsSpans(true).build());
  }

  private LivyClient.Builder builder(LivyTracing tracing) {
    return LivyClient.builder()
        .backend(ApacheLivy.at(fake.uri()))
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .polling(PollingOptions.builder().timeout(Duration.ofMinutes(2)).build())
        .observer(tracing);
  }

  private static SpanData named(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no span "
                        + name
                        + " among "
                        + spans.stream().map(SpanData::getName).toList()));
  }

  private static List<SpanData> childrenOf(List<SpanData> spans, SpanData parent) {
    return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).toList();
  }

  @Test
  void operations_areSpansUnderTheCallers_withAClientSpanPerRequest_andItsTraceparentSent() {
    Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("job").startSpan();
    String sessionId;
    try (Scope s = parent.makeCurrent();
        LivyClient client = builder().build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      sessionId = session.id().value();
      session.execute(Code.scala("1 + 1"));
    } finally {
      parent.end();
    }
    List<SpanData> spans = OTEL.getSpans();
    SpanData job = named(spans, "job");
    SpanData create = named(spans, "livy4j session.create");
    SpanData run = named(spans, "livy4j statement.run");
    assertThat(create.getParentSpanId()).isEqualTo(job.getSpanId());
    assertThat(run.getParentSpanId()).isEqualTo(job.getSpanId());
    assertThat(create.getTraceId()).isEqualTo(job.getTraceId());
    assertThat(create.getAttributes().get(LivyTracing.SESSION_ID)).isEqualTo(sessionId);
    assertThat(create.getAttributes().get(LivyTracing.BACKEND)).isEqualTo("apache");
    assertThat(create.getEvents())
        .extracting(e -> e.getAttributes().get(LivyTracing.STATE_TO))
        .contains("idle");
    assertThat(run.getAttributes().get(LivyTracing.STATEMENT_ID)).isNotBlank();
    assertThat(run.getAttributes().get(LivyTracing.CODE)).as("code text needs opting in").isNull();
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    List<SpanData> http = childrenOf(spans, run);
    assertThat(http)
        .isNotEmpty()
        .allSatisfy(
            h -> {
              assertThat(h.getKind()).isEqualTo(SpanKind.CLIENT);
              assertThat(h.getAttributes().get(LivyTracing.STATUS)).isBetween(200L, 201L);
              assertThat(h.getAttributes().get(LivyTracing.SERVER_ADDRESS)).isNotBlank();
              assertThat(h.getAttributes().get(LivyTracing.URL_FULL))
                  .startsWith(fake.uri().toString().replaceAll("/$", ""));
            });
    SpanData submit =
        http.stream()
            .filter(h -> h.getName().equals("POST /sessions/{sessionId}/statements"))
            .findFirst()
            .orElseThrow();
    assertThat(submit.getAttributes().get(LivyTracing.METHOD)).isEqualTo("POST");
    assertThat(submit.getAttributes().get(LivyTracing.URL_TEMPLATE))
        .isEqualTo("/sessions/{sessionId}/statements");

    // each request the server saw carries the traceparent of its own client span
    List<String> sent =
        fake.requests().stream()
            .map(r -> r.header("traceparent").orElse(""))
            .map(t -> t.length() > 3 ? t.substring(0, t.length() - 3) : t)
            .toList(); // flags off
    assertThat(sent).allMatch(t -> t.startsWith("00-" + job.getTraceId() + "-"));
    List<String> clientSpans =
        spans.stream()
            .filter(x -> x.getKind() == SpanKind.CLIENT)
            .map(x -> "00-" + x.getTraceId() + "-" + x.getSpanId())
            .toList();
    assertThat(sent).containsExactlyInAnyOrderElementsOf(clientSpans);
  }

  @Test
  void aFailedStatement_andARetriedRequest_areRecordedAsErrors() {
    fake.inject(
        Fault.on("GET", ".*/sessions/[^/]+/statements/[^/]+").respond(503, "{\"msg\":\"busy\"}"));
    try (LivyClient client = builder().build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      assertThatThrownBy(() -> session.execute(Code.scala("boom")))
          .isInstanceOf(StatementFailedException.class);
    }
    List<SpanData> spans = OTEL.getSpans();
    SpanData run = named(spans, "livy4j statement.run");
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(run.getAttributes().get(LivyTracing.ERROR_TYPE))
        .isEqualTo(StatementFailedException.class.getName());
    assertThat(run.getEvents()).anyMatch(e -> e.getName().equals("exception"));
    List<SpanData> reads =
        childrenOf(spans, run).stream().filter(h -> h.getName().endsWith("{statementId}")).toList();
    SpanData busy =
        reads.stream()
            .filter(h -> Long.valueOf(503).equals(h.getAttributes().get(LivyTracing.STATUS)))
            .findFirst()
            .orElseThrow();
    assertThat(busy.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(busy.getAttributes().get(LivyTracing.ERROR_TYPE)).isEqualTo("503");
    assertThat(reads)
        .anyMatch(h -> Long.valueOf(1).equals(h.getAttributes().get(LivyTracing.RESEND_COUNT)));
  }

  @Test
  void anAsyncStatement_keepsTheCallersParent_andCodeTextWhenAllowed() throws Exception {
    Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("async-job").startSpan();
    try (LivyClient client = builder().observeCodeText(true).build();
        LivyAsyncSession session =
            client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS)) {
      java.util.concurrent.CompletableFuture<?> result;
      try (Scope s = parent.makeCurrent()) {
        result = session.execute(Code.scala("1 + 1"));
      }
      result.get(30, TimeUnit.SECONDS);
    } finally {
      parent.end();
    }
    List<SpanData> spans = OTEL.getSpans();
    SpanData run = named(spans, "livy4j statement.run");
    assertThat(run.getParentSpanId()).isEqualTo(named(spans, "async-job").getSpanId());
    assertThat(run.getAttributes().get(LivyTracing.CODE)).isEqualTo("1 + 1");
    assertThat(childrenOf(spans, run))
        .isNotEmpty()
        .allSatisfy(h -> assertThat(h.getTraceId()).isEqualTo(run.getTraceId()));
    assertThat(fake.requests().stream().map(RecordedRequest::method)).contains("POST");
  }

  @Test
  void polls_areEventsOnTheOperationSpan_byDefault_andTheirRequestsCarryItsContext() {
    List<String> pollPaths;
    try (LivyClient client = builder(LivyTracing.create(OTEL.getOpenTelemetry())).build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      fake.clearRequests();
      session.execute(Code.scala("1 + 1"));
      pollPaths =
          fake.requests().stream()
              .filter(r -> r.method().equals("GET") && r.path().contains("/statements/"))
              .map(RecordedRequest::path)
              .toList();
    }
    List<SpanData> spans = OTEL.getSpans();
    SpanData run = named(spans, "livy4j statement.run");
    assertThat(childrenOf(spans, run))
        .as("only the submit is a span")
        .extracting(SpanData::getName)
        .containsExactly("POST /sessions/{sessionId}/statements");
    List<EventData> polls =
        run.getEvents().stream().filter(e -> e.getName().equals("livy4j.poll")).toList();
    assertThat(pollPaths).isNotEmpty();
    assertThat(polls)
        .hasSize(pollPaths.size())
        .allSatisfy(
            e -> {
              assertThat(e.getAttributes().get(LivyTracing.STATUS)).isEqualTo(200L);
              assertThat(e.getAttributes().get(LivyTracing.POLL_DURATION)).isNotNull();
              assertThat(e.getAttributes().get(LivyTracing.ERROR_TYPE)).isNull();
            });
    String runParent = "00-" + run.getTraceId() + "-" + run.getSpanId() + "-";
    assertThat(fake.requests())
        .filteredOn(r -> r.method().equals("GET") && r.path().contains("/statements/"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("traceparent").orElse("")).startsWith(runParent));
  }

  @Test
  void aRetriedPoll_isAnEventWithItsStatus_andItsResendCount() {
    fake.inject(
        Fault.on("GET", ".*/sessions/[^/]+/statements/[^/]+").respond(503, "{\"msg\":\"busy\"}"));
    try (LivyClient client = builder(LivyTracing.create(OTEL.getOpenTelemetry())).build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      session.execute(Code.scala("1 + 1"));
    }
    SpanData run = named(OTEL.getSpans(), "livy4j statement.run");
    List<EventData> polls =
        run.getEvents().stream().filter(e -> e.getName().equals("livy4j.poll")).toList();
    assertThat(polls)
        .anySatisfy(
            e -> {
              assertThat(e.getAttributes().get(LivyTracing.STATUS)).isEqualTo(503L);
              assertThat(e.getAttributes().get(LivyTracing.ERROR_TYPE)).isEqualTo("503");
            })
        .anySatisfy(e -> assertThat(e.getAttributes().get(LivyTracing.RESEND_COUNT)).isEqualTo(1L));
  }

  @Test
  void spans_nameTheirScope_withLivy4jsVersion_andTheSchemaUrlOfTheirConventions() {
    try (LivyClient client = builder(LivyTracing.create(OTEL.getOpenTelemetry())).build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      session.execute(Code.scala("1 + 1"));
    }
    String version = System.getProperty("livy4j.projectVersion");
    assertThat(version).as("the build passes the project's version").isNotBlank();
    assertThat(OTEL.getSpans())
        .isNotEmpty()
        .allSatisfy(
            s -> {
              InstrumentationScopeInfo scope = s.getInstrumentationScopeInfo();
              assertThat(scope.getName()).isEqualTo(LivyTracing.INSTRUMENTATION_NAME);
              assertThat(scope.getVersion()).isEqualTo(version);
              assertThat(scope.getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.43.0");
            });
  }

  @Test
  void aPackagedJarsVersion_isTheScopeVersion() {
    try (LivyClient client =
            builder(
                    LivyTracing.builder(OTEL.getOpenTelemetry())
                        .instrumentationVersion("9.8.7")
                        .build())
                .build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      session.execute(Code.scala("1 + 1"));
    }
    assertThat(OTEL.getSpans())
        .extracting(s -> s.getInstrumentationScopeInfo().getVersion())
        .containsOnly("9.8.7");
  }

  @Test
  void everyAttempt_isInTheHttpClientRequestDurationHistogram() {
    fake.inject(
        Fault.on("GET", ".*/sessions/[^/]+/statements/[^/]+").respond(503, "{\"msg\":\"busy\"}"));
    try (LivyClient client = builder(LivyTracing.create(OTEL.getOpenTelemetry())).build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      session.execute(Code.scala("1 + 1"));
    }
    int requests = fake.requests().size();
    MetricData duration =
        OTEL.getMetrics().stream()
            .filter(m -> m.getName().equals("http.client.request.duration"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no http.client.request.duration"));
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(duration.getInstrumentationScopeInfo().getName())
        .isEqualTo(LivyTracing.INSTRUMENTATION_NAME);
    var points = duration.getHistogramData().getPoints();
    assertThat(points.stream().mapToLong(HistogramPointData::getCount).sum()).isEqualTo(requests);
    assertThat(points)
        .allSatisfy(
            p -> {
              assertThat(p.getAttributes().get(LivyTracing.METHOD)).isNotBlank();
              assertThat(p.getAttributes().get(LivyTracing.SERVER_ADDRESS)).isNotBlank();
              assertThat(p.getAttributes().get(LivyTracing.URL_FULL))
                  .as("too many values")
                  .isNull();
            })
        .anySatisfy(p -> assertThat(p.getAttributes().get(LivyTracing.STATUS)).isEqualTo(503L));
  }

  @Test
  void onTheClientsThreads_theOperationSpanIsCurrent_andTheCallersInItsDependentActions()
      throws Exception {
    // an observer registered after the tracing one sees what the tracing made current
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    LivyObserver witness =
        new LivyObserver() {
          @Override
          public OperationObserver operationStarted(LivyOperation op) {
            return new OperationObserver() {
              @Override
              public ObserverScope resumed() {
                if (op.name().equals(LivyOperation.STATEMENT_RUN)) {
                  seen.add(Span.current().getSpanContext().getSpanId());
                }
                return ObserverScope.NONE;
              }
            };
          }
        };
    Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("async-job").startSpan();
    try (LivyClient client =
            builder(LivyTracing.create(OTEL.getOpenTelemetry())).observer(witness).build();
        LivyAsyncSession session =
            client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS)) {
      java.util.concurrent.CompletableFuture<String> dependent;
      try (Scope s = parent.makeCurrent()) {
        dependent =
            session
                .execute(Code.scala("1 + 1"))
                .thenApply(r -> Span.current().getSpanContext().getSpanId());
      }
      String inDependent = dependent.get(30, TimeUnit.SECONDS);
      assertThat(inDependent)
          .as("a dependent action runs in the caller's context, not under the ended operation")
          .isEqualTo(parent.getSpanContext().getSpanId());
    } finally {
      parent.end();
    }
    SpanData run = named(OTEL.getSpans(), "livy4j statement.run");
    assertThat(run.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(seen)
        .as("the operation's span while it runs, the caller's once it completes its future")
        .contains(run.getSpanId())
        .containsOnly(run.getSpanId(), parent.getSpanContext().getSpanId());
  }
}
