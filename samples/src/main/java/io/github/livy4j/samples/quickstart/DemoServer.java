package io.github.livy4j.samples.quickstart;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The in-process fake server the quickstart uses when no endpoint is configured. */
final class DemoServer {
  static final String DEMO_SQL =
      "SELECT id, id * id AS square,"
          + " date_add(DATE'2026-01-01', CAST(id AS INT)) AS day FROM range(5)";
  static final String DEMO_SCALA = "spark.range(100).count()";

  private DemoServer() {}

  static FakeLivy start(boolean fabric) {
    FakeLivy.Builder builder = FakeLivy.builder();
    if (fabric) {
      builder.fabric();
    }
    FakeLivy fake =
        builder
            .sessionStartup(Duration.ofMillis(1500))
            .statementDuration(Duration.ofMillis(300))
            .start();
    // code the fake has no answer for says so, rather than printing nothing
    fake.script(
        code -> true,
        FakeResult.text(
            "(the in-process fake server runs no code: it"
                + " answers only its demo statements; give --endpoint or LIVY_BASE_ENDPOINT to run"
                + " this on a real Livy)"));
    fake.script(DEMO_SCALA, FakeResult.text("res0: Long = 100").taking(Duration.ofMillis(800)));
    fake.script(
        DEMO_SQL,
        FakeResult.sqlTable(
                List.of("id", "square", "day"),
                List.of("long", "long", "date"),
                List.of(
                    row(0, 0, "2026-01-01"),
                    row(1, 1, "2026-01-02"),
                    row(2, 4, "2026-01-03"),
                    row(3, 9, "2026-01-04"),
                    row(4, 16, "2026-01-05")))
            .taking(Duration.ofMillis(1200)));
    return fake;
  }

  private static List<Object> row(long id, long square, String day) {
    return Arrays.asList(id, square, day);
  }
}
