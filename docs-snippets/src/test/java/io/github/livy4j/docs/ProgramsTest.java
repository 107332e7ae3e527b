package io.github.livy4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The programs of the README and the getting-started guide run as shown, against the fake
 * server, print what they should and leave no session behind.
 */
class ProgramsTest {
  private static final String QUERY = "SELECT id, id * 2 AS twice FROM range(5)";

  /** @return a fake server that answers the programs' query, its sessions ready in 100 ms */
  private static FakeLivy fake() {
    FakeLivy fake = FakeLivy.builder().sessionStartup(Duration.ofMillis(100)).start();
    fake.script(
        QUERY,
        FakeResult.sqlTable(
            List.of("id", "twice"),
            List.of("long", "long"),
            List.of(List.of(0, 0), List.of(1, 2), List.of(2, 4), List.of(3, 6), List.of(4, 8))));
    fake.script("spark.range(1000000).count()", FakeResult.text("res0: Long = 1000000"));
    return fake;
  }

  /** @return what a program printed on standard output */
  private static List<String> printed(Runnable program) {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      program.run();
    } finally {
      System.setOut(out);
    }
    return printed.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void theReadmesFirstProgram_printsTheRows_andDeletesItsSession() {
    try (FakeLivy fake = fake()) {
      assertThat(printed(() -> FirstProgram.main(new String[] {fake.uri().toString()})))
          .containsExactly("0 -> 0", "1 -> 2", "2 -> 4", "3 -> 6", "4 -> 8");
      assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
    }
  }

  @Test
  void theGettingStartedProgram_printsRowsRecordsAndTheCount_andDeletesItsSession() {
    try (FakeLivy fake = fake()) {
      assertThat(printed(() -> Usage.main(new String[] {fake.uri().toString()})))
          .containsExactly(
              "0 -> 0",
              "1 -> 2",
              "2 -> 4",
              "3 -> 6",
              "4 -> 8",
              "[Pair[id=0, twice=0], Pair[id=1, twice=2], Pair[id=2, twice=4], Pair[id=3, twice=6],"
                  + " Pair[id=4, twice=8]]",
              "res0: Long = 1000000");
      assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
    }
  }
}
