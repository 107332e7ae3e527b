/** OpenTelemetry spans and metrics for livy4j's operations. */
module io.github.livy4j.opentelemetry {
  requires transitive io.github.livy4j.core;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;
  requires io.opentelemetry.instrumentation_api;

  exports io.github.livy4j.opentelemetry;
}
