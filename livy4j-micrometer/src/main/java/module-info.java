/** Micrometer meters and observations for livy4j's operations. */
module io.github.livy4j.micrometer {
  requires transitive io.github.livy4j.core;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires transitive micrometer.commons;

  exports io.github.livy4j.micrometer;
}
