package io.github.livy4j.benchmarks;

import io.github.livy4j.polling.PollingOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the benchmarks and writes {@code RESULTS.md} and {@code schedules.svg}.
 *
 * <pre>
 * benchmarks/run               # the full run (a few minutes), into benchmarks/, with a
 *                              # local real Livy for the round trip (--real-livy)
 * benchmarks/run --quick DIR   # a small run that proves the harness works
 * </pre>
 */
public final class Benchmarks {
  private Benchmarks() {}

  /**
   * Runs.
   *
   * @param args {@code [--quick] [output directory]}
   * @throws Exception if a benchmark breaks
   */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    boolean real = false;
    Path out = Path.of("benchmarks");
    for (String a : args) {
      switch (a) {
        case "--quick" -> quick = true;
        case "--real-livy" -> real = true;
        default -> out = Path.of(a);
      }
    }
    Files.createDirectories(out);
    String endpoint = System.getenv("LIVY_BASE_ENDPOINT");
    RealLivyRoundTrip.Result livy =
        real && endpoint != null ? RealLivyRoundTrip.run(URI.create(endpoint), 30) : null;
    String report = run(quick, out, livy);
    Files.writeString(out.resolve("RESULTS.md"), report, StandardCharsets.UTF_8);
    System.out.println(
        "Wrote " + out.resolve("RESULTS.md") + " and " + out.resolve("schedules.svg"));
  }

  static String run(boolean quick, Path out, RealLivyRoundTrip.Result livy) throws Exception {
    double[] durations = Schedules.durations(quick ? 12 : 120);
    List<Schedules.Result> schedules = new ArrayList<>();
    schedules.add(
        Schedules.livy4j(
            durations, PollingOptions.defaults(), "livy4j (default: follows progress)"));
    schedules.add(
        Schedules.livy4j(
            durations,
            PollingOptions.builder().followProgress(false).build(),
            "livy4j without progress (backoff only)"));
    schedules.addAll(Schedules.peers(durations));
    Files.writeString(
        out.resolve("schedules.svg"), Chart.svg(schedules, quick ? 3 : 8), StandardCharsets.UTF_8);
    AsyncLoad.Result load =
        quick
            ? AsyncLoad.run(60, 6, Duration.ofMillis(20))
            : AsyncLoad.run(1_000, 50, Duration.ofMillis(200));
    ManyClients.Result many = ManyClients.run(quick ? 50 : 1_000);
    List<ResultHeap.Result> heap =
        quick ? ResultHeap.run(2_000, 1 << 20, false) : ResultHeap.run(100_000, 50 << 20, true);
    ClientOverhead.Result overhead = quick ? null : ClientOverhead.run();
    ClientOverhead.Result inProcess = quick ? null : ClientOverhead.inProcess(1_000, 5);
    // the web sample under load, each count in a fresh JVM (WebLoadSmokeTest covers the harness)
    List<WebLoad.Result> web =
        quick ? List.of() : List.of(WebLoad.inChildJvm(100, out), WebLoad.inChildJvm(500, out));
    return Report.markdown(
            quick,
            durations.length,
            schedules,
            load,
            many,
            heap,
            livy,
            overhead,
            inProcess,
            machine())
        + (web.isEmpty() ? "" : "\n" + WebLoadReport.section(web));
  }

  static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
            Locale.ROOT,
            "%s %s (%s), %d cores, max heap %d MB; Java %s (%s); %s",
            System.getProperty("os.name"),
            System.getProperty("os.version"),
            System.getProperty("os.arch"),
            rt.availableProcessors(),
            rt.maxMemory() >> 20,
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            LocalDate.now())
        + "; JVM arguments: "
        + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
  }
}
