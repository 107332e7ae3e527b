package io.github.livy4j.docs;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.Table;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.spi.LivyBackend;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The getting-started guide's smaller snippets. */
final class GettingStarted {
  private GettingStarted() {}

  record Order(long id, String customer, java.math.BigDecimal total) {}

  static void rows(LivyClient client) {
    // tag::rows[]
    try (LivySession sql = client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
      Table t = sql.execute("SELECT id, customer, total, shipped FROM orders").table();
      Table.Row first = t.rows().get(0);
      long id = first.getLong("id"); // throws if the value does not fit, or is NULL
      Long shipped = first.get("shipped", Long.class); // null for SQL NULL
      boolean noTotal = first.isNull("total");
      List<Order> orders = t.as(Order.class); // by component name, then ignoring case
    }
    // end::rows[]
  }

  static void dataFrames(LivyClient client) {
    // tag::data-frames[]
    try (LivySession py =
        client.createSession(SessionSpec.builder().kind(CodeKind.PYSPARK).build())) {
      py.execute("df = spark.range(10).selectExpr('id', 'id % 3 AS bucket')");
      Table df = py.read("df"); // through a temporary view and Spark SQL
    }
    // end::data-frames[]
  }

  static SessionSpec rowCap() {
    // tag::row-cap[]
    SessionSpec spec =
        SessionSpec.builder()
            .kind(CodeKind.SQL)
            .conf("livy.rsc.sql.num-rows", "100000") // Livy's cap: 1000 rows by default
            .build();
    // end::row-cap[]
    return spec;
  }

  static void batch(LivyClient client) {
    // tag::batch[]
    BatchPoller batch =
        client.submitBatch(
            BatchSpec.builder("hdfs:///apps/etl.jar")
                .className("com.example.Etl")
                .args(List.of("--date", "2026-01-31"))
                .build());
    SessionInfo done = batch.waitForCompletion(Duration.ofHours(2)); // dead: fails with its log
    List<String> tail = batch.log(50);
    // end::batch[]
  }

  static LivyClient options() {
    // tag::apache-options[]
    LivyBackend livy =
        ApacheLivy.builder(URI.create("https://livy.example.com:8998"))
            .basicAuth("etl", System.getenv("LIVY_PASSWORD"))
            .header("X-Team", "analytics")
            .requestedBy("orders-service") // X-Requested-By, for Livy's CSRF check
            .serverVersion("0.8.0") // skip the version request
            .build();
    LivyClient client =
        LivyClient.builder().backend(livy).requestTimeout(Duration.ofSeconds(30)).build();
    // end::apache-options[]
    return client;
  }
}
