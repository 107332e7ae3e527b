package io.github.livy4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.Code;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
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
import java.util.function.Function;

/**
 * Large statement answers read in a small heap, for every backend: the fake serves a 100,000 x
 * 5 SQL result and an 8 MB text output, and a child JVM of 64 MB reads both through the public
 * API over HTTP. Reading an answer whole, as a tree, as text and again as a table needs more
 * than that.
 */
public final class LargeResults {
  /** The SQL result's rows. */
  public static final int ROWS = 100_000;

  /** The text output's length. */
  public static final int TEXT = 8 << 20;

  /** The code of the SQL result. */
  public static final String SQL = "SELECT * FROM big";

  /** The code of the text output. */
  public static final String PRINT = "print(big)";

  private LargeResults() {}

  /**
   * A fake that serves the large results.
   *
   * @param builder the fake's builder, in the backend's dialect
   * @return the started fake
   */
  public static FakeLivy serve(FakeLivy.Builder builder) {
    FakeLivy fake =
        builder
            .sessionStartup(Duration.ZERO)
            .statementDuration(Duration.ofMillis(50))
            .sqlRowLimit(ROWS + 1)
            .start();
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
    fake.script(
        SQL,
        FakeResult.sqlTable(
            List.of("id", "name", "amount", "flag", "day"),
            List.of("long", "string", "double", "boolean", "date"),
            rows));
    StringBuilder text = new StringBuilder(TEXT);
    for (int i = 0; text.length() < TEXT; i++) {
      text.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
    }
    text.setLength(TEXT);
    fake.script(PRINT, FakeResult.text(text.toString()));
    return fake;
  }

  /**
   * Runs a child JVM of 64 MB that reads the results, and checks that it did.
   *
   * @param child the child's main class, which calls {@link #read}
   * @param log where the child's output goes
   * @param args the child's arguments
   * @throws Exception if the child cannot be run
   */
  public static void readInASmallHeap(Class<?> child, File log, List<String> args)
      throws Exception {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            javaBin,
            "-Xmx64m",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            child.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child exited").isTrue();
    String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("read " + ROWS + " rows and " + TEXT + " characters");
  }

  /**
   * In the child: reads both results and checks them, then says so and exits 0; exits 1 on any
   * failure.
   *
   * @param execute runs code through the API under test
   * @param printCode the text output's code in the session's language
   */
  public static void read(Function<Code, StatementResult> execute, Code printCode) {
    try {
      Table t = execute.apply(Code.sql(SQL)).table();
      check(t.size() == ROWS, "rows: " + t.size());
      Table.Row last = t.rows().get(ROWS - 1);
      check(last.get("id", Long.class) == ROWS - 1, "id: " + last);
      check(("name-" + (ROWS - 1)).equals(last.get("name")), "name: " + last);
      check(last.get("amount", Double.class) == (ROWS - 1) * 1.5, "amount: " + last);
      check(last.get("day", LocalDate.class).getYear() == 2026, "day: " + last);
      String text = execute.apply(printCode).text().orElseThrow();
      check(text.length() == TEXT, "text: " + text.length());
      System.out.println("read " + ROWS + " rows and " + text.length() + " characters");
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
