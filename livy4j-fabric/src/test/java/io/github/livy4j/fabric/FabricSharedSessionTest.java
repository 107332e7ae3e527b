package io.github.livy4j.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementState;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** High-concurrency sessions: REPLs acquired in shared sessions by tag. */
@org.junit.jupiter.api.extension.ExtendWith(io.github.livy4j.NoSecretLeaks.class)
class FabricSharedSessionTest {
  static {
    io.github.livy4j.NoSecretLeaks.secret("fabric-token");
  }

  private static final Pattern REPL_PATH =
      Pattern.compile(
          ".*/highConcurrencySessions/([0-9a-f-]{36})/repls/([0-9a-f-]{36})/statements.*");

  private final VirtualTime time = VirtualTime.create();
  private FakeLivy fake;
  private LivyClient client;

  @BeforeEach
  void start() {
    fake = FakeLivy.builder().fabric().time(time).sessionStartup(Duration.ofSeconds(45)).start();
    client = newClient();
  }

  private LivyClient newClient() {
    return FabricTestLakehouse.client(fake, time, FabricTestLakehouse.backend());
  }

  @AfterEach
  void stop() {
    try {
      client.close();
      assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
    } finally {
      fake.close();
    }
  }

  private static SessionSpec shared(String tag) {
    return SessionSpec.builder().sharedSession(tag).build();
  }

  private List<RecordedRequest> requests(String method, String regex) {
    return fake.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().matches(regex))
        .toList();
  }

  /** The shared session id and REPL id of every statement submitted so far. */
  private List<String> routes() {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : requests("POST", ".*/statements")) {
      Matcher m = REPL_PATH.matcher(r.path());
      assertThat(m.matches()).as(r.path()).isTrue();
      out.add(m.group(1) + "/" + m.group(2));
    }
    return out;
  }

  @Test
  void aPool_onAHighConcurrencyTag_poolsReplsOfOneSharedSession_andReleasesThemOnClose() {
    fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
    try (io.github.livy4j.SessionPool pool =
        io.github.livy4j.SessionPool.builder(client, shared("pooled")).min(2).max(2).build()) {
      LivySession a = pool.borrow();
      LivySession b = pool.borrow();
      assertThat(a.id()).isNotEqualTo(b.id());
      assertThat(a.execute(Code.scala("1 + 1")).text()).contains("res0: Int = 2");
      assertThat(b.execute(Code.scala("1 + 1")).text()).contains("res0: Int = 2");
      List<String> routes = routes();
      assertThat(routes).hasSize(2);
      assertThat(routes.get(0).split("/")[0])
          .as("one shared session")
          .isEqualTo(routes.get(1).split("/")[0]);
      assertThat(routes.get(0)).as("two REPLs").isNotEqualTo(routes.get(1));
      a.close();
      b.close();
      assertThat(pool.stats().idle()).isEqualTo(2);
      assertThat(fake.sessionCount()).isEqualTo(1);
    }
    assertThat(requests("DELETE", ".*/highConcurrencySessions/.*")).hasSize(2);
  }

  @Test
  void replsWithOneTag_shareASession_runApart_andTheLastReleaseEndsIt() {
    fake.script("val x = 1", FakeResult.text("x: Int = 1"));
    fake.script("x", FakeResult.error("error", "not found: value x"));
    Instant t0 = time.clock().instant();
    try (LivySession first = client.createSession(shared("etl"))) {
      Duration cold = Duration.between(t0, time.clock().instant());
      Instant t1 = time.clock().instant();
      try (LivySession second = client.createSession(shared("etl"))) {
        Duration warm = Duration.between(t1, time.clock().instant());
        assertThat(cold).isGreaterThanOrEqualTo(Duration.ofSeconds(45));
        assertThat(warm)
            .as("a REPL in a running shared session starts at once")
            .isLessThan(Duration.ofSeconds(10));

        assertThat(first.id().value()).startsWith("hc:");
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(first.info().state()).isEqualTo(SessionState.IDLE);
        assertThat(first.info().rawState()).isEqualTo("Idle");

        assertThat(first.execute(Code.scala("val x = 1")).text()).contains("x: Int = 1");
        // REPLs are isolated: the other one has no x
        assertThatThrownBy(() -> second.execute(Code.scala("x")))
            .hasMessageContaining("not found: value x");
        List<String> routes = routes();
        assertThat(routes).hasSize(2);
        assertThat(routes.get(0).split("/")[0])
            .as("same shared session")
            .isEqualTo(routes.get(1).split("/")[0]);
        assertThat(routes.get(0).split("/")[1])
            .as("different REPLs")
            .isNotEqualTo(routes.get(1).split("/")[1]);
        assertThat(fake.sessionCount()).as("one shared session").isOne();
      }
      assertThat(fake.sessionCount()).as("the shared session lives while a REPL does").isOne();
      assertThat(first.execute(Code.scala("val x = 1")).text()).contains("x: Int = 1");
    }
    assertThat(requests("DELETE", ".*/highConcurrencySessions/[0-9a-f-]{36}")).hasSize(2);
    assertThat(requests("DELETE", ".*/sessions/.*")).isEmpty();
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void acquire_sendsTheTagNameAndConf_andAcquisitionPhasesReachListeners() {
    List<PollResponse> seen = new ArrayList<>();
    Poller<LivySession> p =
        client.beginCreateSession(
            SessionSpec.builder()
                .sharedSession("reports")
                .name("report-1")
                .conf(FabricLivy.environment("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))
                .build());
    p.addListener(seen::add);
    try (LivySession s = p.waitForCompletion()) {
      assertThat(s.info().name()).contains("report-1");
    }
    RecordedRequest acquire = requests("POST", ".*/highConcurrencySessions").get(0);
    assertThat(acquire.path())
        .isEqualTo(
            "/v1/workspaces/"
                + FabricTestLakehouse.WS
                + "/lakehouses/"
                + FabricTestLakehouse.LH
                + "/livyApi/versions/2023-12-01/highConcurrencySessions");
    assertThat(acquire.body())
        .contains(
            "\"sessionTag\":\"reports\"",
            "\"name\":\"report-1\"",
            "spark.fabric.environmentDetails");
    assertThat(seen)
        .extracting(PollResponse::state)
        .contains("NotStarted", "AcquiringHighConcurrencySession", "Idle");
  }

  @Test
  void aSixthRepl_goesToASecondSharedSession_andOtherTagsNeverShare() {
    List<LivySession> all = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        all.add(client.createSession(shared("wide")));
      }
      all.add(client.createSession(shared("other")));
      assertThat(fake.sessionCount()).isEqualTo(3);
      for (LivySession s : all) {
        s.execute(Code.sql("SELECT 1"));
      }
      List<String> sessions = routes().stream().map(r -> r.split("/")[0]).toList();
      assertThat(sessions.subList(0, 5)).containsOnly(sessions.get(0));
      assertThat(sessions.get(5)).isNotEqualTo(sessions.get(0));
      assertThat(sessions.get(6)).isNotIn(sessions.subList(0, 6));
    } finally {
      all.forEach(LivySession::close);
    }
  }

  @Test
  void cancel_inARepl_cancelsThatStatement() {
    fake.script("slow", FakeResult.text("done").taking(Duration.ofMinutes(5)));
    try (LivySession s = client.createSession(shared("etl"))) {
      StatementPoller p = s.beginExecute(Code.pyspark("slow"));
      p.poll();
      p.cancel();
      assertThat(s.statement(p.statementId()).state())
          .isIn(StatementState.CANCELLING, StatementState.CANCELLED);
      assertThat(requests("POST", ".*/repls/[0-9a-f-]{36}/statements/0/cancel")).hasSize(1);
    }
  }

  @Test
  void aSharedSessionThatDies_failsTheStatementWaitingInItsRepl() {
    fake.script("slow", FakeResult.text("done").taking(Duration.ofMinutes(5)));
    try (LivySession s = client.createSession(shared("etl"))) {
      StatementPoller p = s.beginExecute(Code.pyspark("slow"));
      p.poll();
      fake.killSession(routes().get(0).split("/")[0]);
      assertThatThrownBy(p::waitForCompletion)
          .isInstanceOfSatisfying(
              SessionFailedException.class,
              e -> {
                assertThat(e.state()).isEqualTo(SessionState.DEAD);
                assertThat(e.getMessage()).contains("Session ended while statement 0");
              });
    }
  }

  @Test
  void attach_findsTheReplsRoute_andDetachLeavesItRunning() {
    fake.script("1 + 1", FakeResult.text("2"));
    SessionId id;
    try (LivySession s = client.createSession(shared("etl"))) {
      id = s.detach();
    }
    assertThat(fake.sessionCount()).isOne();
    try (LivyClient other = newClient();
        LivySession again = other.attach(id)) {
      assertThat(again.execute(Code.pyspark("1 + 1")).text()).contains("2");
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void keepAlive_resetsTheSharedSessionsIdleTimer() {
    try (LivySession kept = client.createSession(shared("kept"))) {
      time.advance(Duration.ofMinutes(15));
      assertThat(kept.keepAlive()).isTrue();
      time.advance(Duration.ofMinutes(15));
      assertThat(kept.refresh().state()).isEqualTo(SessionState.IDLE);
      assertThat(requests("POST", ".*/sessions/[0-9a-f-]{36}/reset-timeout")).hasSize(1);
      time.advance(Duration.ofMinutes(21));
      assertThatThrownBy(kept::refresh).isInstanceOf(SessionNotFoundException.class);
    }
  }

  @Test
  void aSharedSessionThatFailsToStart_failsTheAcquire_andReleasesTheRepl() {
    fake.failSessionStarts("Capacity pool is out of cores");
    assertThatThrownBy(() -> client.createSession(shared("etl")))
        .isInstanceOfSatisfying(
            SessionFailedException.class,
            e -> {
              assertThat(e.errors())
                  .anySatisfy(m -> assertThat(m).contains("Capacity pool is out of cores"));
              assertThat(e.state()).isEqualTo(SessionState.ERROR);
            });
    assertThat(requests("DELETE", ".*/highConcurrencySessions/[0-9a-f-]{36}")).hasSize(1);
  }

  @Test
  void transient404sDuringAcquisition_areWaitedOut() {
    fake.inject(
        Fault.on("GET", ".*/highConcurrencySessions/[0-9a-f-]{36}")
            .respond(
                404,
                "{\"errorCode\":\"HighConcurrencySessionNotFound\",\"message\":\"not"
                    + " yet\",\"requestId\":\"r-1\"}")
            .times(3));
    try (LivySession s = client.createSession(shared("etl"))) {
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
    }
  }

  @Test
  void aLostAcquireAnswer_isNeverRepeated() {
    fake.inject(Fault.on("POST", ".*/highConcurrencySessions").dropConnectionAfterProcessing());
    assertThatThrownBy(() -> client.createSession(shared("etl"))).isInstanceOf(LivyException.class);
    assertThat(requests("POST", ".*/highConcurrencySessions")).hasSize(1);
    // the REPL nobody knows of ends with Fabric's idle reaper
    time.advance(Duration.ofMinutes(25));
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void fieldsASharedSessionDoesNotTake_areRejectedBeforeAnyRequest() {
    assertThatThrownBy(
            () ->
                client.createSession(
                    SessionSpec.builder()
                        .sharedSession("etl")
                        .pyFiles(java.util.List.of("abfss://ws/Files/a.py"))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pyFiles");
    assertThatThrownBy(() -> SessionSpec.builder().sharedSession("bad tag"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionTag");
    try (FakeLivy apache = FakeLivy.builder().time(time).start();
        LivyClient c =
            LivyClient.builder()
                .backend(ApacheLivy.at(apache.uri()))
                .clock(time.clock())
                .sleeper(time.sleeper())
                .deleteSessionsOnShutdown(false)
                .build()) {
      assertThatThrownBy(() -> c.createSession(shared("etl")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("shared_session");
      assertThat(apache.requests()).noneMatch(r -> r.method().equals("POST"));
    }
    assertThat(fake.requests()).noneMatch(r -> r.method().equals("POST"));
  }

  @Test
  void anAcquire_sendsWhatASessionRequestTakes_tagsArchivesAndSizing() {
    try (LivySession s =
        client.createSession(
            SessionSpec.builder()
                .sharedSession("etl")
                .executorMemory("28g")
                .numExecutors(2)
                .tag("team", "x")
                .archives(java.util.List.of("abfss://ws/Files/env.zip"))
                .conf("spark.x", "1")
                .build())) {
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
    }
    String body = requests("POST", ".*/highConcurrencySessions").get(0).body();
    assertThat(body)
        .contains(
            "\"sessionTag\":\"etl\"",
            "\"executorMemory\":\"28g\"",
            "\"numExecutors\":2",
            "\"tags\":{\"team\":\"x\"}",
            "\"archives\":[",
            "\"spark.x\":\"1\"");
  }

  @Test
  void keepAlive_ofASharedSession_thatTheServiceRefuses_isHarmless_andSaidOnce() {
    fake.inject(
        Fault.on("POST", ".*/sessions/[0-9a-f-]{36}/reset-timeout")
            .respond(
                405, "{\"errorCode\":\"MethodNotAllowed\",\"message\":\"no\",\"requestId\":\"r\"}")
            .times(2));
    try (LivySession kept = client.createSession(shared("kept"))) {
      kept.keepAlive();
      kept.keepAlive();
      assertThat(io.github.livy4j.CapturedLogs.lines())
          .filteredOn(l -> l.contains("refused reset-timeout"))
          .hasSize(1);
      assertThat(kept.refresh().state()).isEqualTo(SessionState.IDLE);
    }
  }

  @Test
  void aTransient404OnTheAcquirePost_isTriedAgain() {
    fake.inject(
        Fault.on("POST", ".*/highConcurrencySessions")
            .respond(
                404,
                "{\"errorCode\":\"LakehouseNotFound\",\"message\":\"not yet\",\"requestId\":\"r\"}")
            .times(2));
    try (LivySession s = client.createSession(shared("etl"))) {
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
    }
    assertThat(requests("POST", ".*/highConcurrencySessions")).hasSize(3);
  }
}
