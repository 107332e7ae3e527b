package io.github.livy4j.benchmarks;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyEngine;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.testkit.CredentialRecorder;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service with a client per user, as the user takes it: {@code clients} {@link LivyClient}s,
 * each with a credential of its own, built on one {@link LivyEngine}; each creates a session and
 * runs one statement, all at once, through the asynchronous API, against the fake server over
 * loopback HTTP. Reports the peak of the client threads (livy4j's own and the JDK HTTP
 * client's: its selector, and two threads for its short tasks, as the engine's own client has), whether every request about a session carried the token of the client that created
 * it, whether every result was right, and whether closing one client deleted only its session.
 */
public final class ManyClients {
  /** What one run found. */
  public record Result(
      int clients,
      int peakClientThreads,
      int clientThreadsAfterClose,
      int peakRequestsInFlight,
      Duration wall,
      int correct,
      int ownCredentialOnly,
      boolean closingOneDeletedOnlyItsOwn) {}

  private ManyClients() {}

  /**
   * Runs it alone and prints what it found.
   *
   * @param args {@code [clients]}, 1,000 by default
   * @throws Exception if the run breaks
   */
  public static void main(String[] args) throws Exception {
    System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 1_000));
  }

  /**
   * Runs it.
   *
   * @param clients how many clients
   * @return what it found
   * @throws Exception if the run breaks
   */
  public static Result run(int clients) throws Exception {
    AtomicInteger peak = new AtomicInteger(threads());
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(threads(), Math::max), 0, 10, TimeUnit.MILLISECONDS);
    CredentialRecorder seen = new CredentialRecorder();
    int correct = 0;
    int own = 0;
    boolean onlyItsOwn;
    long started;
    long ended;
    int inFlight;
    try (FakeLivy fake =
        FakeLivy.builder()
            .sessionStartup(Duration.ZERO)
            .statementDuration(Duration.ofMillis(50))
            .start()) {
      fake.script("whoami()", FakeResult.text("res0: String = me"));
      // the JDK client the engine would make for itself (two threads for its short tasks),
      // wrapped to note each request's credential
      ExecutorService httpThreads =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "HttpClient-task");
                t.setDaemon(true);
                return t;
              });
      HttpClient http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(httpThreads)
              .build();
      LivyEngine engine =
          LivyEngine.builder().httpClient(seen.wrap(http)).maxConnections(64).build();
      try {
        List<LivyClient> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          all.add(
              LivyClient.builder()
                  .engine(engine)
                  .backend(ApacheLivy.at(fake.uri()))
                  .credential(TokenProviders.fixed("user-token-" + i))
                  .refuseCredentialsOverPlainHttp(false)
                  .deleteSessionsOnShutdown(false)
                  .build());
        }
        started = System.nanoTime();
        List<CompletableFuture<StatementResult>> runs = new ArrayList<>();
        List<CompletableFuture<SessionId>> ids = new ArrayList<>();
        for (LivyClient c : all) {
          CompletableFuture<LivyAsyncSession> s = c.async().createSession(SessionSpec.defaults());
          ids.add(s.thenApply(LivyAsyncSession::id));
          runs.add(s.thenCompose(a -> a.execute(Code.scala("whoami()"))));
        }
        for (CompletableFuture<StatementResult> r : runs) {
          if (r.get(10, TimeUnit.MINUTES).text().orElse("").equals("res0: String = me")) {
            correct++;
          }
        }
        ended = System.nanoTime();
        for (int i = 0; i < clients; i++) {
          Set<String> carried = seen.bySession().get(ids.get(i).join());
          if (Set.of(CredentialRecorder.fingerprint("user-token-" + i)).equals(carried)) {
            own++;
          }
        }
        int before = fake.sessionCount();
        all.get(0).close();
        onlyItsOwn = fake.sessionCount() == before - 1;
      } finally {
        engine.close();
        httpThreads.shutdownNow();
        httpThreads.awaitTermination(10, TimeUnit.SECONDS);
      }
      inFlight = fake.peakConcurrentRequests();
    } finally {
      sampler.shutdownNow();
    }
    return new Result(
        clients,
        peak.get(),
        threads(),
        inFlight,
        Duration.ofNanos(ended - started),
        correct,
        own,
        onlyItsOwn);
  }

  /** Live threads of the clients: livy4j's own and the JDK HTTP client's. */
  static int threads() {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName();
      if (t.isAlive()
          && (name.startsWith("livy4j-") && !name.equals("livy4j-shutdown")
              || name.startsWith("HttpClient-"))) {
        n++;
      }
    }
    return n;
  }
}
