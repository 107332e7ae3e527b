package io.github.livy4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Writes what {@link WebLoad} found as Markdown. */
final class WebLoadReport {
  private static final List<String> OWNERS = List.of("app", "fake servers", "load test", "JVM");

  private WebLoadReport() {}

  /**
   * The section of {@code RESULTS.md}: what was run, a table comparing the runs, which of the
   * app's threads grew with the users, and each run in full.
   *
   * @param runs the runs, fewest users first
   * @return the section
   */
  static String section(List<WebLoad.Result> runs) {
    StringBuilder b = new StringBuilder("## The web sample under load\n\n");
    b.append(
        "The web sample (`samples/.../web/WebApp`, with Entra ID sign-in, set up as its tests set"
            + " it up) in one JVM with the sample's fake Entra ID and the testkit's `FakeLivy`,"
            + " driven by simulated people who all start at once. Each signs in through the whole"
            + " Entra ID flow (the app's `/sign-in`, the fake's authorize page and its pick, the"
            + " app's callback, which redeems the code), loads *My sessions*, creates a pyspark"
            + " session with the page's CSRF token, loads its page and refreshes its live part as"
            + " the page's script does (every second) until it is idle, runs three statements"
            + " (text, a SQL table, text), each time refreshing until the result shows, and signs"
            + " out. Each person is a thread of the load (the load's threads are told apart by"
            + " their thread group, not by name) with a cookie jar of their own, and follows each"
            + " redirect itself; all of them share one JDK `HttpClient`, sending blocking requests."
            + " The fake Entra ID answers one request at a time on one thread, so the people's"
            + " requests to it go at most "
            + WebLoad.ENTRA_AT_ONCE
            + " at a time; the app's callback waits for the fake's token endpoint too. Threads are"
            + " sampled every 5 ms and grouped by name, digits shown as `#`; *app* is every thread"
            + " that is not the fakes', the load's or the JVM's own; *seen* counts the distinct"
            + " threads the samples saw, which misses threads that live a few milliseconds: the"
            + " JVM's count of threads started has them all.\n\n");
    b.append(
        runs.stream().anyMatch(r -> r.commonPoolParallelism() <= 1)
            ? "On this machine the JDK's common pool has one thread, and then"
                + " `HttpClient.sendAsync` completes each answer on a new thread of its own; the"
                + " app's `Thread-#` threads are those, running livy4j's asynchronous calls to"
                + " Livy on (`AsyncDriver`, seen in thread dumps taken during the load): one"
                + " short-lived thread per answer from Livy.\n\n"
            : "");
    if (!runs.isEmpty()) {
      WebLoad.Result first = runs.get(0);
      b.append(
          String.format(
              Locale.ROOT,
              "Build with `./mvnw -B -q -pl benchmarks -am package -DskipTests`; then one run is"
                  + " `java -Xmx1g -Dsun.net.httpserver.nodelay=true -cp"
                  + " \"benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)\""
                  + " io.github.livy4j.benchmarks.WebLoad --users 500` (more options:"
                  + " `--poll-ms`, `--session-startup-ms`, `--statement-ms`, `--ramp-ms`), and the"
                  + " same with `--compare 100,500` makes this section, a fresh JVM per row, as"
                  + " `benchmarks/run` does. Machine: %s. Sessions start in %d ms and statements"
                  + " run %d ms on the fake Livy.%n%n",
              first.machine(),
              first.sessionStartupMs(),
              first.statementMs()));
    }
    b.append(
        "| users | wall | users failed | app threads before / peak / after | all threads, peak"
            + " | heap after GC before / peak / after | page load p95 / p99 | live refresh p95"
            + " / p99 | run p95 / p99 | callback p95 / p99 | load average before / after |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (WebLoad.Result r : runs) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %.1f s | %d | %d / %d / %d | %d | %s / %s / %s | %s | %s | %s | %s |"
                  + " %.2f / %.2f |%n",
              r.users(),
              r.wallSeconds(),
              r.failures().size(),
              total(r.threadsBefore(), "=app"),
              r.threadPeaks().getOrDefault("=app", 0),
              total(r.threadsAfter(), "=app"),
              r.jvmPeakThreads(),
              mb(r.heapBefore()),
              mb(r.heapPeakAfterGc()),
              mb(r.heapAfter()),
              tail(r, WebUser.PAGE),
              tail(r, WebUser.LIVE),
              tail(r, WebUser.RUN),
              tail(r, WebUser.CALLBACK),
              r.loadBefore(),
              r.loadAfter()));
    }
    b.append('\n').append(growth(runs)).append('\n');
    for (WebLoad.Result r : runs) {
      b.append(run(r).replaceFirst("^### ", "### Web load: "));
    }
    return b.toString();
  }

  /** Which of the app's thread groups peaked higher with more users. */
  static String growth(List<WebLoad.Result> runs) {
    if (runs.size() < 2) {
      return "";
    }
    WebLoad.Result small = runs.get(0);
    WebLoad.Result large = runs.get(runs.size() - 1);
    List<String> grew = new ArrayList<>();
    for (String g : groups(runs)) {
      if (!JvmWatch.owner(g).equals("app")) {
        continue;
      }
      int a = small.threadPeaks().getOrDefault(g, 0);
      int z = large.threadPeaks().getOrDefault(g, 0);
      if (z > a) {
        grew.add(String.format(Locale.ROOT, "`%s` (%d -> %d)", g, a, z));
      }
    }
    return String.format(
        Locale.ROOT,
        "The app's thread groups whose peak was higher with %d users than with %d: %s.%n",
        large.users(),
        small.users(),
        grew.isEmpty() ? "none" : String.join(", ", grew));
  }

  /**
   * One run in full.
   *
   * @param r the run
   * @return its page times, threads and heap
   */
  static String run(WebLoad.Result r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "### %d users%n%n", r.users()));
    b.append(
        String.format(
            Locale.ROOT,
            "%s; refreshes every %d ms, sessions start in %d ms, statements run %d ms. Wall time"
                + " %.1f s. Users failed: %d. Livy sessions left after sign-out: %d (the fake Livy"
                + " had at most %d requests in flight). Load average (1 min) before / after:"
                + " %.2f / %.2f.%n%n",
            r.rampMs() == 0
                ? "All " + r.users() + " users start at once"
                : r.users() + " users start over " + r.rampMs() + " ms",
            r.pollMs(),
            r.sessionStartupMs(),
            r.statementMs(),
            r.wallSeconds(),
            r.failures().size(),
            r.livySessionsLeft(),
            r.peakLivyRequests(),
            r.loadBefore(),
            r.loadAfter()));
    if (!r.failures().isEmpty()) {
      b.append("Failures (the first ten):\n\n");
      r.failures().stream().limit(10).forEach(f -> b.append("- ").append(f).append('\n'));
      b.append('\n');
    }
    b.append("| page | requests | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n");
    for (PageTimes.Summary s : r.pages()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s |%n",
              s.kind(),
              s.count(),
              ms(s.p50()),
              ms(s.p95()),
              ms(s.p99()),
              ms(s.max())));
    }
    b.append(
        "\n| threads | owner | before the users | peak | after sign-out | seen during the load |\n"
            + "|---|---|---:|---:|---:|---:|\n");
    b.append(
        String.format(
            Locale.ROOT,
            "| **all** | | %d | %d (the JVM's own count: %d) | %d | %d (the JVM started %d) |%n",
            total(r.threadsBefore(), ""),
            r.threadPeaks().getOrDefault("", 0),
            r.jvmPeakThreads(),
            total(r.threadsAfter(), ""),
            r.threadsSeen().getOrDefault("", 0),
            r.jvmStartedThreads()));
    Set<String> groups = groups(List.of(r));
    for (String owner : OWNERS) {
      b.append(
          String.format(
              Locale.ROOT,
              "| **%s** | | %d | %d | %d | %d |%n",
              owner,
              total(r.threadsBefore(), "=" + owner),
              r.threadPeaks().getOrDefault("=" + owner, 0),
              total(r.threadsAfter(), "=" + owner),
              r.threadsSeen().getOrDefault("=" + owner, 0)));
      for (String g : groups) {
        if (JvmWatch.owner(g).equals(owner)) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "| `%s` | %s | %d | %d | %d | %d |%n",
                  g,
                  owner,
                  r.threadsBefore().getOrDefault(g, 0),
                  r.threadPeaks().getOrDefault(g, 0),
                  r.threadsAfter().getOrDefault(g, 0),
                  r.threadsSeen().getOrDefault(g, 0)));
        }
      }
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%nHeap used after GC: %s before the users (after a full GC), %s at most after any of"
                + " the %d collections during the load, %s after all signed out (after a full GC;"
                + " the fake Entra ID keeps every token it issued).%n%n",
            mb(r.heapBefore()),
            mb(r.heapPeakAfterGc()),
            r.collections(),
            mb(r.heapAfter())));
    return b.toString();
  }

  /** The thread groups of the runs (not the totals), by name. */
  private static Set<String> groups(List<WebLoad.Result> runs) {
    Set<String> out = new TreeSet<>();
    for (WebLoad.Result r : runs) {
      for (Map<String, Integer> m : List.of(r.threadsBefore(), r.threadPeaks(), r.threadsAfter())) {
        m.keySet().stream().filter(k -> !k.isEmpty() && !k.startsWith("=")).forEach(out::add);
      }
    }
    return out;
  }

  private static int total(Map<String, Integer> groups, String key) {
    return JvmWatch.totals(groups).getOrDefault(key, 0);
  }

  private static String tail(WebLoad.Result r, String kind) {
    return r.pages().stream()
        .filter(s -> s.kind().equals(kind))
        .findFirst()
        .map(s -> ms(s.p95()) + " / " + ms(s.p99()))
        .orElse("-");
  }

  private static String ms(double ms) {
    return String.format(Locale.ROOT, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
  }
}
