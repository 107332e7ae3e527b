/** Micrometer meters for livy4j's operations. */
module io.github.livy4j.micrometer {
  requires transitive io.github.livy4j.core;
  requires transitive micrometer.core;

  exports io.github.livy4j.micrometer;
}
