package io.github.livy4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quick run proves the harness works; the real figures come from benchmarks/run. */
class BenchmarksSmokeTest {
  @Test
  void aQuickRun_writesTheReportAndTheChart(@TempDir Path out) throws Exception {
    Benchmarks.main(new String[] {"--quick", out.toString()});
    String report = Files.readString(out.resolve("RESULTS.md"));
    assertThat(report)
        .contains(
            "## Statement polling",
            "livy4j (default: follows progress)",
            "fixed 1 s (Zeppelin)",
            "## Many asynchronous statements",
            "## Heap for large results")
        .contains("| 0 |"); // no client thread left after close
    assertThat(Files.readString(out.resolve("schedules.svg")))
        .startsWith("<svg")
        .contains("sparkmagic")
        .endsWith("</svg>\n");
  }

  @Test
  void peerSchedules_areComputedFromTheirIntervals() {
    Schedules.Point fixed = Schedules.peer(k -> 1.0, 5.2);
    assertThat(fixed.requests()).isEqualTo(6);
    assertThat(fixed.lagS()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    Schedules.Point pylivy =
        Schedules.peer(Schedules.peers().get("0.1/0.2/0.3/0.5 s then 1 s (pylivy)"), 0.05);
    assertThat(pylivy.requests()).isEqualTo(1);
  }
}
