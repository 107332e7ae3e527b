package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Load and soak through one client: many sessions and thousands of statements against the fake
 * server, every result checked, with the heap (after a collection) and the threads sampled
 * after every round. The figures go to {@code target/load-soak.md}.
 *
 * <p>The build's default run takes 50 sessions and 6 rounds of 500 statements; the {@code full}
 * profile ({@code -Pfull}, also run by {@code benchmarks/run}) takes 200 sessions and 10 rounds
 * of 2,000 (system properties {@code livy4j.soak.sessions}, {@code livy4j.soak.rounds} and
 * {@code livy4j.soak.perRound}).
 */
class LoadSoakTest {
  private static final int SESSIONS = Integer.getInteger("livy4j.soak.sessions", 50);
  private static final int ROUNDS = Math.max(2, Integer.getInteger("livy4j.soak.rounds", 6));
  private static final int PER_ROUND = Integer.getInteger("livy4j.soak.perRound", 500);

  /**
   * Growth of the heap over the second half of the statements that still counts as stable:
   * 3 MB, so over the full run's 10,000 statements a leak of 300 bytes a statement fails the
   * test (over the default run's 1,500, a leak of 2 KB a statement).
   */
  private static final long HEAP_SLACK = 3L << 20;

  private record Sample(
      int round, long statements, long heapUsed, int jvmThreads, int clientThreads, long millis) {}

  @Test
  void hundredsOfSessions_andTensOfThousandsOfStatements_allCorrect_withStableHeapAndThreads()
      throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Sample> samples = new ArrayList<>();
    int peakClientThreads = 0;
    long began = System.nanoTime();
    // the fake shares the JVM: it keeps few statements, few log lines and no journal, so what
    // grows is the client's
    try (FakeLivy fake =
        FakeLivy.builder()
            .sessionStartup(Duration.ZERO)
            .statementDuration(Duration.ZERO)
            .retainedStatements(10)
            .sessionLogLines(10)
            .start()) {
      fake.script(c -> c.startsWith("echo "), c -> FakeResult.text(c.substring(5)));
      LivyClient client =
          LivyClient.builder()
              .backend(ApacheLivy.at(fake.uri()))
              .deleteSessionsOnShutdown(false)
              .build();
      try {
        List<CompletableFuture<LivyAsyncSession>> starting = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
          starting.add(client.async().createSession(SessionSpec.defaults()));
        }
        List<LivyAsyncSession> sessions = new ArrayList<>();
        for (CompletableFuture<LivyAsyncSession> s : starting) {
          sessions.add(s.get(5, TimeUnit.MINUTES));
        }
        assertThat(fake.sessionCount()).isEqualTo(SESSIONS);
        long done = 0;
        for (int round = 1; round <= ROUNDS; round++) {
          List<CompletableFuture<StatementResult>> results = new ArrayList<>(PER_ROUND);
          for (int i = 0; i < PER_ROUND; i++) {
            results.add(sessions.get(i % SESSIONS).execute(Code.scala("echo " + round + "-" + i)));
          }
          for (int i = 0; i < PER_ROUND; i++) {
            StatementResult r = results.get(i).get(5, TimeUnit.MINUTES);
            assertThat(r.text()).as("statement %d of round %d", i, round).contains(round + "-" + i);
            peakClientThreads = Math.max(peakClientThreads, clientThreads());
          }
          done += PER_ROUND;
          fake.clearRequests();
          System.gc();
          samples.add(
              new Sample(
                  round,
                  done,
                  memory.getHeapMemoryUsage().getUsed(),
                  threads.getThreadCount(),
                  clientThreads(),
                  (System.nanoTime() - began) / 1_000_000));
        }
        for (LivyAsyncSession s : sessions) {
          s.closeAsync().get(1, TimeUnit.MINUTES);
        }
      } finally {
        client.close();
      }
      assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
    }
    report(samples, peakClientThreads);
    // over the second half, the heap holds steady: nothing grows with the statements run
    long settled = samples.get(ROUNDS / 2 - 1).heapUsed();
    assertThat(samples.get(samples.size() - 1).heapUsed())
        .as("heap after the last round")
        .isLessThan(settled + HEAP_SLACK);
    assertThat(samples)
        .as("client threads after each round")
        .allSatisfy(s -> assertThat(s.clientThreads()).isLessThanOrEqualTo(maxClientThreads()));
    assertThat(peakClientThreads).isLessThanOrEqualTo(maxClientThreads());
    assertThat(awaitNoClientThreads()).as("client threads after close").isZero();
  }

  /**
   * The client's own threads at most: its workers; its callbacks, HTTP and blocking-call pools;
   * its timer and its watchdog.
   */
  private static int maxClientThreads() {
    int cores = Runtime.getRuntime().availableProcessors();
    return Math.max(4, 2 * cores) + 3 * Math.max(2, cores) + 2;
  }

  private static int clientThreads() {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("livy4j-")) {
        n++;
      }
    }
    return n;
  }

  /** Waits for the client's threads to end (each joined, within 10 s in all). */
  private static int awaitNoClientThreads() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("livy4j-")) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
      }
    }
    return clientThreads();
  }

  private static void report(List<Sample> samples, int peakClientThreads) throws IOException {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%d sessions, %d statements through one client (async), %d cores, max heap %d MB;"
                    + " peak client threads %d%n%n| round | statements | heap used after GC (MB) |"
                    + " JVM threads | client threads | elapsed (s) |%n|---:|---:|---:|---:|---:|---:|%n",
                SESSIONS,
                (long) ROUNDS * PER_ROUND,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                peakClientThreads));
    for (Sample s : samples) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.1f | %d | %d | %.1f |%n",
              s.round(),
              s.statements(),
              s.heapUsed() / 1048576.0,
              s.jvmThreads(),
              s.clientThreads(),
              s.millis() / 1000.0));
    }
    Path out = Path.of("target", "load-soak.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, b, StandardCharsets.UTF_8);
  }
}
