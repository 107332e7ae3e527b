package io.github.livy4j.benchmarks;

import java.util.List;
import java.util.Locale;

/** Writes the results as Markdown. */
final class Report {
  private Report() {}

  static String markdown(
      boolean quick,
      int durations,
      List<Schedules.Result> schedules,
      AsyncLoad.Result load,
      ManyClients.Result many,
      List<ResultHeap.Result> heap,
      RealLivyRoundTrip.Result livy,
      ClientOverhead.Result overhead,
      ClientOverhead.Result inProcess,
      String machine) {
    StringBuilder b = new StringBuilder();
    b.append("# livy4j benchmarks\n\n");
    b.append(
        quick
            ? "A quick run (small sizes) that proves the harness works; `benchmarks/run`"
                + " without `--quick` gives the real figures.\n\n"
            : "");
    b.append("Regenerate with `benchmarks/run` (it builds livy4j first). Machine: ")
        .append(machine)
        .append(".\n\n");

    b.append("## Statement polling: requests and detection lag\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%d statement durations spread log-uniformly from 50 ms"
                + " to 30 min, on virtual time. livy4j is measured through its client against the"
                + " fake server, whose statements report `progress` and `started` as Livy does;"
                + " requests are every GET the wait made (its polls and its share of the session"
                + " checks). The other clients' schedules are computed from their published poll"
                + " intervals. Lag is the time from the statement's end to the client seeing it.%n%n",
            durations));
    b.append("| schedule | mean requests | mean lag (s) | 50 ms-1 s | 1-60 s | 1-30 min |\n");
    b.append("|---|---:|---:|---|---|---|\n");
    for (Schedules.Result r : schedules) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.3f | %s | %s | %s |%n",
              r.name(),
              r.meanRequests(),
              r.meanLag(),
              band(r, 0.05, 1),
              band(r, 1, 60),
              band(r, 60, 1800)));
    }
    b.append("\nEach band shows requests / lag (s), means over the durations in it.\n\n");
    for (int o = 0; o < 2; o++) {
      Schedules.Result ours = schedules.get(o);
      b.append(
          o == 0
              ? "Bands where a peer has both fewer requests and less lag than livy4j's"
                  + " default (eight log-uniform bands):\n\n"
              : "The same for a statement that reports no progress (livy4j falls back to its"
                  + " backoff):\n\n");
      boolean any = false;
      for (Schedules.Result peer : schedules.subList(2, schedules.size())) {
        List<String> beaten = Schedules.beatenBy(ours, peer, Math.min(8, durations));
        if (!beaten.isEmpty()) {
          any = true;
          b.append("- ")
              .append(peer.name())
              .append(": ")
              .append(String.join(", ", beaten))
              .append('\n');
        }
      }
      b.append(any ? "\n" : "- none\n\n");
    }
    b.append(
        "Why a statement that reports nothing cannot escape this: a schedule that sees a"
            + " 100 ms statement within about 0.1 s has made several requests by the first second,"
            + " where fixed 1 s polling has made one. While it keeps its lag under fixed 1 s"
            + " polling's 0.5 s it polls at least once a second, so it never makes that surplus"
            + " up; once it polls less often, fixed 1 s polling has both fewer requests and less"
            + " lag until the surplus is made up. Fixed 0.5 s polling does the same one step"
            + " earlier, with 0.25 s. So any schedule that is quick on short statements and"
            + " sparing on long ones is beaten on both counts by a fixed interval at some"
            + " durations; only what the server reports (progress, above) removes the trade.\n\n");
    b.append("![requests against lag per schedule](schedules.svg)\n\n");

    b.append("## Many asynchronous statements\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%d statements of %d ms each over %d sessions of the"
                + " fake server, all submitted at once through `LivyAsyncSession.execute`.%n%n",
            load.statements(),
            load.statementTime().toMillis(),
            load.sessions()));
    b.append(
        "| peak client threads | peak JVM threads (server included) | client threads after"
            + " close | peak requests in flight (connections) | wall time | floor (statements per"
            + " session x their time) | correct results |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    b.append(
        String.format(
            Locale.ROOT,
            "| %d | %d | %d | %d | %.2f s | %.2f s | %d / %d |%n%n",
            load.peakThreads(),
            load.peakJvmThreads(),
            load.clientThreadsAfterClose(),
            load.peakRequestsInFlight(),
            load.wall().toMillis() / 1000.0,
            load.floor().toMillis() / 1000.0,
            load.correct(),
            load.statements()));

    b.append("## Many clients on one engine\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%d `LivyClient`s, each with a credential of its own, built on one `LivyEngine`"
                + " (`maxConnections` 64); each creates a session and runs one statement (50 ms),"
                + " all at once through `client.async()`, against the fake server over loopback"
                + " HTTP. *Client threads* are livy4j's and the JDK HTTP client's. *Own"
                + " credential* counts the sessions all of whose requests carried the token of the"
                + " client that created them (the JDK client is wrapped by the testkit's"
                + " `CredentialRecorder`, which keeps token fingerprints only).%n%n",
            many.clients()));
    b.append(
        "| clients | peak client threads | client threads after close | peak requests in flight"
            + " | wall time | correct results | own credential only | closing one client deleted"
            + " only its session |\n|---:|---:|---:|---:|---:|---:|---:|---|\n");
    b.append(
        String.format(
            Locale.ROOT,
            "| %d | %d | %d | %d | %.2f s | %d / %d | %d / %d | %s |%n%n",
            many.clients(),
            many.peakClientThreads(),
            many.clientThreadsAfterClose(),
            many.peakRequestsInFlight(),
            many.wall().toMillis() / 1000.0,
            many.correct(),
            many.clients(),
            many.ownCredentialOnly(),
            many.clients(),
            many.closingOneDeletedOnlyItsOwn() ? "yes" : "no"));

    b.append("## Heap for large results\n\n");
    b.append(
        "Measured on the user's path, over loopback HTTP: a fresh child JVM builds a"
            + " `LivyClient` for the testkit's `FakeLivy` (which runs in the harness's JVM, not the"
            + " child's), creates a session, and reads the result with `session.execute(...)` and"
            + " then `table()` (checking the row count) or `text()` (checking the length). *Heap* is"
            + " the smallest `-Xmx` (found by halving, one fresh JVM per size, the JVM's default"
            + " collector) with which the child succeeds; *floor* is the same for the same program"
            + " reading a one-row result, i.e. the JVM's and the client's own needs. *Payload* is"
            + " the statement answer's size on the wire. *Allocated* is summed over the child's"
            + " threads (`ThreadMXBean#getThreadAllocatedBytes`) from just before `execute` to just"
            + " after the decoding, in a child with a large heap.\n\n");
    b.append(
        "| result | payload | heap | floor | (heap - floor) / payload | allocated |"
            + " allocated / payload |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (ResultHeap.Result h : heap) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f MB | %s | %s | %s | %.1f MB | %.1fx |%n",
              h.what(),
              mb(h.payloadBytes()),
              h.heapMb() > 0 ? h.heapMb() + " MB" : "-",
              h.floorMb() > 0 ? h.floorMb() + " MB" : "-",
              h.heapMb() > 0 ? String.format(Locale.ROOT, "%.1fx", h.heapPerPayload()) : "-",
              mb(h.allocatedBytes()),
              h.allocatedPerPayload()));
    }
    b.append("\n## A statement's round trip on a real Livy\n\n");
    if (livy == null) {
      b.append("Not run: `benchmarks/run` starts a local Apache Livy 0.7.1 for it.\n");
    } else {
      b.append(
          String.format(
              Locale.ROOT,
              "`SELECT i` on one SQL session of a local Apache Livy"
                  + " 0.7.1 with Spark 3.5.7, %d statements each way: livy4j's `execute` against a bare"
                  + " `HttpClient` loop that submits and then polls every 10 ms.%n%n",
              livy.statements()));
      b.append(
          "| client | median round trip | mean round trip | requests per statement |\n"
              + "|---|---:|---:|---:|\n");
      b.append(
          String.format(
              Locale.ROOT,
              "| livy4j | %.0f ms | %.0f ms | (see the polling table)"
                  + " |%n| bare HttpClient, 10 ms polls | %.0f ms | %.0f ms | %.1f |%n",
              livy.sdkMedianMs(),
              livy.sdkMeanMs(),
              livy.bareMedianMs(),
              livy.bareMeanMs(),
              livy.bareRequests()));
    }
    b.append("\n## The client's cost per request\n\n");
    if (overhead == null) {
      b.append("Not run in a quick run.\n");
    } else {
      b.append(
          "JMH (2 forks, 3 x 1 s warm-up, 5 x 1 s measurement, GC profiler): reading a"
              + " statement through livy4j against a bare `HttpClient` GET of the same answer as a"
              + " string (one request built once, no token, no parsing), from a trivial local"
              + " server. The observed client has a Micrometer `SimpleMeterRegistry` and an"
              + " OpenTelemetry SDK that samples every span (a span per read and one per HTTP"
              + " attempt, with `traceparent` sent) and exports none. The JDK's loopback server"
              + " makes these times noisy from run to run.\n\n");
      table(b, overhead);
      b.append(
          "\nIn process, one request at a time, the three clients in alternating rounds"
              + " (5 x 1,000 requests each, after a warm-up); allocation counted on the calling"
              + " thread, where the client's own work runs:\n\n");
      table(b, inProcess);
    }
    return b.toString();
  }

  private static void table(StringBuilder b, ClientOverhead.Result r) {
    b.append("| client | time per request | allocated per request |\n|---|---:|---:|\n");
    b.append(
        String.format(
            Locale.ROOT,
            "| bare HttpClient | %.1f us | %.1f KB |%n"
                + "| livy4j | %.1f us | %.1f KB |%n| livy4j / bare | %.2fx | +%.1f KB |%n"
                + "| livy4j with `LivyMetrics` and `LivyTracing` | %.1f us | %.1f KB |%n"
                + "| observed / livy4j | %.2fx | +%.1f KB |%n",
            r.bareUs(),
            r.bareAllocBytes() / 1024,
            r.sdkUs(),
            r.sdkAllocBytes() / 1024,
            r.sdkUs() / r.bareUs(),
            (r.sdkAllocBytes() - r.bareAllocBytes()) / 1024,
            r.observedUs(),
            r.observedAllocBytes() / 1024,
            r.observedUs() / r.sdkUs(),
            (r.observedAllocBytes() - r.sdkAllocBytes()) / 1024));
  }

  private static String band(Schedules.Result r, double fromS, double toS) {
    double req = 0;
    double lag = 0;
    int n = 0;
    for (Schedules.Point p : r.points()) {
      if (p.durationS() >= fromS && p.durationS() < toS) {
        req += p.requests();
        lag += p.lagS();
        n++;
      }
    }
    return n == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.2f", req / n, lag / n);
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
