package io.github.livy4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementResult;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.spi.Throttling;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.VirtualTime;
import io.github.livy4j.testkit.contract.TestTokens;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LivyMetricsTest {
  private static final String TOKEN = "metrics-secret-token-0123456789";
  private static final String STATEMENT = ".*/sessions/[^/]+/statements/[^/]+";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private VirtualTime time;
  private FakeLivy fake;

  @BeforeEach
  void start() {
    time = VirtualTime.create();
    fake =
        FakeLivy.builder()
            .time(time)
            .sessionStartup(Duration.ofSeconds(3))
            .statementDuration(Duration.ofSeconds(2))
            .start();
    fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
    fake.script("boom", FakeResult.error("RuntimeException", "boom"));
  }

  @AfterEach
  void stop() {
    fake.close();
    registry.close();
  }

  private LivyClient.Builder builder(LivyMetrics metrics, TokenProvider tokens) {
    return LivyClient.builder()
        .backend(ApacheLivy.at(fake.uri()))
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .credential(tokens)
        .polling(PollingOptions.builder().timeout(Duration.ofMinutes(2)).build())
        .observer(metrics);
  }

  @Test
  void aSessionAndAStatement_areMetered_byOperationAndTemplate() {
    LivyMetrics metrics = LivyMetrics.builder(registry).tags("cluster", "test").build();
    String id;
    try (LivyClient client = builder(metrics, TokenProviders.fixed(TOKEN)).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      id = s.id().value();
      assertThat(registry.get("livy4j.client.sessions").tag("state", "idle").gauge().value())
          .isEqualTo(1.0);
      s.execute(Code.scala("1 + 1"));
    }

    assertThat(
            registry
                .get("livy4j.client.requests")
                .tag("operation", "statement.run")
                .tag("method", "GET")
                .tag("uri", "/sessions/{sessionId}/statements/{statementId}")
                .tag("status", "200")
                .tag("outcome", "SUCCESS")
                .tag("backend", "apache")
                .timer()
                .count())
        .isPositive();
    assertThat(
            registry
                .get("livy4j.client.requests")
                .tag("operation", "session.create")
                .tag("method", "POST")
                .tag("uri", "/sessions")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("livy4j.client.operations")
                .tag("operation", "session.create")
                .tag("outcome", "SUCCESS")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("livy4j.client.operations")
                .tag("operation", "session.delete")
                .tag("outcome", "SUCCESS")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("livy4j.client.operations")
                .tag("operation", "statement.run")
                .tag("outcome", "SUCCESS")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("livy4j.client.statements.queued").timer().count()).isEqualTo(1);
    // closed: the client owns no session any more
    assertThat(registry.find("livy4j.client.sessions").gauges())
        .allSatisfy(g -> assertThat(g.value()).isZero());
    // every meter has the common tag, and no tag value names a session or holds a token
    for (Meter m : registry.getMeters()) {
      assertThat(m.getId().getTags()).contains(Tag.of("cluster", "test"));
      for (Tag t : m.getId().getTags()) {
        assertThat(t.getValue())
            .doesNotContain(TOKEN)
            .isNotEqualTo(id)
            .doesNotContainPattern("/sessions/\\d");
      }
    }
  }

  @Test
  void throttlesRetriesAndFailures_areCountedWithTheirReason() {
    fake.inject(
        Fault.on("GET", STATEMENT)
            .respond(429, "{\"msg\":\"slow down\"}")
            .header("Retry-After", "1"));
    fake.inject(Fault.on("GET", STATEMENT).respond(503, "{\"msg\":\"busy\"}"));
    try (LivyClient client =
            builder(LivyMetrics.of(registry), TokenProviders.fixed(TOKEN)).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
      assertThatThrownBy(() -> s.execute(Code.scala("boom")))
          .isInstanceOf(StatementFailedException.class);
    }
    assertThat(
            registry
                .get("livy4j.client.requests")
                .tag("operation", "statement.run")
                .tag("status", "429")
                .tag("outcome", "CLIENT_ERROR")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.find("livy4j.client.throttles").meters()).isEmpty();
    assertThat(registry.get("livy4j.client.retries").tag("reason", "throttled").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("livy4j.client.retries").tag("reason", "error").counter().count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("livy4j.client.requests")
                .tag("status", "503")
                .tag("outcome", "SERVER_ERROR")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("livy4j.client.operations")
                .tag("operation", "statement.run")
                .tag("outcome", "FAILURE")
                .tag("exception", "StatementFailedException")
                .timer()
                .count())
        .isEqualTo(1);
  }

  /**
   * The Apache Livy backend, reading a 430 as a service with no capacity, as Fabric's backend
   * does: what a backend reads into its answers is its own.
   */
  private LivyBackend withCapacityAnswers(LivyBackend backend) {
    Throttling capacity =
        (status, body) ->
            status == 430 ? Throttling.Verdict.NO_CAPACITY : Throttling.Verdict.NOT_MINE;
    return (LivyBackend)
        Proxy.newProxyInstance(
            LivyBackend.class.getClassLoader(),
            new Class<?>[] {LivyBackend.class},
            (proxy, method, args) -> {
              if (method.getName().equals("throttling")) {
                return capacity;
              }
              try {
                return method.invoke(backend, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void aWaitForCapacity_isTimed() {
    fake.inject(
        Fault.on("POST", ".*/sessions")
            .respond(
                430, "{\"errorCode\":\"TooManyRequestsForCapacity\",\"message\":\"no capacity\"}"));
    try (LivyClient client =
            builder(LivyMetrics.of(registry), TokenProviders.fixed(TOKEN))
                .backend(withCapacityAnswers(ApacheLivy.at(fake.uri())))
                .retry(RetryOptions.defaults().withCapacityWait(Duration.ofMinutes(5)))
                .build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.id()).isNotNull();
    }
    assertThat(
            registry
                .get("livy4j.client.capacity.waits")
                .tag("operation", "session.create")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("livy4j.client.retries").tag("reason", "capacity").counter().count())
        .isEqualTo(1);
  }

  @Test
  void tokenRefreshesAndFailures_areCounted() {
    TokenProvider rotating = TestTokens.rotating(TOKEN);
    fake.inject(Fault.on("GET", ".*/sessions/.*").respond(401, "{\"msg\":\"expired\"}"));
    LivyMetrics metrics = LivyMetrics.of(registry);
    try (LivyClient client = builder(metrics, rotating).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    TokenProvider broken =
        () -> {
          throw new IllegalStateException("no credential configured");
        };
    try (LivyClient client = builder(metrics, broken).build()) {
      assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
          .hasMessageContaining("no credential");
    }
    assertThat(
            registry
                .get("livy4j.client.token.refreshes")
                .tag("outcome", "SUCCESS")
                .tag("reason", "rejected")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("livy4j.client.retries").tag("reason", "token").counter().count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("livy4j.client.token.refreshes")
                .tag("outcome", "FAILURE")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("livy4j.client.operations")
                .tag("operation", "session.create")
                .tag("outcome", "FAILURE")
                .tag("exception", "IllegalStateException")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aThousandAsyncStatements_areEachCounted_andEveryRequestIsMetered() throws Exception {
    try (FakeLivy quick =
        FakeLivy.builder()
            .sessionStartup(Duration.ZERO)
            .statementDuration(Duration.ofMillis(5))
            .start()) {
      for (int i = 0; i < 1000; i++) {
        quick.script("n" + i, FakeResult.text("r" + i));
      }
      try (LivyClient client =
          LivyClient.builder()
              .backend(ApacheLivy.at(quick.uri()))
              .deleteSessionsOnShutdown(false)
              .observer(LivyMetrics.of(registry))
              .build()) {
        List<LivyAsyncSession> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          sessions.add(
              client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS));
        }
        List<CompletableFuture<StatementResult>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          results.add(sessions.get(i % 20).execute(Code.scala("n" + i)));
        }
        for (int i = 0; i < 1000; i++) {
          assertThat(results.get(i).get(60, TimeUnit.SECONDS).text()).hasValue("r" + i);
        }
        assertThat(registry.get("livy4j.client.sessions").tag("state", "idle").gauge().value())
            .isEqualTo(20.0);
        sessions.forEach(LivyAsyncSession::close);
      }
      assertThat(
              registry
                  .get("livy4j.client.operations")
                  .tag("operation", "statement.run")
                  .tag("outcome", "SUCCESS")
                  .timer()
                  .count())
          .isEqualTo(1000);
      assertThat(registry.get("livy4j.client.statements.queued").timer().count()).isEqualTo(1000);
      long metered =
          registry.get("livy4j.client.requests").timers().stream().mapToLong(Timer::count).sum();
      assertThat(metered).as("every request the server saw").isEqualTo(quick.requests().size());
      assertThat(registry.find("livy4j.client.requests").tag("operation", "other").timers())
          .isEmpty();
      assertThat(registry.find("livy4j.client.sessions").gauges())
          .allSatisfy(g -> assertThat(g.value()).isZero());
    }
  }

  @Test
  void anAnonymousException_isTaggedWithItsFullName() {
    TokenProvider broken =
        () -> {
          throw new IllegalStateException("no credential configured") {};
        };
    try (LivyClient client = builder(LivyMetrics.of(registry), broken).build()) {
      assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
          .hasMessageContaining("no credential");
    }
    assertThat(
            registry
                .get("livy4j.client.operations")
                .tag("operation", "session.create")
                .tag("outcome", "FAILURE")
                .timer()
                .getId()
                .getTag("exception"))
        .startsWith(LivyMetricsTest.class.getName() + "$");
  }

  @Test
  void twoClientsOnOneRegistry_keepTheirSeriesApart_byNameAndServer() {
    try (FakeLivy other = FakeLivy.builder().time(time).sessionStartup(Duration.ZERO).start();
        LivyClient a =
            builder(LivyMetrics.builder(registry).client("a").build(), TokenProviders.fixed(TOKEN))
                .build();
        LivyClient b =
            builder(LivyMetrics.builder(registry).client("b").build(), TokenProviders.fixed(TOKEN))
                .backend(ApacheLivy.at(other.uri()))
                .build();
        LivySession a1 = a.createSession(SessionSpec.defaults());
        LivySession b1 = b.createSession(SessionSpec.defaults());
        LivySession b2 = b.createSession(SessionSpec.defaults())) {
      assertThat(sessions("a")).isEqualTo(1.0);
      assertThat(sessions("b")).isEqualTo(2.0);
      assertThat(creates("a", fake.uri().getPort())).isEqualTo(1);
      assertThat(creates("b", other.uri().getPort())).isEqualTo(2);
      assertThat(registry.find("livy4j.client.requests").tag("client", "a").timers())
          .allSatisfy(
              t -> {
                assertThat(t.getId().getTag("server.address")).isEqualTo(fake.uri().getHost());
                assertThat(t.getId().getTag("server.port"))
                    .isEqualTo(Integer.toString(fake.uri().getPort()));
              });
    }
    assertThat(sessions("a")).isZero();
    assertThat(sessions("b")).isZero();
  }

  private double sessions(String client) {
    return registry
        .get("livy4j.client.sessions")
        .tag("client", client)
        .tag("state", "idle")
        .gauge()
        .value();
  }

  private long creates(String client, int port) {
    return registry
        .get("livy4j.client.requests")
        .tag("client", client)
        .tag("server.port", Integer.toString(port))
        .tag("method", "POST")
        .tag("uri", "/sessions")
        .timer()
        .count();
  }

  @Test
  void twoInstancesWithTheSameTags_addToOneSessionsGauge() {
    try (LivyClient a = builder(LivyMetrics.of(registry), TokenProviders.fixed(TOKEN)).build();
        LivyClient b = builder(LivyMetrics.of(registry), TokenProviders.fixed(TOKEN)).build();
        LivySession a1 = a.createSession(SessionSpec.defaults());
        LivySession b1 = b.createSession(SessionSpec.defaults())) {
      assertThat(registry.get("livy4j.client.sessions").tag("state", "idle").gauge().value())
          .isEqualTo(2.0);
    }
  }

  @Test
  void statementTimers_haveHistogramBucketsUpToThirtyMinutes() {
    SimpleMeterRegistry histograms =
        MicrometerTestSupport.withHistograms(MicrometerTestSupport.clock(time));
    fake.script("long", FakeResult.text("done").taking(Duration.ofMinutes(3)));
    try (LivyClient client =
            builder(LivyMetrics.of(histograms), TokenProviders.fixed(TOKEN))
                .polling(PollingOptions.builder().timeout(Duration.ofMinutes(10)).build())
                .build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("long"));
    }
    Timer statements =
        histograms.get("livy4j.client.operations").tag("operation", "statement.run").timer();
    assertThat(statements.totalTime(TimeUnit.MINUTES)).isGreaterThanOrEqualTo(3.0);
    assertBucketsReach(statements, Duration.ofMinutes(30));
    assertBucketsReach(
        histograms.get("livy4j.client.operations").tag("operation", "session.create").timer(),
        Duration.ofMinutes(10));
    assertThat(
            histograms.get("livy4j.client.requests").timers().stream()
                .map(t -> last(t).bucket(TimeUnit.SECONDS)))
        .allSatisfy(max -> assertThat(max).isBetween(60.0, 90.0));
    histograms.close();
  }

  /** The timer's largest bucket reaches the duration, and its samples are all in finite ones. */
  static void assertBucketsReach(Timer timer, Duration max) {
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    assertThat(last(timer).bucket(TimeUnit.NANOSECONDS))
        .as("largest bucket of %s", timer.getId())
        .isGreaterThanOrEqualTo(max.toNanos());
    assertThat(buckets[buckets.length - 1].count())
        .as("samples of %s below +Inf", timer.getId())
        .isEqualTo(timer.count());
  }

  private static CountAtBucket last(Timer timer) {
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    assertThat(buckets).as("histogram of %s", timer.getId()).isNotEmpty();
    return buckets[buckets.length - 1];
  }

  @Test
  void aRunningStatement_isCountedByTheLongTaskTimer_whileItRuns() {
    SimpleMeterRegistry clocked =
        new SimpleMeterRegistry(SimpleConfig.DEFAULT, MicrometerTestSupport.clock(time));
    fake.script("long", FakeResult.text("done").taking(Duration.ofMinutes(3)));
    List<Integer> active = new CopyOnWriteArrayList<>();
    List<Integer> running = new CopyOnWriteArrayList<>();
    List<Double> longest = new CopyOnWriteArrayList<>();
    try (LivyClient client =
            builder(LivyMetrics.of(clocked), TokenProviders.fixed(TOKEN))
                .polling(PollingOptions.builder().timeout(Duration.ofMinutes(10)).build())
                .observer(
                    MicrometerTestSupport.atEachStatementPoll(
                        () -> {
                          LongTaskTimer a =
                              clocked
                                  .get("livy4j.client.operations.active")
                                  .tag("operation", "statement.run")
                                  .longTaskTimer();
                          active.add(a.activeTasks());
                          longest.add(a.max(TimeUnit.SECONDS));
                          running.add(
                              clocked
                                  .get("livy4j.client.statements.running")
                                  .longTaskTimer()
                                  .activeTasks());
                        }))
                .build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("long"));
      assertThat(active).isNotEmpty().containsOnly(1);
      assertThat(running).as("running from the submit's answer to its end").containsOnly(1);
      assertThat(clocked.get("livy4j.client.statements.running").longTaskTimer().activeTasks())
          .isZero();
      assertThat(longest).last().satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(170.0));
      assertThat(
              clocked
                  .get("livy4j.client.operations.active")
                  .tag("operation", "statement.run")
                  .longTaskTimer()
                  .activeTasks())
          .isZero();
      Timer queued = clocked.get("livy4j.client.statements.queued").timer();
      assertThat(queued.count()).isEqualTo(1);
      assertThat(queued.totalTime(TimeUnit.NANOSECONDS))
          .as("started at once: it never waited")
          .isZero();
    }
    clocked.close();
  }

  @Test
  void alongsideObservations_makesOnlyTheMetersObservationsDoNot() {
    fake.inject(
        Fault.on("GET", STATEMENT)
            .respond(429, "{\"msg\":\"slow down\"}")
            .header("Retry-After", "1"));
    try (LivyClient client =
            builder(
                    LivyMetrics.builder(registry).alongsideObservations().build(),
                    TokenProviders.fixed(TOKEN))
                .build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
      assertThat(registry.get("livy4j.client.sessions").tag("state", "idle").gauge().value())
          .isEqualTo(1.0);
    }
    assertThat(registry.get("livy4j.client.retries").tag("reason", "throttled").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("livy4j.client.statements.queued").timer().count()).isEqualTo(1);
    assertThat(registry.find("livy4j.client.requests").meters()).isEmpty();
    assertThat(registry.find("livy4j.client.operations").meters()).isEmpty();
    assertThat(registry.find("livy4j.client.operations.active").meters()).isEmpty();
  }

  @Test
  void toString_namesTheRegistry() {
    assertThat(LivyMetrics.builder(registry).tags("cluster", "a").build().toString())
        .contains("SimpleMeterRegistry", "cluster");
  }
}
