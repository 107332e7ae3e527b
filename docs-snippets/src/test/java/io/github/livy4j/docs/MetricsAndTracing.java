package io.github.livy4j.docs;

import io.github.livy4j.LivyClient;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.micrometer.LivyMetrics;
import io.github.livy4j.micrometer.LivyObservations;
import io.github.livy4j.micrometer.LivyRequestContext;
import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.OperationObserver;
import io.github.livy4j.opentelemetry.LivyTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The metrics-and-tracing guide's snippets. */
final class MetricsAndTracing {
  private static final Logger log = LoggerFactory.getLogger(MetricsAndTracing.class);

  private MetricsAndTracing() {}

  // tag::observer[]
  /** Times each operation, and tags each request with where it comes from. */
  static class Timing implements LivyObserver {
    @Override
    public OperationObserver operationStarted(LivyOperation op) {
      long start = System.nanoTime();
      return new OperationObserver() {
        @Override
        public ExchangeObserver exchangeStarted(
            HttpExchange x, BiConsumer<String, String> headers) {
          headers.accept("X-Request-Source", "orders-job"); // added to the request
          return result -> log.debug("{} {}", x, result); // GET /sessions/{sessionId} -> 200
        }

        @Override
        public void ended(Throwable failure) {
          log.info("{} took {} ms", op.name(), (System.nanoTime() - start) / 1_000_000);
        }
      };
    }
  }

  // end::observer[]

  static LivyClient observer(URI uri) {
    // tag::observer-use[]
    LivyClient client =
        LivyClient.builder().backend(ApacheLivy.at(uri)).observer(new Timing()).build();
    // end::observer-use[]
    return client;
  }

  static LivyClient metrics(URI uri, MeterRegistry meterRegistry) {
    // tag::micrometer[]
    LivyClient client =
        LivyClient.builder()
            .backend(ApacheLivy.at(uri))
            .observer(LivyMetrics.builder(meterRegistry).client("etl").build())
            .build();
    // end::micrometer[]
    return client;
  }

  static void ranges(MeterRegistry meterRegistry) {
    // tag::ranges[]
    meterRegistry.config().meterFilter(LivyMetrics.expectedRanges());
    // end::ranges[]
  }

  static LivyClient observations(
      URI uri, ObservationRegistry observationRegistry, MeterRegistry meterRegistry) {
    // tag::observations[]
    LivyClient client =
        LivyClient.builder()
            .backend(ApacheLivy.at(uri))
            .observer(LivyObservations.create(observationRegistry))
            .observer(LivyMetrics.builder(meterRegistry).alongsideObservations().build())
            .build();
    // end::observations[]
    return client;
  }

  static void predicate(ObservationRegistry observationRegistry) {
    // tag::predicate[]
    observationRegistry
        .observationConfig()
        .observationPredicate(
            (name, context) ->
                !(context instanceof LivyRequestContext request && request.exchange().poll()));
    // end::predicate[]
  }

  static LivyClient tracing(URI uri, OpenTelemetry openTelemetry) {
    // tag::opentelemetry[]
    LivyClient client =
        LivyClient.builder()
            .backend(ApacheLivy.at(uri))
            .observer(LivyTracing.create(openTelemetry))
            .build();
    // end::opentelemetry[]
    return client;
  }

  static LivyClient tracingPolls(URI uri, OpenTelemetry openTelemetry) {
    // tag::opentelemetry-polls[]
    LivyTracing tracing = LivyTracing.builder(openTelemetry).pollsAsSpans(true).build();
    // end::opentelemetry-polls[]
    return LivyClient.builder().backend(ApacheLivy.at(uri)).observer(tracing).build();
  }
}
