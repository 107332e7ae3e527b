package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionPool;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.ForwardingHttpClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous engine against a real local server: a poll whose request is in flight holds
 * no thread, so hung requests cannot stall the other waits, and a client never has more
 * requests in flight than its connection bound.
 */
class AsyncEngineTest {
  private FakeLivy fake;

  @BeforeEach
  void start() {
    fake =
        FakeLivy.builder().sessionStartup(Duration.ZERO).statementDuration(Duration.ZERO).start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void hungPolls_holdNoThread_andDoNotStallOtherWaits() throws Exception {
    fake.script("slow", FakeResult.text("late").taking(Duration.ofMinutes(5)));
    try (LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(fake.uri()))
                .deleteSessionsOnShutdown(false)
                .build();
        LivyAsyncSession stuck =
            client.async().createSession(SessionSpec.defaults()).get(20, TimeUnit.SECONDS);
        LivyAsyncSession fine =
            client.async().createSession(SessionSpec.defaults()).get(20, TimeUnit.SECONDS)) {
      int hung = 24; // several times the client's worker threads
      fake.inject(
          Fault.on("GET", "/sessions/" + stuck.id() + "/statements/\\d+").hang().times(1000));
      List<CompletableFuture<StatementResult>> waits = new ArrayList<>();
      for (int i = 0; i < hung; i++) {
        waits.add(stuck.execute(Code.scala("slow"), Duration.ofMinutes(2)));
      }
      awaitUntil(() -> polls(stuck.sync()) >= hung, Duration.ofSeconds(20));

      StatementResult r =
          fine.execute(Code.scala("1 + 1"), Duration.ofMinutes(2)).get(20, TimeUnit.SECONDS);

      assertThat(r.text()).isPresent();
      assertThat(waits).noneMatch(CompletableFuture::isDone);
      long clientThreads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith("livy4j-"))
              .count();
      assertThat(clientThreads).as("livy4j threads while %d polls hang", hung).isLessThan(hung);
      waits.forEach(w -> w.cancel(true));
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void anAnswerHangingMidBody_endsAtTheRequestTimeout_andIsReadAgain_withoutAThreadHeld()
      throws Exception {
    try (LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(fake.uri()))
                .deleteSessionsOnShutdown(false)
                .requestTimeout(Duration.ofMillis(500))
                .build();
        LivyAsyncSession s =
            client.async().createSession(SessionSpec.defaults()).get(20, TimeUnit.SECONDS)) {
      fake.script("ok", FakeResult.text("read again").taking(Duration.ofMillis(200)));
      fake.inject(Fault.on("GET", "/sessions/\\d+/statements/\\d+").hangMidBody().times(2));
      StatementResult r =
          s.execute(Code.scala("ok"), Duration.ofMinutes(1)).get(30, TimeUnit.SECONDS);
      assertThat(r.text()).contains("read again");
      assertThat(fake.requests())
          .filteredOn(
              q -> q.method().equals("GET") && q.path().matches("/sessions/\\d+/statements/\\d+"))
          .hasSizeGreaterThanOrEqualTo(3);
    }
    assertThat(fake.sessionCount()).isZero();
  }

  /**
   * The bound is counted where it is enforced: at the client, from the moment a request is
   * handed to the JDK client until its answer (or failure) is complete. A count on the server
   * would also hold a request for the moment between the client having read its whole answer
   * and the server's thread finishing its own bookkeeping; the client is free to send the next
   * request in that moment, so a server-side peak can exceed the bound without the client ever
   * having more requests in flight than it allows.
   */
  @Test
  void requestsInFlight_neverExceedTheConnectionBound() throws Exception {
    fake.inject(
        Fault.on("GET", "/sessions/\\d+/statements/\\d+")
            .delay(Duration.ofMillis(150))
            .times(1000));
    CountingHttpClient http =
        new CountingHttpClient(
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build());
    try (LivyClient client =
        LivyClient.builder()
            .backend(ApacheLivy.at(fake.uri()))
            .httpClient(http)
            .maxConnections(3)
            .deleteSessionsOnShutdown(false)
            .build()) {
      List<LivyAsyncSession> sessions = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sessions.add(
            client.async().createSession(SessionSpec.defaults()).get(20, TimeUnit.SECONDS));
      }
      List<CompletableFuture<StatementResult>> waits = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        // running still when its submit is answered, so every wait reads it (slowly) at least
        // once: the submits alone can come one after the other on a quick server
        fake.script("n" + i, FakeResult.text("r" + i).taking(Duration.ofMillis(300)));
      }
      for (int i = 0; i < 20; i++) {
        waits.add(sessions.get(i % 4).execute(Code.scala("n" + i), Duration.ofMinutes(2)));
      }
      for (int i = 0; i < 20; i++) {
        assertThat(waits.get(i).get(60, TimeUnit.SECONDS).text()).hasValue("r" + i);
      }
      assertThat(http.peak()).as("requests in flight at once, at the client").isBetween(2, 3);
      assertThat(http.inFlight()).isZero();
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void aPool_underContention_servesEveryBorrower_withinItsMax() throws Exception {
    try (LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(fake.uri()))
                .deleteSessionsOnShutdown(false)
                .build();
        SessionPool pool =
            SessionPool.builder(client, SessionSpec.defaults()).min(1).max(4).build()) {
      for (int i = 0; i < 200; i++) {
        fake.script("n" + i, FakeResult.text("r" + i));
      }
      List<CompletableFuture<String>> results = new ArrayList<>();
      java.util.concurrent.ExecutorService users =
          java.util.concurrent.Executors.newFixedThreadPool(40);
      try {
        for (int i = 0; i < 200; i++) {
          int n = i;
          results.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    try (LivySession s = pool.borrow(Duration.ofMinutes(1))) {
                      return s.execute(Code.scala("n" + n)).text().orElse("");
                    }
                  },
                  users));
        }
        for (int i = 0; i < 200; i++) {
          assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("r" + i);
        }
      } finally {
        users.shutdownNow();
      }
      SessionPool.Stats stats = pool.stats();
      assertThat(stats.created()).isBetween(1L, 4L);
      assertThat(stats.borrowed()).isZero();
      assertThat(stats.waiting()).isZero();
      assertThat(fake.sessionCount()).isEqualTo((int) stats.created());
    }
    assertThat(fake.sessionCount()).isZero();
  }

  private long polls(LivySession s) {
    String prefix = "/sessions/" + s.id() + "/statements/";
    return fake.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith(prefix))
        .count();
  }

  private static void awaitUntil(BooleanSupplier condition, Duration max) {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + max);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** A JDK client that counts the requests it has in flight, and the most at once. */
  private static final class CountingHttpClient extends ForwardingHttpClient {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    CountingHttpClient(HttpClient delegate) {
      super(delegate);
    }

    int peak() {
      return peak.get();
    }

    int inFlight() {
      return inFlight.get();
    }

    private void began() {
      peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      began();
      try {
        return delegate.send(request, handler);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request,
        HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> push) {
      began();
      CompletableFuture<HttpResponse<T>> sent;
      try {
        sent = delegate.sendAsync(request, handler, push);
      } catch (RuntimeException e) {
        inFlight.decrementAndGet();
        throw e;
      }
      // the caller sees the answer only once it is no longer counted
      return sent.whenComplete((r, e) -> inFlight.decrementAndGet());
    }
  }
}
