/** OpenTelemetry spans for livy4j's operations. */
module io.github.livy4j.opentelemetry {
  requires transitive io.github.livy4j.core;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;

  exports io.github.livy4j.opentelemetry;
}
