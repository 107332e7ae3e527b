package io.github.livy4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.VirtualTime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.SenderContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LivyObservationsTest {
  private static final String TOKEN = "observations-secret-token-0123456789";
  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

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
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private LivyClient.Builder builder(LivyObservations observations) {
    return LivyClient.builder()
        .backend(ApacheLivy.at(fake.uri()))
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .credential(TokenProviders.fixed(TOKEN))
        .polling(PollingOptions.builder().timeout(Duration.ofMinutes(2)).build())
        .observer(observations);
  }

  /** A tracing handler's part that matters here: it injects a header into what it sends. */
  private static final class Propagating implements ObservationHandler<SenderContext<?>> {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void onStart(SenderContext<?> context) {
      SenderContext raw = context;
      raw.getSetter().set(raw.getCarrier(), "traceparent", TRACEPARENT);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return context instanceof SenderContext;
    }
  }

  /** Counts scopes opened and closed, by the observation's name. */
  private static final class Scopes implements ObservationHandler<Observation.Context> {
    final Map<String, AtomicInteger> opened = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> closed = new ConcurrentHashMap<>();

    @Override
    public void onScopeOpened(Observation.Context context) {
      opened.computeIfAbsent(context.getName(), n -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onScopeClosed(Observation.Context context) {
      closed.computeIfAbsent(context.getName(), n -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  @Test
  void eachOperation_isTheParentOfItsAttempts_withKeysAndEvents() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    Scopes scopes = new Scopes();
    registry.observationConfig().observationHandler(scopes);
    String session;
    try (LivyClient client = builder(LivyObservations.create(registry)).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      session = s.id().value();
      s.execute(Code.scala("1 + 1"));
    }

    TestObservationRegistryAssert.assertThat(registry)
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("livy4j.client.operations")
                    .hasContextualNameEqualTo("livy4j statement.run")
                    .hasLowCardinalityKeyValue("backend", "apache")
                    .hasLowCardinalityKeyValue("operation", "statement.run")
                    .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                    .hasLowCardinalityKeyValue("exception", "none")
                    .hasHighCardinalityKeyValue("livy4j.session.id", session)
                    .hasHighCardinalityKeyValue("livy4j.statement.id", "0"))
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("livy4j.client.operations")
                    .hasLowCardinalityKeyValue("operation", "session.create")
                    .hasHighCardinalityKeyValue("livy4j.session.id", session))
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("livy4j.client.requests")
                    .hasContextualNameEqualTo("POST /sessions")
                    .hasLowCardinalityKeyValue("method", "POST")
                    .hasLowCardinalityKeyValue("uri", "/sessions")
                    .hasLowCardinalityKeyValue("status", "201")
                    .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                    .hasLowCardinalityKeyValue("exception", "none")
                    .hasLowCardinalityKeyValue("server.address", fake.uri().getHost())
                    .hasLowCardinalityKeyValue(
                        "server.port", Integer.toString(fake.uri().getPort()))
                    .hasHighCardinalityKeyValue("http.url", fake.uri() + "/sessions"));

    List<Observation.Context> contexts = new ArrayList<>();
    TestObservationRegistryAssert.assertThat(registry)
        .hasHandledContextsThatSatisfy(contexts::addAll);
    LivyOperationContext statement =
        contexts.stream()
            .filter(LivyOperationContext.class::isInstance)
            .map(LivyOperationContext.class::cast)
            .filter(c -> c.operation().name().equals("statement.run"))
            .findFirst()
            .orElseThrow();
    List<LivyRequestContext> requests =
        contexts.stream()
            .filter(LivyRequestContext.class::isInstance)
            .map(LivyRequestContext.class::cast)
            .toList();
    assertThat(requests).hasSize(fake.requests().size());
    // every attempt's parent is its operation's observation
    assertThat(requests)
        .allSatisfy(
            r -> {
              ObservationView parent = r.getParentObservation();
              assertThat(parent).isNotNull();
              assertThat(parent.getContextView())
                  .isInstanceOfSatisfying(
                      LivyOperationContext.class,
                      op -> assertThat(op.operation()).isSameAs(r.operation()));
            });
    List<LivyRequestContext> statementRequests =
        requests.stream()
            .filter(r -> r.getParentObservation().getContextView() == statement)
            .toList();
    assertThat(statementRequests)
        .extracting(r -> r.exchange().method() + " " + r.exchange().urlTemplate())
        .contains(
            "POST /sessions/{sessionId}/statements",
            "GET /sessions/{sessionId}/statements/{statementId}");
    // a state and poll event per look: the statement went from waiting or running to available
    assertThat(statement.state()).hasValue("available");
    // each attempt's scope was open around its send, and closed again
    assertThat(scopes.opened.get("livy4j.client.requests")).hasValue(requests.size());
    assertThat(scopes.closed.get("livy4j.client.requests")).hasValue(requests.size());
  }

  @Test
  void stateChangesAndPolls_areEventsOfTheOperation_countedByTheMeterHandler() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    try (LivyClient client = builder(LivyObservations.create(registry)).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    assertThat(
            meters
                .get("livy4j.client.operations.poll")
                .tag("operation", "statement.run")
                .counter()
                .count())
        .isPositive();
    assertThat(
            meters
                .get("livy4j.client.operations.state")
                .tag("operation", "session.create")
                .counter()
                .count())
        .isPositive();
    meters.close();
  }

  @Test
  void aPropagatingHandler_addsItsHeaderToEveryRequest() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    registry.observationConfig().observationHandler(new Propagating());
    try (LivyClient client = builder(LivyObservations.create(registry)).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    assertThat(fake.requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("traceparent")).hasValue(TRACEPARENT));
  }

  @Test
  void asyncWork_opensTheOperationsScope_onTheClientsThreads() throws Exception {
    TestObservationRegistry registry = TestObservationRegistry.create();
    Scopes scopes = new Scopes();
    registry.observationConfig().observationHandler(scopes);
    try (FakeLivy quick =
            FakeLivy.builder()
                .sessionStartup(Duration.ZERO)
                .statementDuration(Duration.ofMillis(5))
                .start();
        LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(quick.uri()))
                .deleteSessionsOnShutdown(false)
                .observer(LivyObservations.create(registry))
                .build()) {
      quick.script("1 + 1", FakeResult.text("2"));
      LivyAsyncSession s =
          client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS);
      assertThat(s.execute(Code.scala("1 + 1")).get(30, TimeUnit.SECONDS).text()).hasValue("2");
      s.close();
    }
    assertThat(scopes.opened.get("livy4j.client.operations")).isNotNull();
    assertThat(scopes.opened.get("livy4j.client.operations").get())
        .isEqualTo(scopes.closed.get("livy4j.client.operations").get());
  }

  @Test
  void aDependentAction_runsInTheCallersObservation_notUnderTheEndedOperation() throws Exception {
    TestObservationRegistry registry = TestObservationRegistry.create();
    List<Observation.Context> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<Observation.Context>() {
              @Override
              public void onStart(Observation.Context context) {
                started.add(context);
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    Observation job = Observation.start("orders.job", registry);
    String inDependent;
    try (LivyClient client = builder(LivyObservations.create(registry)).build();
        LivyAsyncSession s =
            client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS)) {
      java.util.concurrent.CompletableFuture<String> dependent;
      try (Observation.Scope scope = job.openScope()) {
        dependent =
            s.execute(Code.scala("1 + 1"))
                .thenApply(
                    r -> {
                      Observation current = registry.getCurrentObservation();
                      return current == null ? "none" : current.getContext().getName();
                    });
      }
      inDependent = dependent.get(30, TimeUnit.SECONDS);
    } finally {
      job.stop();
    }
    assertThat(inDependent).isEqualTo("orders.job");
    assertThat(started)
        .filteredOn(c -> "livy4j statement.run".equals(c.getContextualName()))
        .singleElement()
        .satisfies(
            run ->
                assertThat(run.getParentObservation().getContextView().getName())
                    .isEqualTo("orders.job"));
  }

  @Test
  void aPredicateSwitchingLivy4jOff_leavesTheClientWorking_withNoObservation() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    registry.observationConfig().observationHandler(new Propagating());
    registry.observationConfig().observationPredicate((name, ctx) -> !name.startsWith("livy4j."));
    try (LivyClient client = builder(LivyObservations.create(registry)).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.execute(Code.scala("1 + 1")).text()).hasValue("res0: Int = 2");
    }
    TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.header("traceparent")).isEmpty());
  }

  @Test
  void customConventions_nameTheObservations() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    LivyObservations observations =
        LivyObservations.builder(registry)
            .client("etl")
            .operationConvention(
                new DefaultLivyOperationObservationConvention() {
                  @Override
                  public String getContextualName(LivyOperationContext context) {
                    return "spark " + context.operation().name();
                  }
                })
            .build();
    try (LivyClient client = builder(observations).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    TestObservationRegistryAssert.assertThat(registry)
        .hasAnObservation(
            o ->
                o.hasContextualNameEqualTo("spark statement.run")
                    .hasLowCardinalityKeyValue("client", "etl"))
        .forAllObservationsWithNameEqualTo(
            "livy4j.client.requests", o -> o.hasLowCardinalityKeyValue("client", "etl"));
  }

  @Test
  void withLivyMetricsAlongside_onOneRegistry_nothingIsCountedTwice_andRangesApply() {
    SimpleMeterRegistry meters =
        MicrometerTestSupport.withHistograms(MicrometerTestSupport.clock(time));
    meters.config().meterFilter(LivyObservations.expectedRanges());
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    fake.script("long", FakeResult.text("done").taking(Duration.ofMinutes(3)));
    try (LivyClient client =
            builder(LivyObservations.create(registry))
                .observer(LivyMetrics.builder(meters).alongsideObservations().build())
                .polling(PollingOptions.builder().timeout(Duration.ofMinutes(10)).build())
                .build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(meters.get("livy4j.client.sessions").tag("state", "idle").gauge().value())
          .isEqualTo(1.0);
      s.execute(Code.scala("long"));
    }
    long metered =
        meters.get("livy4j.client.requests").timers().stream().mapToLong(Timer::count).sum();
    assertThat(metered).as("every request, once").isEqualTo(fake.requests().size());
    // a second client metered by LivyMetrics alone, on the same registry
    try (LivyClient plain =
            LivyClient.builder()
                .backend(ApacheLivy.at(fake.uri()))
                .clock(time.clock())
                .sleeper(time.sleeper())
                .deleteSessionsOnShutdown(false)
                .credential(TokenProviders.fixed(TOKEN))
                .observer(LivyMetrics.of(meters))
                .build();
        LivySession s = plain.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    // one set of tag keys per meter name, as Prometheus wants
    Map<String, Set<Set<String>>> keys = new HashMap<>();
    for (Meter m : meters.getMeters()) {
      keys.computeIfAbsent(m.getId().getName(), n -> new java.util.HashSet<>())
          .add(
              m.getId().getTags().stream()
                  .map(io.micrometer.core.instrument.Tag::getKey)
                  .collect(Collectors.toSet()));
    }
    assertThat(keys).allSatisfy((name, sets) -> assertThat(sets).as(name).hasSize(1));
    Timer statement =
        meters
            .get("livy4j.client.operations")
            .tag("operation", "statement.run")
            .tag("outcome", "SUCCESS")
            .tag("error", "none")
            .timer();
    LivyMetricsTest.assertBucketsReach(statement, Duration.ofMinutes(30));
    assertThat(statement.totalTime(TimeUnit.MINUTES)).isGreaterThanOrEqualTo(3.0);
    assertThat(meters.get("livy4j.client.statements.queued").timer().count())
        .as("one statement of each client")
        .isEqualTo(2);
    meters.close();
  }

  @Test
  void requestsOfAFailedAttempt_carryTheException() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    fake.close();
    try (LivyClient client = builder(LivyObservations.create(registry)).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> client.createSession(SessionSpec.defaults()));
    }
    TestObservationRegistryAssert.assertThat(registry)
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("livy4j.client.requests")
                    .hasLowCardinalityKeyValue("status", "IO_ERROR")
                    .hasLowCardinalityKeyValue("outcome", "UNKNOWN")
                    .hasError())
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("livy4j.client.operations")
                    .hasLowCardinalityKeyValue("outcome", "FAILURE")
                    .hasError());
  }
}
