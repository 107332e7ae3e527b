package io.github.livy4j.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.AuthenticationException;
import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementState;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fabric's own rules, against the fake's Fabric dialect on virtual time. */
@org.junit.jupiter.api.extension.ExtendWith(io.github.livy4j.NoSecretLeaks.class)
class FabricLivyDialectTest {
  static {
    io.github.livy4j.NoSecretLeaks.secret("fabric-token");
  }

  private static final String WS = FabricTestLakehouse.WS;
  private static final String LH = FabricTestLakehouse.LH;

  private final VirtualTime time = VirtualTime.create();
  private FakeLivy fake;
  private LivyClient client;

  @BeforeEach
  void start() {
    fake = FakeLivy.builder().fabric().time(time).sessionStartup(Duration.ofSeconds(45)).start();
    client = client(TokenProviders.fixed("fabric-token"));
  }

  private LivyClient client(TokenProvider tokens) {
    return LivyClient.builder()
        .backend(FabricLivy.builder(WS, LH).baseUri(fake.uri()).build())
        .credential(tokens)
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .build();
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

  private List<RecordedRequest> requests(String method, String suffix) {
    return fake.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().endsWith(suffix))
        .toList();
  }

  @Test
  void create_is202WithAGuid_andStartupPhasesReachListeners() {
    List<PollResponse> seen = new ArrayList<>();
    Poller<LivySession> p = client.beginCreateSession(SessionSpec.builder().name("etl").build());
    p.addListener(seen::add);
    try (LivySession s = p.waitForCompletion()) {
      assertThat(UUID.fromString(s.id().value())).isNotNull();
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
      assertThat(s.info().name()).contains("etl");
      assertThat(s.info().phase()).contains("scheduler Scheduled, plugin Monitoring");
    }
    assertThat(seen)
        .extracting(r -> r.phaseValue().orElse(""))
        .contains(
            "queued, scheduler Queued",
            "acquiringSession, scheduler Scheduled, plugin ResourceAcquisition");
    assertThat(seen).extracting(PollResponse::state).contains("starting", "idle");
    RecordedRequest create = requests("POST", "/sessions").get(0);
    assertThat(create.path())
        .isEqualTo(
            "/v1/workspaces/" + WS + "/lakehouses/" + LH + "/livyApi/versions/2023-12-01/sessions");
    assertThat(create.header("Authorization")).contains("Bearer <redacted>");
    assertThat(create.header("X-Requested-By")).isEmpty();
  }

  @Test
  void environment_isWrittenAsAJsonStringInConf_andKindIsNotSent() {
    try (LivySession s =
        client.createSession(
            SessionSpec.builder()
                .kind(io.github.livy4j.CodeKind.PYSPARK)
                .conf(FabricLivy.environment("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))
                .executorMemory("28g")
                .numExecutors(2)
                .build())) {
      String body = requests("POST", "/sessions").get(0).body();
      assertThat(body)
          .contains(
              "\"spark.fabric.environmentDetails\":"
                  + "\"{\\\"id\\\":\\\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\\\"}\"",
              "\"executorMemory\":\"28g\"",
              "\"numExecutors\":2")
          .doesNotContain("\"kind\"");
    }
  }

  @Test
  void theFilesASessionOrBatchNeeds_areSentAsLists() {
    try (LivySession s =
        client.createSession(
            SessionSpec.builder()
                .pyFiles(List.of("abfss://ws/Files/lib.py", "abfss://ws/Files/util.py"))
                .archives(List.of("abfss://ws/Files/env.zip"))
                .build())) {
      assertThat(requests("POST", "/sessions").get(0).body())
          .contains(
              "\"pyFiles\":[\"abfss://ws/Files/lib.py\",\"abfss://ws/Files/util.py\"]",
              "\"archives\":[\"abfss://ws/Files/env.zip\"]");
    }
    io.github.livy4j.polling.BatchPoller batch =
        client.submitBatch(
            io.github.livy4j.BatchSpec.builder("abfss://ws/Files/job.jar")
                .className("com.x.Main")
                .args(List.of("--day", "1"))
                .jars(List.of("abfss://ws/Files/dep.jar"))
                .pyFiles(List.of("abfss://ws/Files/b.py"))
                .files(List.of("abfss://ws/Files/c.txt"))
                .archives(List.of("abfss://ws/Files/d.zip"))
                .build());
    try {
      assertThat(requests("POST", "/batches").get(0).body())
          .contains(
              "\"file\":\"abfss://ws/Files/job.jar\"",
              "\"className\":\"com.x.Main\"",
              "\"args\":[\"--day\",\"1\"]",
              "\"jars\":[\"abfss://ws/Files/dep.jar\"]",
              "\"pyFiles\":[\"abfss://ws/Files/b.py\"]",
              "\"files\":[\"abfss://ws/Files/c.txt\"]",
              "\"archives\":[\"abfss://ws/Files/d.zip\"]");
    } finally {
      batch.delete();
    }
  }

  @Test
  void fieldsFabricDoesNotTake_areRejectedClearly() {
    assertThatThrownBy(
            () ->
                client.createSession(
                    SessionSpec.builder()
                        .jars(List.of("abfss://x/y.jar"))
                        .proxyUser("bob")
                        .ttl(Duration.ofMinutes(5))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Fabric")
        .hasMessageContaining("jars")
        .hasMessageContaining("proxy_user")
        .message()
        .doesNotContain("ttl"); // the client enforces it on every backend
    assertThat(requests("POST", "/sessions")).isEmpty();
  }

  @Test
  void failedStatement_inTheCapitalisedErrorState_isAStatementFailure() {
    fake.script("1/0", FakeResult.error("ZeroDivisionError", "division by zero"));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThatThrownBy(() -> s.execute(Code.pyspark("1/0")))
          .isInstanceOfSatisfying(
              StatementFailedException.class,
              e -> assertThat(e.errorName()).isEqualTo("ZeroDivisionError"));
      assertThat(s.statement(io.github.livy4j.StatementId.of(0)).rawState()).isEqualTo("Error");
      assertThat(s.statement(io.github.livy4j.StatementId.of(0)).state())
          .isEqualTo(StatementState.ERROR);
      assertThat(requests("POST", "/statements"))
          .allSatisfy(r -> assertThat(r.body()).contains("\"kind\":\"pyspark\""));
    }
  }

  @Test
  void idleSessionsAreReapedAfter20Minutes_keepAliveResetsTheTimer() {
    try (LivySession kept = client.createSession(SessionSpec.defaults());
        LivySession idle = client.createSession(SessionSpec.defaults())) {
      time.advance(Duration.ofMinutes(15));
      assertThat(kept.keepAlive()).isTrue();
      time.advance(Duration.ofMinutes(15));
      assertThat(kept.refresh().state()).isEqualTo(SessionState.IDLE);
      assertThatThrownBy(idle::refresh).isInstanceOf(SessionNotFoundException.class);
      assertThat(requests("POST", "/reset-timeout")).hasSize(1);
    }
  }

  @Test
  void keepAlive_onApacheLivy_recordsActivityWithConnect() {
    try (FakeLivy apache = FakeLivy.builder().time(time).start();
        LivyClient c =
            LivyClient.builder()
                .backend(ApacheLivy.at(apache.uri()))
                .clock(time.clock())
                .sleeper(time.sleeper())
                .deleteSessionsOnShutdown(false)
                .build();
        LivySession s = c.createSession(SessionSpec.defaults())) {
      assertThat(s.keepAlive()).isTrue();
      assertThat(apache.requests())
          .anyMatch(
              r ->
                  r.method().equals("POST") && r.path().equals("/sessions/" + s.id() + "/connect"));
    }
  }

  @Test
  void unknownSession_carriesFabricsErrorCodeAndRequestId() {
    assertThatThrownBy(() -> client.attach(SessionId.of(UUID.randomUUID().toString())))
        .isInstanceOfSatisfying(
            SessionNotFoundException.class,
            e -> {
              assertThat(e.errorCode()).contains("LivySessionNotFound");
              assertThat(e.requestId()).isPresent();
              assertThat(e.getCause()).hasMessageContaining("request id");
            });
  }

  @Test
  void withoutAToken_theCallIsAnAuthenticationFailure() {
    try (LivyClient anonymous = client(TokenProviders.none())) {
      assertThatThrownBy(anonymous::listSessions)
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(401);
                assertThat(e.errorCode()).contains("TokenNotProvided");
              });
    }
  }

  @Test
  void sessionThatFailsToStart_reportsFabricsReasons() {
    fake.failSessionStarts("Capacity pool is out of cores");
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isInstanceOfSatisfying(
            SessionFailedException.class,
            e -> {
              assertThat(e.errors())
                  .anySatisfy(m -> assertThat(m).contains("Capacity pool is out of cores"));
              assertThat(e.state()).isEqualTo(SessionState.DEAD);
            });
  }

  @Test
  void builder_validatesIdsVersionsAndUrls() {
    assertThatThrownBy(() -> FabricLivy.lakehouse("ws/../x", LH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workspaceId");
    assertThatThrownBy(() -> FabricLivy.builder(WS, LH).apiVersion("latest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latest");
    assertThatThrownBy(() -> FabricLivy.builder(WS, LH).baseUri(URI.create("ftp://x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FabricLivy.environment("{\"id\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environmentId");
    assertThat(
            FabricLivy.endpoint(
                    URI.create(
                        "https://api.fabric.microsoft.com/v1/workspaces/"
                            + WS
                            + "/lakehouses/"
                            + LH
                            + "/livyapi/versions/2023-12-01"))
                .description())
        .isEqualTo(
            "Fabric Livy at https://api.fabric.microsoft.com/v1/workspaces/"
                + WS
                + "/lakehouses/"
                + LH
                + "/livyApi/versions/2023-12-01");
    for (String pasted : List.of("/sessions", "/batches", "/sessions/", "/")) {
      assertThat(
              FabricLivy.endpoint(
                      URI.create(
                          "https://api.fabric.microsoft.com/v1/workspaces/"
                              + WS
                              + "/lakehouses/"
                              + LH
                              + "/livyapi/versions/2023-12-01"
                              + pasted))
                  .description())
          .as(pasted)
          .isEqualTo(
              "Fabric Livy at https://api.fabric.microsoft.com/v1/workspaces/"
                  + WS
                  + "/lakehouses/"
                  + LH
                  + "/livyApi/versions/2023-12-01");
    }
    assertThatThrownBy(
            () ->
                FabricLivy.endpoint(
                    URI.create("https://api.fabric.microsoft.com" + "/v1/workspaces/" + WS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Fabric Livy endpoint")
        .hasMessageContaining("/sessions");
    assertThatThrownBy(
            () ->
                FabricLivy.endpoint(
                    URI.create(
                        "https://api.fabric.microsoft.com"
                            + "/v1/workspaces/"
                            + WS
                            + "/lakehouses/"
                            + LH
                            + "/livyapi/versions/2023-12-01"
                            + "/sessions/abc")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FabricLivy.lakehouse(WS, LH).description())
        .isEqualTo(
            "Fabric Livy at https://api.fabric.microsoft.com/v1/workspaces/"
                + WS
                + "/lakehouses/"
                + LH
                + "/livyApi/versions/2023-12-01");
  }

  private static final String NOT_FOUND =
      "{\"errorCode\":\"LivySessionNotFound\","
          + "\"message\":\"not yet\",\"requestId\":\"r-404\"}";

  @Test
  void transient404sAfterCreate_andAfterSubmit_areWaitedOut() {
    fake.inject(Fault.on("GET", ".*/sessions/[0-9a-f-]{36}").respond(404, NOT_FOUND).times(3));
    fake.script("1 + 1", FakeResult.text("2"));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(
          Fault.on("GET", ".*/statements/0")
              .respond(
                  404, "{\"errorCode\":" + "\"LivyStatementNotFound\",\"message\":\"not yet\"}")
              .times(2));
      assertThat(s.execute(Code.pyspark("1 + 1")).text()).contains("2");
    }
  }

  @Test
  void a404ThatPersists_meansTheSessionIsGone_andNothingLeaks() {
    fake.inject(Fault.on("GET", ".*/sessions/[0-9a-f-]{36}").respond(404, NOT_FOUND).times(1000));
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void capacityRejection_failsFastByDefault() {
    fake.inject(
        Fault.on("POST", ".*/sessions")
            .respond(
                430,
                "{\"errorCode\":"
                    + "\"TooManyRequestsForCapacity\",\"message\":\"no cores left\"}"));
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isInstanceOfSatisfying(
            io.github.livy4j.CapacityExceededException.class,
            e -> assertThat(e.errorCode()).contains("TooManyRequestsForCapacity"));
    assertThat(requests("POST", "/sessions")).hasSize(1);
  }

  @Test
  void capacityRejection_canBeWaitedOut() {
    try (LivyClient patient =
        LivyClient.builder()
            .backend(FabricLivy.builder(WS, LH).baseUri(fake.uri()).build())
            .credential(TokenProviders.fixed("t"))
            .clock(time.clock())
            .sleeper(time.sleeper())
            .retry(
                io.github.livy4j.RetryOptions.defaults().withCapacityWait(Duration.ofMinutes(30)))
            .deleteSessionsOnShutdown(false)
            .build()) {
      fake.inject(
          Fault.on("POST", ".*/sessions")
              .respond(
                  430,
                  "{\"errorCode\":"
                      + "\"TooManyRequestsForCapacity\",\"message\":\"no cores left\"}")
              .times(2));
      java.time.Instant before = time.now();
      try (LivySession s = patient.createSession(SessionSpec.defaults())) {
        assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
      }
      assertThat(requests("POST", "/sessions")).hasSize(3);
      assertThat(Duration.between(before, time.now())).isGreaterThan(Duration.ofSeconds(60));
    }
  }

  @Test
  void throttledWithAnUntilBody_waitsUntilThen() {
    // virtual time starts at 2026-01-01T00:00:00Z
    fake.inject(
        Fault.on("GET", ".*/sessions")
            .respond(
                429,
                "{\"errorCode\":"
                    + "\"RequestBlocked\",\"message\":\"Request is blocked by the upstream service until:"
                    + " 1/1/2026 12:00:40 AM (UTC)\"}"));
    assertThat(client.listSessions()).isEmpty();
    assertThat(time.now()).isAfterOrEqualTo(java.time.Instant.parse("2026-01-01T00:00:40Z"));
  }

  @Test
  void aTransient404OnTheCreatePost_isTriedAgain_untilTheGracePeriodEnds() {
    fake.inject(Fault.on("POST", ".*/sessions").respond(404, NOT_FOUND).times(2));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
    }
    assertThat(requests("POST", "/sessions")).hasSize(3);
    assertThat(fake.sessionCount()).isZero();

    fake.inject(Fault.on("POST", ".*/batches").respond(404, NOT_FOUND).times(1_000));
    Instant before = time.clock().instant();
    assertThatThrownBy(
            () ->
                client.submitBatch(
                    io.github.livy4j.BatchSpec.builder("abfss://ws/Files/job.jar").build()))
        .isInstanceOfSatisfying(
            io.github.livy4j.LivyServiceException.class,
            e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThat(Duration.between(before, time.clock().instant()))
        .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(75));
    assertThat(fake.batchCount()).isZero();
  }

  @Test
  void listedSessions_readTheirStatesFromActivityItems_acrossPagesTheServerCaps() {
    List<LivySession> sessions = new ArrayList<>();
    try {
      List<Poller<LivySession>> starting = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        starting.add(client.beginCreateSession(SessionSpec.builder().name("s" + i).build()));
      }
      starting.forEach(p -> sessions.add(p.waitForCompletion()));
      List<io.github.livy4j.SessionInfo> listed = client.listSessions();
      assertThat(listed)
          .hasSize(60)
          .allSatisfy(
              i -> {
                assertThat(i.state()).isEqualTo(SessionState.IDLE);
                assertThat(i.phase()).contains("scheduler Scheduled, plugin Monitoring");
              });
      assertThat(listed).extracting(i -> i.name().orElse("")).contains("s0", "s59");
      assertThat(requests("GET", "/sessions"))
          .extracting(RecordedRequest::query)
          .containsExactly("$top=100&$skip=0", "$top=100&$skip=50");
    } finally {
      sessions.forEach(LivySession::close);
    }
  }
}
