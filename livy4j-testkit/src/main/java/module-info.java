/** A stateful fake Livy server, in both dialects, with fault injection, for tests. */
module io.github.livy4j.testkit {
  requires transitive io.github.livy4j.core;
  requires com.fasterxml.jackson.databind;
  requires jdk.httpserver;
  requires org.slf4j;

  exports io.github.livy4j.testkit;
}
