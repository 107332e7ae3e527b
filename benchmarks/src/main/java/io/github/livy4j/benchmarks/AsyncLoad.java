package io.github.livy4j.benchmarks;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many asynchronous statements at once: {@code statements} spread over {@code sessions}
 * sessions of the fake server in real time, each statement running {@code statementTime}.
 * Reports the peak of the client's live threads and of the whole JVM's (the fake server's
 * and the JDK's included), the client threads left after close, the most requests
 * the server had in flight at once (the client's connections), the wall time
 * against the floor (each session runs its statements one after another) and whether every
 * result was right.
 */
public final class AsyncLoad {
  /** What one run found. */
  public record Result(
      int statements,
      int sessions,
      Duration statementTime,
      int threadsBefore,
      int peakThreads,
      int peakJvmThreads,
      int clientThreadsAfterClose,
      int peakRequestsInFlight,
      Duration wall,
      Duration floor,
      int correct) {}

  private AsyncLoad() {}

  /**
   * Runs the load.
   *
   * @param statements how many statements
   * @param sessions over how many sessions
   * @param statementTime how long each runs
   * @return what it found
   * @throws Exception if the run breaks
   */
  public static Result run(int statements, int sessions, Duration statementTime) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int before = threads.getThreadCount();
    threads.resetPeakThreadCount();
    AtomicInteger peak = new AtomicInteger(before);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(clientThreads(), Math::max), 0, 10, TimeUnit.MILLISECONDS);
    long started;
    long ended;
    int correct = 0;
    int inFlight;
    try (FakeLivy fake =
        FakeLivy.builder()
            .sessionStartup(Duration.ZERO)
            .statementDuration(statementTime)
            .retainedStatements(statements)
            .start()) {
      LivyClient client =
          LivyClient.builder()
              .backend(ApacheLivy.at(fake.uri()))
              .deleteSessionsOnShutdown(false)
              .build();
      try {
        List<LivyAsyncSession> open = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
          open.add(client.async().createSession(SessionSpec.defaults()).get(60, TimeUnit.SECONDS));
        }
        for (int i = 0; i < statements; i++) {
          fake.script("echo(" + i + ")", FakeResult.text("r" + i));
        }
        started = System.nanoTime();
        List<CompletableFuture<StatementResult>> results = new ArrayList<>();
        for (int i = 0; i < statements; i++) {
          results.add(open.get(i % sessions).execute(Code.scala("echo(" + i + ")")));
        }
        for (int i = 0; i < statements; i++) {
          StatementResult r = results.get(i).get(10, TimeUnit.MINUTES);
          if (r.text().orElse("").equals("r" + i)) {
            correct++;
          }
        }
        ended = System.nanoTime();
        for (LivyAsyncSession s : open) {
          s.closeAsync().get(60, TimeUnit.SECONDS);
        }
      } finally {
        client.close();
      }
      inFlight = fake.peakConcurrentRequests();
    } finally {
      sampler.shutdownNow();
    }
    int perSession = (statements + sessions - 1) / sessions;
    return new Result(
        statements,
        sessions,
        statementTime,
        before,
        peak.get(),
        threads.getPeakThreadCount(),
        clientThreads(),
        inFlight,
        Duration.ofNanos(ended - started),
        statementTime.multipliedBy(perSession),
        correct);
  }

  /** Live threads the client runs (its workers, timer, HTTP and close threads). */
  static int clientThreads() {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()
          && t.getName().startsWith("livy4j-")
          && !t.getName().equals("livy4j-shutdown")) {
        n++;
      }
    }
    return n;
  }
}
