package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementResult;
import io.github.livy4j.StatementState;
import io.github.livy4j.Table;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.StatementPoller;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The SDK against a real Apache Livy 0.7.1 server (CSRF protection on) with Spark 3.5.7.
 * One Scala session serves the statement tests; the last test deletes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(RealLivyTest.Server.class)
class RealLivyTest {
  static URI livy;

  /** Starts the shared server before the class. */
  static final class Server implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      livy = LocalLivy.get(context).uri();
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private LivyClient client;
  private LivySession session;

  /**
   * The session with a raised row cap, run as another user (impersonation), started beside the
   * main one (used by tests 4 and 5).
   */
  private Poller<LivySession> moreStart;

  /** The session with a 40 s time to live, started beside the main one (used by test 10). */
  private Poller<LivySession> limitedStart;

  @BeforeAll
  void createSession() {
    client =
        LivyClient.builder()
            .backend(ApacheLivy.at(livy))
            .polling(
                PollingOptions.builder()
                    .sessionStartTimeout(Duration.ofMinutes(3))
                    .statementTimeout(Duration.ofMinutes(2))
                    .build())
            .build();
    // the sessions later tests need start now, beside the main one, and the time to live of
    // one of them runs out while the tests before it run
    Poller<LivySession> main =
        client.beginCreateSession(
            SessionSpec.builder()
                .kind(CodeKind.SPARK)
                .namePrefix("it-")
                .conf("spark.sql.shuffle.partitions", "2")
                .build());
    moreStart =
        client.beginCreateSession(
            SessionSpec.builder()
                .kind(CodeKind.SQL)
                .conf("livy.rsc.sql.num-rows", "5000")
                .proxyUser("alice@example.test")
                .build());
    limitedStart =
        client.beginCreateSession(
            SessionSpec.builder()
                .kind(CodeKind.SQL)
                .namePrefix("it-ttl-")
                .ttl(Duration.ofSeconds(40))
                .build());
    session = main.waitForCompletion();
  }

  @AfterAll
  void closeClient() throws Exception {
    client.close();
    // nothing this run created is left on the server
    assertThat(raw("GET", "/sessions", null).body()).contains("\"total\":0");
  }

  private HttpResponse<String> raw(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(livy + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void session_isIdle_withItsName_andVersionDetected() {
    SessionInfo info = session.info();
    assertThat(info.state()).isEqualTo(SessionState.IDLE);
    assertThat(info.name()).hasValueSatisfying(n -> assertThat(n).startsWith("it-"));
    assertThat(info.kind()).contains(CodeKind.SPARK);
    assertThat(client.listSessions()).extracting(SessionInfo::id).contains(session.id());
  }

  @Test
  @Order(2)
  void scala_returnsText() {
    StatementResult r = session.execute(Code.scala("spark.range(100).count()"));
    assertThat(r.text()).hasValueSatisfying(t -> assertThat(t).endsWith("Long = 100"));
    assertThat(r.statement().started()).isPresent();
    assertThat(session.execute(Code.scala("spark.range(1000).map(_ * 2).reduce(_ + _)")).text())
        .hasValueSatisfying(t -> assertThat(t).endsWith("Long = 999000"));
  }

  @Test
  @Order(3)
  void sql_returnsATypedTable() {
    Table t =
        session
            .execute(
                Code.sql(
                    "select 40+2 as answer, 'livy' as who,"
                        + " cast(null as string) as n, date'2026-11-24' as d, cast(12.5 as decimal(10,2)) as p,"
                        + " timestamp'2026-11-24 13:47:46' as ts, id from range(3)"))
            .table();
    assertThat(t.columns())
        .extracting(Table.Column::sparkType)
        .containsExactly(
            "integer", "string", "string", "date", "decimal(10,2)", "timestamp", "long");
    assertThat(t.size()).isEqualTo(3);
    Table.Row row = t.rows().get(2);
    assertThat(row.get("answer")).isEqualTo(42);
    assertThat(row.get("who")).isEqualTo("livy");
    assertThat(row.get("n")).isNull();
    assertThat(row.get("d")).isEqualTo(LocalDate.of(2026, 11, 24));
    assertThat(row.get("p", BigDecimal.class)).isEqualByComparingTo("12.5");
    assertThat(row.get("ts")).isInstanceOf(Instant.class);
    assertThat(row.get("id")).isEqualTo(2L);
  }

  @Test
  @Order(4)
  void aSessionWithAProxyUser_runsAsThatUser_andLivyReportsIt() throws Exception {
    LivySession more = moreStart.waitForCompletion();
    assertThat(more.info().proxyUser()).contains("alice@example.test");
    assertThat(raw("GET", "/sessions/" + more.id(), null).body())
        .contains("\"proxyUser\":\"alice@example.test\"");
    // Spark runs as Hadoop's short name of the user: without Kerberos, the part before '@'
    assertThat(more.execute(Code.sql("SELECT current_user() AS u")).table().rows().get(0).get("u"))
        .isEqualTo("alice");
    // a session without a proxyUser runs as the user the server runs as
    assertThat(session.info().proxyUser()).isEmpty();
    assertThat(session.execute(Code.scala("spark.sparkContext.sparkUser")).text())
        .hasValueSatisfying(t -> assertThat(t).endsWith("= " + System.getProperty("user.name")));
  }

  @Test
  @Order(5)
  void sqlResults_atLivysRowCap_areMarkedTruncated_andTheCapRisesWithTheSessionsConf() {
    Table cut = session.execute(Code.sql("SELECT id FROM range(1500)")).table();
    assertThat(cut.size()).isEqualTo(1000);
    assertThat(cut.truncated()).isTrue();
    try (LivySession more = moreStart.waitForCompletion()) {
      Table all = more.execute(Code.sql("SELECT id FROM range(1500)")).table();
      assertThat(all.size()).isEqualTo(1500);
      assertThat(all.truncated()).isFalse();
    }
  }

  @Test
  @Order(6)
  void statementError_isAStatementFailedException() {
    assertThatThrownBy(() -> session.execute(Code.scala("undefinedThing + 1")))
        .isInstanceOfSatisfying(
            StatementFailedException.class,
            e -> {
              assertThat(e.errorValue()).contains("not found: value undefinedThing");
              assertThat(e.sessionId()).isEqualTo(session.id());
            });
    assertThatThrownBy(() -> session.execute(Code.sql("select * from no_such_table")))
        .isInstanceOfSatisfying(
            StatementFailedException.class,
            e -> assertThat(e.errorValue()).containsIgnoringCase("no_such_table"));
  }

  @Test
  @Order(7)
  void cancel_stopsALongStatement_andTheSessionCarriesOn() {
    StatementPoller p = session.beginExecute(Code.scala("Thread.sleep(60000); 1"));
    List<PollResponse> seen = new ArrayList<>();
    p.addListener(seen::add);
    p.poll();
    p.cancel();
    assertThatThrownBy(() -> p.waitForCompletion(Duration.ofSeconds(60)))
        .isInstanceOf(CancellationException.class);
    assertThat(session.statement(p.statementId()).state()).isEqualTo(StatementState.CANCELLED);
    assertThat(seen).extracting(PollResponse::state).contains("cancelled");
    assertThat(session.execute(Code.scala("1 + 1")).text())
        .hasValueSatisfying(t -> assertThat(t).endsWith("Int = 2"));
  }

  @Test
  @Order(8)
  void logs_areRead() {
    List<String> lines = session.log(20);
    assertThat(lines).isNotEmpty().hasSizeLessThanOrEqualTo(20);
    assertThat(session.log(0, 5).lines()).hasSizeLessThanOrEqualTo(5);
  }

  @Test
  @Order(9)
  void unknownStatement_is404_notSessionNotFound() {
    assertThatThrownBy(() -> session.statement(io.github.livy4j.StatementId.of(9999)))
        .isInstanceOfSatisfying(
            LivyServiceException.class,
            e -> {
              assertThat(e).isNotInstanceOf(SessionNotFoundException.class);
              assertThat(e.statusCode()).isEqualTo(404);
            });
  }

  @Test
  @Order(10)
  void ttlAndIdleTimeout_areEnforcedByTheClient_andNeverSentTo071() throws Exception {
    HttpResponse<String> r =
        raw("POST", "/sessions", "{\"kind\":\"spark\",\"ttl\":\"10m\"}", "X-Requested-By", "it");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("\"Unrecognized field \\\"ttl\\\"");

    // the limited session started with the class, with 40 s to live
    LivySession idle =
        client.createSession(
            SessionSpec.builder().kind(CodeKind.SQL).idleTimeout(Duration.ofSeconds(6)).build());
    assertThat(idle.execute(Code.sql("SELECT 1 AS one")).table().size()).isEqualTo(1);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (raw("GET", "/sessions", null).body().contains("\"it-ttl-")
        || raw("GET", "/sessions/" + idle.id(), null).statusCode() != 404) {
      assertThat(System.nanoTime()).as("both sessions deleted by the client").isLessThan(end);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
    }
    // whether its time ran out while it started or after: the same exception, at once
    assertThatThrownBy(() -> limitedStart.waitForCompletion().execute(Code.sql("SELECT 1")))
        .isInstanceOfSatisfying(
            SessionExpiredException.class,
            e -> assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.TTL));
    assertThatThrownBy(() -> idle.execute(Code.sql("SELECT 1")))
        .isInstanceOfSatisfying(
            SessionExpiredException.class,
            e -> assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.IDLE_TIMEOUT));
  }

  @Test
  @Order(11)
  void csrfProtection_isOn_andTheSdkAlwaysPasses() throws Exception {
    HttpResponse<String> r = raw("POST", "/sessions", "{\"kind\":\"sql\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Missing Required Header for CSRF protection.");
  }

  @Test
  @Order(12)
  void statementToAStartingSession_isHandled() throws Exception {
    try (LivyClient other =
        LivyClient.builder()
            .backend(ApacheLivy.at(livy))
            .polling(PollingOptions.builder().timeout(Duration.ofMinutes(3)).build())
            .build()) {
      other.beginCreateSession(SessionSpec.builder().kind(CodeKind.SQL).build());
      SessionId id =
          other.listSessions().stream()
              .filter(s -> s.state().isStarting())
              .map(SessionInfo::id)
              .findFirst()
              .orElseThrow();
      // the server itself refuses with a bare-string 500 ...
      HttpResponse<String> refused =
          raw(
              "POST",
              "/sessions/" + id + "/statements",
              "{\"code\":\"select 1\"}",
              "X-Requested-By",
              "it");
      assertThat(refused.statusCode()).isEqualTo(500);
      assertThat(refused.body()).contains("IllegalStateException: Session is in state");
      // ... while the SDK waits for the session and runs the statement
      LivySession starting = other.attach(id);
      assertThat(starting.execute(Code.sql("select 1 as one")).table().rows().get(0).get("one"))
          .isEqualTo(1);
    }
  }

  @Test
  @Order(13)
  void close_deletesTheSession_andItIsGone() throws Exception {
    SessionId id = session.id();
    session.close();
    assertThat(raw("GET", "/sessions/" + id, null).statusCode()).isEqualTo(404);
    assertThatThrownBy(() -> client.attach(id)).isInstanceOf(SessionNotFoundException.class);
  }
}
