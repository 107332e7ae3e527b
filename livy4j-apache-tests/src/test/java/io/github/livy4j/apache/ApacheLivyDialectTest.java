package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LivySession;
import io.github.livy4j.LogPage;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Apache Livy's own rules, against the fake on virtual time. */
@org.junit.jupiter.api.extension.ExtendWith(io.github.livy4j.NoSecretLeaks.class)
class ApacheLivyDialectTest {
  static {
    io.github.livy4j.NoSecretLeaks.secret("s3cret-pw");
    io.github.livy4j.NoSecretLeaks.secret("YWxpY2U6czNjcmV0LXB3");
    io.github.livy4j.NoSecretLeaks.secret("tok-123");
  }

  private final VirtualTime time = VirtualTime.create();

  private void withFake(Consumer<FakeLivy.Builder> settings, FakeTest test) throws Exception {
    FakeLivy.Builder b = FakeLivy.builder().time(time);
    settings.accept(b);
    try (FakeLivy fake = b.start()) {
      try (LivyClient client = client(ApacheLivy.at(fake.uri())).build()) {
        test.run(fake, client);
      }
      assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
    }
  }

  private LivyClient.Builder client(io.github.livy4j.spi.LivyBackend backend) {
    return LivyClient.builder()
        .backend(backend)
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .requestTimeout(Duration.ofSeconds(10));
  }

  interface FakeTest {
    void run(FakeLivy fake, LivyClient client) throws Exception;
  }

  private static List<RecordedRequest> posts(FakeLivy fake, String path) {
    return fake.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().equals(path))
        .toList();
  }

  @Test
  void anUnreadResult_aboutToLeaveLivysRetainedWindow_isWarnedAboutOnce() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          try (LivySession s =
              client.createSession(
                  SessionSpec.builder().conf("livy.rsc.retained-statements", "20").build())) {
            long logged = io.github.livy4j.CapturedLogs.mark();
            io.github.livy4j.polling.StatementPoller unread = s.beginExecute(Code.scala("1"));
            for (int i = 0; i < 9; i++) {
              s.execute(Code.scala("2"));
            }
            assertThat(io.github.livy4j.CapturedLogs.since(logged))
                .noneMatch(l -> l.contains("not read"));
            for (int i = 0; i < 5; i++) {
              s.execute(Code.scala("2"));
            }
            assertThat(io.github.livy4j.CapturedLogs.since(logged))
                .filteredOn(
                    l ->
                        l.startsWith("WARN")
                            && l.contains(
                                "statement "
                                    + unread.statementId()
                                    + ", whose result is not read yet")
                            && l.contains("last 20"))
                .hasSize(1);
            unread.waitForCompletion(); // read after all: it was still there
          }
        });
  }

  @Test
  void aStatementYoungerThanTheSessionCheck_costsNoSessionRequest_anOlderOneLooksAtTheSession()
      throws Exception {
    withFake(
        b -> b.sessionStartup(Duration.ZERO),
        (fake, client) -> {
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            time.advance(Duration.ofMinutes(1)); // the view of the session from its start is old
            fake.script("short", FakeResult.text("a").taking(Duration.ofSeconds(3)));
            fake.script("long", FakeResult.text("b").taking(Duration.ofSeconds(12)));
            int before = fake.requests().size();
            assertThat(s.execute(Code.scala("short")).text()).contains("a");
            assertThat(sessionReads(fake, s, before))
                .as("session reads during a 3 s statement")
                .isZero();
            before = fake.requests().size();
            assertThat(s.execute(Code.scala("long")).text()).contains("b");
            assertThat(sessionReads(fake, s, before))
                .as("session reads during a 12 s statement")
                .isBetween(1L, 2L);
          }
        });
  }

  private static long sessionReads(FakeLivy fake, LivySession s, int from) {
    String path = "/sessions/" + s.id();
    List<RecordedRequest> all = fake.requests();
    return all.subList(from, all.size()).stream()
        .filter(
            r ->
                r.method().equals("GET")
                    && (r.path().equals(path) || r.path().equals(path + "/state")))
        .count();
  }

  @Test
  void create_onLivy07_neverSendsTtl_whichTheClientEnforces() throws Exception {
    withFake(
        b -> b.livyVersion("0.7.1-incubating"),
        (fake, client) -> {
          try (LivySession s =
              client.createSession(
                  SessionSpec.builder()
                      .ttl(Duration.ofMinutes(10))
                      .idleTimeout(Duration.ofMinutes(5))
                      .build())) {
            assertThat(posts(fake, "/sessions").get(0).body())
                .doesNotContain("ttl")
                .doesNotContain("idleTimeout");
          }
        });
  }

  @Test
  void create_onLivy08_sendsTtlButNotIdleTimeout() throws Exception {
    withFake(
        b -> b.livyVersion("0.8.0-incubating"),
        (fake, client) -> {
          try (LivySession s =
              client.createSession(SessionSpec.builder().ttl(Duration.ofMinutes(10)).build())) {
            assertThat(posts(fake, "/sessions").get(0).body()).contains("\"ttl\":\"600s\"");
          }
          try (LivySession s =
              client.createSession(
                  SessionSpec.builder().idleTimeout(Duration.ofMinutes(10)).build())) {
            assertThat(posts(fake, "/sessions").get(1).body()).doesNotContain("idleTimeout");
          }
        });
  }

  @Test
  void create_onLivy09_sendsIdleTimeout() throws Exception {
    withFake(
        b -> b.livyVersion("0.9.0"),
        (fake, client) -> {
          try (LivySession s =
              client.createSession(
                  SessionSpec.builder()
                      .idleTimeout(Duration.ofMinutes(30))
                      .heartbeatTimeout(Duration.ofSeconds(90))
                      .build())) {
            String body = posts(fake, "/sessions").get(0).body();
            assertThat(body)
                .contains("\"idleTimeout\":\"1800s\"")
                .contains("\"heartbeatTimeoutInSecond\":90");
          }
        });
  }

  @Test
  void ping_readsOneItemOfTheSessionList_asItsOwnOperation_andFailsAsTheServerDoes()
      throws Exception {
    List<String> operations = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.github.livy4j.observe.LivyObserver names =
        new io.github.livy4j.observe.LivyObserver() {
          @Override
          public io.github.livy4j.observe.OperationObserver operationStarted(
              io.github.livy4j.observe.LivyOperation op) {
            operations.add(op.name());
            return io.github.livy4j.observe.OperationObserver.NONE;
          }
        };
    try (FakeLivy fake = FakeLivy.builder().time(time).start();
        LivyClient client =
            client(ApacheLivy.at(fake.uri())).observer(names).retry(RetryOptions.none()).build()) {
      client.ping();
      client.async().ping().get();

      assertThat(fake.requests())
          .extracting(RecordedRequest::toString)
          .containsExactly("GET /sessions?from=0&size=1", "GET /sessions?from=0&size=1");
      assertThat(operations).containsExactly("server.ping", "server.ping");

      fake.inject(Fault.on("GET", "/sessions").respond(403, "{\"msg\":\"no access\"}").times(2));
      assertThatThrownBy(client::ping)
          .isInstanceOf(io.github.livy4j.AuthenticationException.class)
          .hasMessageContaining("403");
      assertThat(client.async().ping())
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(io.github.livy4j.AuthenticationException.class);
    }
  }

  @Test
  void explicitServerVersion_skipsTheVersionCall() throws Exception {
    try (FakeLivy fake = FakeLivy.builder().time(time).livyVersion("0.8.0").start();
        LivyClient client =
            client(ApacheLivy.builder(fake.uri()).serverVersion("0.8.0").build()).build()) {
      client.createSession(SessionSpec.builder().ttl(Duration.ofMinutes(1)).build()).close();
      assertThat(fake.requests()).noneMatch(r -> r.path().equals("/version"));
    }
  }

  @Test
  void create_sendsEverySpecField() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          SessionSpec spec =
              SessionSpec.builder()
                  .kind(CodeKind.PYSPARK)
                  .name("etl-1")
                  .proxyUser("alice")
                  .jars(List.of("hdfs:///a.jar"))
                  .pyFiles(List.of("hdfs:///b.py"))
                  .files(List.of("hdfs:///c.txt"))
                  .archives(List.of("hdfs:///d.zip"))
                  .driverMemory("2g")
                  .driverCores(2)
                  .executorMemory("4g")
                  .executorCores(3)
                  .numExecutors(5)
                  .queue("etl")
                  .conf("spark.x", "1")
                  .build();
          try (LivySession s = client.createSession(spec)) {
            assertThat(s.info().name()).contains("etl-1");
            assertThat(s.info().proxyUser()).contains("alice");
          }
          String body = posts(fake, "/sessions").get(0).body();
          assertThat(body)
              .contains(
                  "\"kind\":\"pyspark\"",
                  "\"name\":\"etl-1\"",
                  "\"proxyUser\":\"alice\"",
                  "\"jars\":[\"hdfs:///a.jar\"]",
                  "\"pyFiles\":[\"hdfs:///b.py\"]",
                  "\"files\":[\"hdfs:///c.txt\"]",
                  "\"archives\":[\"hdfs:///d.zip\"]",
                  "\"driverMemory\":\"2g\"",
                  "\"driverCores\":2",
                  "\"executorMemory\":\"4g\"",
                  "\"executorCores\":3",
                  "\"numExecutors\":5",
                  "\"queue\":\"etl\"",
                  "\"conf\":{\"spark.x\":\"1\"}");
        });
  }

  @Test
  void csrfProtection_everyNonGetCarriesRequestedBy() throws Exception {
    withFake(
        b -> b.csrfProtection(true),
        (fake, client) -> {
          fake.script("1", FakeResult.text("res0: Int = 1"));
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            assertThat(s.execute(Code.scala("1")).text()).contains("res0: Int = 1");
          }
          assertThat(fake.requests())
              .filteredOn(r -> !r.method().equals("GET"))
              .isNotEmpty()
              .allSatisfy(r -> assertThat(r.header("X-Requested-By")).contains("livy4j"));
        });
  }

  @Test
  void csrfProtection_withoutHeader_failsWithTheHtmlReason() throws Exception {
    try (FakeLivy fake = FakeLivy.builder().time(time).csrfProtection(true).start();
        LivyClient client =
            client(ApacheLivy.builder(fake.uri()).requestedBy(null).build()).build()) {
      assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
          .isInstanceOfSatisfying(
              LivyServiceException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e).hasMessageContaining("Missing Required Header for CSRF protection");
                assertThat(e.body()).contains("<html>");
              });
      assertThat(fake.sessionCount()).isZero();
    }
  }

  @Test
  void livy05_bareStringErrors_areRead() throws Exception {
    withFake(
        b -> b.livyVersion("0.5.0"),
        (fake, client) -> {
          assertThatThrownBy(() -> client.attach(SessionId.of("42")))
              .isInstanceOfSatisfying(
                  SessionNotFoundException.class,
                  e -> {
                    assertThat(e.body()).isEqualTo("\"Session '42' not found.\"");
                    assertThat(e.getCause()).hasMessageContaining("Session '42' not found.");
                  });
          // no /version on such servers: the oldest dialect is assumed and no ttl is sent (the
          // client enforces it)
          client.createSession(SessionSpec.builder().ttl(Duration.ofMinutes(1)).build()).close();
          assertThat(posts(fake, "/sessions").get(0).body()).doesNotContain("ttl");
        });
  }

  @Test
  void duplicateName_isRejectedWithTheServersMessage() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          try (LivySession s = client.createSession(SessionSpec.builder().name("dup").build())) {
            assertThatThrownBy(
                    () -> client.createSession(SessionSpec.builder().name("dup").build()))
                .isInstanceOfSatisfying(
                    LivyServiceException.class,
                    e -> {
                      assertThat(e.statusCode()).isEqualTo(400);
                      assertThat(e).hasMessageContaining("Duplicate session name");
                      assertThat(e.method()).isEqualTo("POST");
                      assertThat(e.url()).endsWith("/sessions");
                    });
          }
        });
  }

  @Test
  void createAnswerLost_findsTheSessionByName_insteadOfCreatingTwo() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          fake.inject(Fault.on("POST", "/sessions").dropConnectionAfterProcessing());
          try (LivySession s = client.createSession(SessionSpec.builder().name("once").build())) {
            assertThat(s.info().name()).contains("once");
            assertThat(fake.sessionCount()).isEqualTo(1);
          }
          assertThat(posts(fake, "/sessions")).hasSize(1);
        });
  }

  @Test
  void createNeverReachedServer_isTriedAgain() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          fake.inject(Fault.on("POST", "/sessions").dropConnection());
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            assertThat(fake.sessionCount()).isEqualTo(1);
          }
          assertThat(posts(fake, "/sessions")).hasSize(2);
        });
  }

  @Test
  void submitAnswerLost_isFoundInTheStatementList_andNotRepeated() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            String path = "/sessions/" + s.id() + "/statements";
            fake.inject(Fault.on("POST", path).dropConnectionAfterProcessing());
            assertThat(s.execute(Code.scala("launchMissiles()")).statementId().value())
                .isEqualTo("0");
            assertThat(posts(fake, path)).hasSize(1);
          }
        });
  }

  @Test
  void submitAnswerLost_onAnAttachedSession_isReportedAsUnknown() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          SessionId id = client.createSession(SessionSpec.defaults()).detach();
          try (LivyClient other = client(ApacheLivy.at(fake.uri())).build();
              LivySession s = other.attach(id)) {
            String path = "/sessions/" + s.id() + "/statements";
            fake.inject(Fault.on("POST", path).dropConnectionAfterProcessing());
            assertThatThrownBy(() -> s.execute(Code.scala("launchMissiles()")))
                .isInstanceOfSatisfying(
                    LivyClientException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
            assertThat(posts(fake, path)).hasSize(1);
          }
        });
  }

  @Test
  void submitServerError_isNotRetried() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            String path = "/sessions/" + s.id() + "/statements";
            fake.inject(Fault.on("POST", path).respond(502, "{\"msg\":\"bad gateway\"}"));
            assertThatThrownBy(() -> s.execute(Code.scala("1")))
                .isInstanceOfSatisfying(
                    LivyServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
            assertThat(posts(fake, path)).hasSize(1);
          }
        });
  }

  @Test
  void transientReadFailures_areRetriedWithBackoff() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          fake.script("1", FakeResult.text("one"));
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            fake.inject(
                Fault.on("GET", "/sessions/\\d+/statements/\\d+")
                    .respond(503, "{\"msg\":\"busy\"}")
                    .times(2));
            fake.inject(Fault.on("GET", "/sessions/\\d+/statements/\\d+").dropConnection());
            assertThat(s.execute(Code.scala("1")).text()).contains("one");
          }
        });
  }

  @Test
  void throttled_retryAfterIsHonoured() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          fake.inject(
              Fault.on("GET", "/sessions")
                  .respond(429, "{\"msg\":\"slow down\"}")
                  .header("Retry-After", "7"));
          java.time.Instant before = time.now();
          assertThat(client.listSessions()).isEmpty();
          assertThat(Duration.between(before, time.now()))
              .isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        });
  }

  @Test
  void statementToStartingSession_waitsForIt_insteadOfFailingWith500() throws Exception {
    withFake(
        b -> b.sessionStartup(Duration.ofSeconds(20)),
        (fake, client) -> {
          fake.script("1", FakeResult.text("one"));
          client.beginCreateSession(SessionSpec.defaults());
          SessionId id = client.listSessions().get(0).id();
          try (LivySession s = client.attach(id)) {
            assertThat(s.info().state()).isEqualTo(io.github.livy4j.SessionState.STARTING);
            assertThat(s.execute(Code.scala("1")).text()).contains("one");
            assertThat(posts(fake, "/sessions/" + id + "/statements")).hasSize(1);
          }
        });
  }

  @Test
  void statementRejectedWith500NotReady_isResubmittedOnceReady() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          fake.script("1", FakeResult.text("one"));
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            String path = "/sessions/" + s.id() + "/statements";
            fake.inject(
                Fault.on("POST", path)
                    .respond(
                        500, "\"java.lang.IllegalStateException: Session is in state starting\""));
            assertThat(s.execute(Code.scala("1")).text()).contains("one");
            assertThat(posts(fake, path)).hasSize(2);
          }
        });
  }

  @Test
  void onlyTheLast100StatementsAreKept() throws Exception {
    withFake(
        b -> b.statementDuration(Duration.ZERO),
        (fake, client) -> {
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            List<io.github.livy4j.StatementId> ids = new ArrayList<>();
            IntStream.range(0, 101)
                .forEach(i -> ids.add(s.execute(Code.scala("x" + i)).statementId()));
            assertThatThrownBy(() -> s.statement(ids.get(0)))
                .isInstanceOfSatisfying(
                    LivyServiceException.class,
                    e -> {
                      assertThat(e).isNotInstanceOf(SessionNotFoundException.class);
                      assertThat(e.statusCode()).isEqualTo(404);
                      assertThat(e).hasMessageContaining("Statement not found");
                    });
            assertThat(s.statement(ids.get(100)).id()).isEqualTo(ids.get(100));
          }
        });
  }

  @Test
  void sqlResults_areCappedAtTheServersRowLimit() throws Exception {
    withFake(
        b -> b.sqlRowLimit(1000),
        (fake, client) -> {
          List<List<Object>> rows = new ArrayList<>();
          IntStream.range(0, 1500).forEach(i -> rows.add(List.of((long) i)));
          fake.script(
              "SELECT id FROM range(1500)",
              FakeResult.sqlTable(List.of("id"), List.of("long"), rows));
          try (LivySession s =
              client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
            assertThat(s.execute(Code.sql("SELECT id FROM range(1500)")).table().size())
                .isEqualTo(1000);
          }
        });
  }

  @Test
  void log_readsLastLinesAndPages() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            s.execute(Code.scala("1"));
            List<String> last = s.log(2);
            assertThat(last).hasSize(2).last().asString().contains("Submitted statement 0");
            LogPage page = s.log(0, 2);
            assertThat(page.from()).isZero();
            assertThat(page.total()).isGreaterThanOrEqualTo(4);
            assertThat(page.lines()).containsExactly("stdout: ", "\nstderr: ");
          }
        });
  }

  @Test
  void completions_areAskedWithKindAndCursor() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            assertThat(s.completions(Code.scala("spark.ran"), 9)).isEmpty();
            assertThat(posts(fake, "/sessions/" + s.id() + "/completion").get(0).body())
                .contains("\"cursor\":9")
                .contains("\"kind\":\"spark\"");
            assertThatThrownBy(() -> s.completions(Code.scala("x"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cursor");
          }
        });
  }

  @Test
  void basicAuth_isSent_andNeverShownInErrorsOrToString() throws Exception {
    try (FakeLivy fake = FakeLivy.builder().time(time).start()) {
      var backend =
          ApacheLivy.builder(fake.uri())
              .basicAuth("alice", "s3cret-pw")
              .header("X-Gateway", "g1")
              .build();
      try (LivyClient client =
          client(backend).credential(TokenProviders.fixed("tok-123")).build()) {
        fake.inject(Fault.on("GET", "/sessions").respond(500, "{\"msg\":\"nope\"}").times(9));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(client::listSessions);
        assertThat(t).isInstanceOf(LivyServiceException.class);
        assertThat(t.toString()).doesNotContain("s3cret").doesNotContain("tok-123");
        assertThat(backend.toString()).doesNotContain("s3cret").doesNotContain("alice");
        assertThat(client.toString()).doesNotContain("s3cret");
      }
      assertThat(fake.requests())
          .allSatisfy(
              r -> {
                assertThat(r.header("Authorization")).contains("Basic <redacted>");
                assertThat(r.header("X-Gateway")).contains("g1");
                assertThat(r.header("User-Agent"))
                    .hasValueSatisfying(ua -> assertThat(ua).startsWith("livy4j/"));
              });
    }
  }

  @Test
  void builder_rejectsBadInputClearly() {
    assertThatThrownBy(() -> ApacheLivy.at(URI.create("ftp://host")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http");
    assertThatThrownBy(() -> ApacheLivy.at(URI.create("http://u:p@host:8998")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("basicAuth");
    assertThatThrownBy(
            () -> ApacheLivy.builder(URI.create("http://h")).header("Authorization", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApacheLivy.builder(URI.create("http://h")).serverVersion("new"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("new");
  }

  @Test
  void noRetries_configured_failsAtTheFirstError() throws Exception {
    try (FakeLivy fake = FakeLivy.builder().time(time).start();
        LivyClient client = client(ApacheLivy.at(fake.uri())).retry(RetryOptions.none()).build()) {
      fake.inject(Fault.on("GET", "/sessions").respond(503, "{\"msg\":\"down\"}"));
      assertThatThrownBy(client::listSessions).isInstanceOf(LivyServiceException.class);
      assertThat(fake.requests()).hasSize(1);
    }
  }

  @Test
  void retriesFollowTheConfiguredBackoffExactly() throws Exception {
    try (FakeLivy fake = FakeLivy.builder().time(time).start();
        LivyClient client =
            client(ApacheLivy.at(fake.uri()))
                .retry(
                    new RetryOptions(
                        4,
                        Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3), 0.0),
                        Duration.ofMinutes(1)))
                .build()) {
      fake.inject(Fault.on("GET", "/sessions").respond(503, "{}").times(3));
      java.time.Instant start = time.now();
      assertThat(client.listSessions()).isEmpty();
      // waits of 1 s, 2 s and 3 s (capped) before attempts 2, 3 and 4
      assertThat(Duration.between(start, time.now())).isEqualTo(Duration.ofSeconds(6));
    }
  }

  @Test
  void batchSubmitAnswerLost_isFoundByName_andEveryFieldIsSent() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          fake.inject(Fault.on("POST", "/batches").dropConnectionAfterProcessing());
          var batch =
              client.submitBatch(
                  io.github.livy4j.BatchSpec.builder("file:///apps/a.jar")
                      .className("com.example.A")
                      .args(List.of("x", "y"))
                      .name("nightly")
                      .conf("k", "v")
                      .jars(List.of("j.jar"))
                      .pyFiles(List.of("p.py"))
                      .files(List.of("f.txt"))
                      .archives(List.of("a.zip"))
                      .driverMemory("1g")
                      .driverCores(1)
                      .executorMemory("2g")
                      .executorCores(2)
                      .numExecutors(3)
                      .queue("q")
                      .proxyUser("bob")
                      .build());
          assertThat(batch.info().name()).contains("nightly");
          assertThat(posts(fake, "/batches")).hasSize(1);
          assertThat(posts(fake, "/batches").get(0).body())
              .contains(
                  "\"file\":\"file:///apps/a.jar\"",
                  "\"className\":\"com.example.A\"",
                  "\"args\":[\"x\",\"y\"]",
                  "\"name\":\"nightly\"",
                  "\"proxyUser\":\"bob\"",
                  "\"jars\":[\"j.jar\"]",
                  "\"pyFiles\":[\"p.py\"]",
                  "\"files\":[\"f.txt\"]",
                  "\"archives\":[\"a.zip\"]",
                  "\"driverMemory\":\"1g\"",
                  "\"driverCores\":1",
                  "\"executorMemory\":\"2g\"",
                  "\"executorCores\":2",
                  "\"numExecutors\":3",
                  "\"queue\":\"q\"",
                  "\"conf\":{\"k\":\"v\"}");
          assertThat(batch.waitForCompletion().state())
              .isEqualTo(io.github.livy4j.SessionState.SUCCESS);
          batch.delete();
        });
  }

  @Test
  void createAnswerUnreadable_theSessionIsFoundByName_notLeaked() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          fake.inject(Fault.on("POST", "/sessions").respondAfterProcessing(201, "{\"id\":"));
          try (LivySession s =
              client.createSession(SessionSpec.builder().name("garbled").build())) {
            assertThat(s.info().name()).contains("garbled");
          }
          assertThat(posts(fake, "/sessions")).hasSize(1);
        });
  }

  @Test
  void a404RightAfterCreate_isNotTransientOnApacheLivy() throws Exception {
    withFake(
        b -> {},
        (fake, client) -> {
          fake.inject(
              Fault.on("GET", "/sessions/0").respond(404, "{\"msg\":\"Session '0' not found.\"}"));
          assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
              .isInstanceOf(SessionNotFoundException.class);
          assertThat(fake.sessionCount()).isZero();
        });
  }

  @Test
  void aLongStatementThatReportsProgress_isPolledByIt_andSeenAsItEnds() throws Exception {
    withFake(
        b -> b.sessionStartup(Duration.ZERO),
        (fake, client) -> {
          fake.script("long()", FakeResult.text("done").taking(Duration.ofMinutes(10)));
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            java.time.Instant submitted = time.clock().instant();
            assertThat(s.execute(Code.scala("long()")).text()).contains("done");
            Duration seenAfter = Duration.between(submitted, time.clock().instant());
            assertThat(seenAfter)
                .isBetween(Duration.ofMinutes(10), Duration.ofMinutes(10).plusSeconds(2));
            String path = "/sessions/" + s.id() + "/statements/0";
            assertThat(fake.requests())
                .filteredOn(r -> r.method().equals("GET") && r.path().equals(path))
                .hasSizeLessThan(25);
          }
        });
  }

  @Test
  void theStatementsOfASession_shareOneLookAtTheSession() throws Exception {
    withFake(
        b -> b.sessionStartup(Duration.ZERO),
        (fake, client) -> {
          fake.script("minute()", FakeResult.text("ok").taking(Duration.ofMinutes(1)));
          try (LivySession s = client.createSession(SessionSpec.defaults())) {
            List<io.github.livy4j.polling.StatementPoller> running = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
              running.add(s.beginExecute(Code.scala("minute()")));
            }
            java.time.Instant start = time.clock().instant();
            // the ten run one after another for ten minutes; poll them all in turn
            while (running.stream().anyMatch(p -> !p.isDone())) {
              running.stream().filter(p -> !p.isDone()).forEach(p -> p.poll());
              time.advance(Duration.ofMillis(500));
            }
            Duration lasted = Duration.between(start, time.clock().instant());
            long sessionLooks =
                fake.requests().stream()
                    .filter(
                        r ->
                            r.method().equals("GET") && r.path().matches("/sessions/\\d+(/state)?"))
                    .count();
            assertThat(sessionLooks).isLessThanOrEqualTo(lasted.toSeconds() / 5 + 2);
          }
        });
  }
}
