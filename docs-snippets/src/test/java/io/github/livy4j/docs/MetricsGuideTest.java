package io.github.livy4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.micrometer.LivyMetrics;
import io.github.livy4j.micrometer.LivyObservations;
import io.github.livy4j.opentelemetry.LivyTracing;
import io.github.livy4j.testkit.FakeBatch;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.VirtualTime;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;

/**
 * The metrics and tracing guide names every meter, tag, observation key, span attribute and
 * event a client makes: a client watched by all three of livy4j's observers runs sessions,
 * statements (one read retried) and a batch, and each name it shows must be in the guide.
 */
class MetricsGuideTest {
  private static final Path GUIDE =
      Path.of("..").toAbsolutePath().normalize().resolve("docs/metrics-and-tracing.md");

  @Test
  void theGuide_namesEverythingTheObserversShow() throws Exception {
    String guide = Files.readString(GUIDE);
    Set<String> shown = new TreeSet<>();

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SimpleMeterRegistry observedMeters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations
        .observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(observedMeters));
    Set<String> observed = new ConcurrentSkipListSet<>();
    observations.observationConfig().observationHandler(recording(observed));
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader otelMetrics = InMemoryMetricReader.create();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(otelMetrics).build())
            .build();

    VirtualTime time = VirtualTime.create();
    try (FakeLivy fake =
        FakeLivy.builder().time(time).statementDuration(Duration.ofSeconds(20)).start()) {
      fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
      fake.scriptBatch("com.example.Etl", FakeBatch.succeeds(Duration.ofMinutes(1)));
      fake.inject(
          Fault.on("GET", "/sessions/\\d+/statements/\\d+")
              .respond(429, "{}")
              .header("Retry-After", "1")
              .times(1));
      try (LivyClient client =
          LivyClient.builder()
              .backend(ApacheLivy.at(fake.uri()))
              .clock(time.clock())
              .sleeper(time.sleeper())
              .observer(LivyMetrics.of(meters))
              .observer(LivyObservations.create(observations))
              .observer(LivyTracing.create(otel))
              .build()) {
        try (LivySession s = client.createSession(SessionSpec.defaults())) {
          assertThat(s.execute(Code.scala("1 + 1")).text()).hasValue("res0: Int = 2");
        }
        client
            .submitBatch(BatchSpec.builder("etl.jar").className("com.example.Etl").build())
            .waitForCompletion();
      }
    }

    for (SimpleMeterRegistry r : Set.of(meters, observedMeters)) {
      for (Meter m : r.getMeters()) {
        shown.add(m.getId().getName());
        m.getId().getTags().stream().map(Tag::getKey).forEach(shown::add);
      }
    }
    // the meter handler's own tag, not livy4j's
    shown.remove("error");
    shown.addAll(observed);
    for (SpanData span : spans.getFinishedSpanItems()) {
      span.getAttributes().forEach((k, v) -> shown.add(k.getKey()));
      for (EventData e : span.getEvents()) {
        shown.add(e.getName());
        e.getAttributes().forEach((k, v) -> shown.add(k.getKey()));
      }
    }
    otelMetrics.collectAllMetrics().forEach(m -> shown.add(m.getName()));
    for (Field f : LivyMetrics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        shown.add((String) f.get(null));
      }
    }
    for (Field f : LivyTracing.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == AttributeKey.class) {
        f.setAccessible(true);
        shown.add(((AttributeKey<?>) f.get(null)).getKey());
      }
    }

    assertThat(shown)
        .as("what the observers showed")
        .contains(
            "livy4j.client.requests",
            "livy4j.client.operations",
            "livy4j.client.retries",
            "livy4j.session.id",
            "livy4j.state",
            "http.client.request.duration");
    assertThat(shown)
        .allSatisfy(
            name ->
                assertThat(guide)
                    .as("docs/metrics-and-tracing.md names %s", name)
                    .contains("`" + name + "`"));
  }

  /** Records each observation's name, keys and event names. */
  private static ObservationHandler<Observation.Context> recording(Set<String> into) {
    return new ObservationHandler<>() {
      @Override
      public void onStop(Observation.Context context) {
        into.add(context.getName());
        context.getLowCardinalityKeyValues().stream().map(KeyValue::getKey).forEach(into::add);
        context.getHighCardinalityKeyValues().stream().map(KeyValue::getKey).forEach(into::add);
      }

      @Override
      public void onEvent(Observation.Event event, Observation.Context context) {
        into.add(event.getName());
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    };
  }
}
