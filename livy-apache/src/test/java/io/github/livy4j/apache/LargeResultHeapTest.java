package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A large statement answer is streamed from the response into its result: a JVM of 64 MB
 * reads a 100,000 x 5 SQL result (4.8 MB on the wire) into a table and an 8 MB text output
 * into its string, over HTTP, through the public API, blocking and asynchronous (it needs
 * about 40 MB). Reading an answer
 * whole, as a tree, as text and again as a table needed 73 MB for the table and about 76 MB for
 * the text.
 */
class LargeResultHeapTest {
  private static final int ROWS = 100_000;
  private static final int TEXT = 8 << 20;

  @ParameterizedTest
  @ValueSource(strings = {"blocking", "async"})
  void largeResults_areReadInASmallHeap(String api) throws Exception {
    List<List<Object>> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      rows.add(
          List.of(
              (long) i,
              "name-" + i,
              i * 1.5,
              i % 2 == 0,
              LocalDate.of(2026, 1, 10 + i % 20).toString()));
    }
    StringBuilder text = new StringBuilder(TEXT);
    for (int i = 0; text.length() < TEXT; i++) {
      text.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
    }
    text.setLength(TEXT);
    try (FakeLivy fake =
        FakeLivy.builder()
            .sessionStartup(Duration.ZERO)
            .statementDuration(Duration.ofMillis(50))
            .sqlRowLimit(ROWS + 1)
            .start()) {
      fake.script(
          "SELECT * FROM big",
          FakeResult.sqlTable(
              List.of("id", "name", "amount", "flag", "day"),
              List.of("long", "string", "double", "boolean", "date"),
              rows));
      fake.script("print(big)", FakeResult.text(text.toString()));
      String javaBin = ProcessHandle.current().info().command().orElse("java");
      File log = new File("target/large-result-child-" + api + ".log");
      Process child =
          new ProcessBuilder(
                  List.of(
                      javaBin,
                      "-Xmx64m",
                      "-XX:+ExitOnOutOfMemoryError",
                      "-cp",
                      System.getProperty("java.class.path"),
                      LargeResultChild.class.getName(),
                      fake.uri().toString(),
                      Integer.toString(ROWS),
                      Integer.toString(TEXT),
                      api))
              .redirectErrorStream(true)
              .redirectOutput(log)
              .start();
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child exited").isTrue();
      String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("read 100000 rows and " + TEXT + " characters");
    }
  }
}
