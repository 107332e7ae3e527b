package io.github.livy4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionListener;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionPool;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementResult;
import io.github.livy4j.StatementState;
import io.github.livy4j.Table;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.testkit.FakeBatch;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend must show, run against the {@link FakeLivy} on virtual time.
 * A backend module extends it and supplies {@link #backend(FakeLivy)}. After every test the
 * client is closed and the fake must hold no session: nothing leaks.
 */
public abstract class LivyBackendContractTest extends FakeLivyContract {

  /**
   * Whether the backend has session and batch logs; override for those that have none.
   *
   * @return whether logs can be read
   */
  protected boolean hasLogs() {
    return true;
  }

  @Override
  protected LivyClient.Builder clientBuilder() {
    return super.clientBuilder()
        .sessionListener(
            new SessionListener() {
              @Override
              public void onExpired(SessionExpiredException expiry) {
                expired.add(expiry);
              }

              @Override
              public void onKeepAlive(SessionId session) {
                keptAlive.add(session);
              }

              @Override
              public void onRecovered(SessionId lost, SessionId replacement) {
                recovered.add(List.of(lost, replacement));
              }
            });
  }

  /** What the client's session listener heard. */
  protected final List<SessionExpiredException> expired = new CopyOnWriteArrayList<>();

  /** Each recovery the client made: the lost session, then its replacement. */
  protected final List<List<SessionId>> recovered = new CopyOnWriteArrayList<>();

  /** The sessions the client kept alive, once per keep-alive. */
  protected final List<SessionId> keptAlive = new CopyOnWriteArrayList<>();

  @Test
  void createSession_startsAndBecomesIdle_closeDeletesIt() {
    LivySession s = client.createSession(SessionSpec.builder().kind(CodeKind.SPARK).build());
    assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
    assertThat(s.info().name()).hasValueSatisfying(n -> assertThat(n).startsWith("livy4j-"));
    assertThat(fake.sessionCount()).isEqualTo(1);
    s.close();
    assertThat(fake.sessionCount()).isZero();
    s.close(); // idempotent
  }

  @Test
  void aTokenThatCannotBeObtained_failsTheCreate_withThatFailure_andSendsNothing() {
    // a provider in its pause after a failure rethrows the same failure: it must reach the
    // caller as it is, not be joined to itself
    io.github.livy4j.LivyException down =
        new io.github.livy4j.LivyException("the identity provider could not be reached", null) {
          private static final long serialVersionUID = 1L;
        };
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    fake.clearRequests();
    try (LivyClient failing =
        clientBuilder()
            .credential(
                () -> {
                  asked.incrementAndGet();
                  throw down;
                })
            .build()) {
      assertThatThrownBy(() -> failing.createSession(SessionSpec.defaults())).isSameAs(down);
    }
    assertThat(asked).hasValue(1);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void execute_scriptedText_returnsText() {
    fake.script("spark.range(100).count()", FakeResult.text("res0: Long = 100"));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      StatementResult r = s.execute(Code.scala("spark.range(100).count()"));
      assertThat(r.text()).contains("res0: Long = 100");
      assertThat(r.sessionId()).isEqualTo(s.id());
      assertThat(r.executionCount()).hasValue(0);
    }
  }

  @Test
  void execute_sqlResult_decodesTypedTable() {
    fake.script(
        "SELECT * FROM t",
        FakeResult.sqlTable(
            List.of("answer", "who", "n", "d", "price"),
            List.of("integer", "string", "string", "date", "decimal(10,2)"),
            List.of(Arrays.asList(42, "livy", null, "2026-11-24", 12.5))));
    try (LivySession s = client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
      Table t = s.execute(Code.sql("SELECT * FROM t")).table();
      assertThat(t.columns())
          .extracting(Table.Column::name)
          .containsExactly("answer", "who", "n", "d", "price");
      assertThat(t.columns())
          .extracting(Table.Column::sparkType)
          .containsExactly("integer", "string", "string", "date", "decimal(10,2)");
      Table.Row row = t.rows().get(0);
      assertThat(row.get("answer", Integer.class)).isEqualTo(42);
      assertThat(row.get("who")).isEqualTo("livy");
      assertThat(row.get("n")).isNull();
      assertThat(row.get("d")).isEqualTo(LocalDate.of(2026, 11, 24));
      assertThat(row.get("price", BigDecimal.class)).isEqualByComparingTo("12.5");
    }
  }

  /** A row of the typed-read test's SQL result. */
  record Sale(long id, String who, BigDecimal price, LocalDate day, Instant at) {}

  @Test
  void execute_sqlResult_readsWithTypedGetters_andAsRecords() {
    fake.script(
        "SELECT * FROM sales",
        FakeResult.sqlTable(
            List.of("id", "WHO", "price", "day", "at"),
            List.of("integer", "string", "decimal(10,2)", "date", "timestamp"),
            List.of(
                Arrays.asList(7, "livy", 12.5, "2026-11-24", "2026-11-24T13:47:46Z"),
                Arrays.asList(8, null, null, null, null))));
    try (LivySession s = client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
      Table t = s.execute(Code.sql("SELECT * FROM sales")).table();
      Table.Row row = t.rows().get(0);
      assertThat(row.getLong("id")).isEqualTo(7L); // an integer column, widened
      assertThat(row.getInt(0)).isEqualTo(7);
      assertThat(row.get("id", long.class)).isEqualTo(7L);
      assertThat(row.getString("WHO")).isEqualTo("livy");
      assertThat(row.getDecimal("price")).isEqualByComparingTo("12.5");
      assertThat(row.getDate("day")).isEqualTo(LocalDate.of(2026, 11, 24));
      assertThat(row.getTimestamp("at")).isEqualTo(Instant.parse("2026-11-24T13:47:46Z"));
      Table.Row nulls = t.rows().get(1);
      assertThat(nulls.getString("WHO")).isNull();
      assertThat(nulls.isNull("price")).isTrue();
      assertThatThrownBy(() -> row.getString("id"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column 'id' (Spark type integer)");
      assertThat(t.as(Sale.class)) // 'who' matches the column WHO, ignoring case
          .containsExactly(
              new Sale(
                  7L,
                  "livy",
                  new BigDecimal("12.5"),
                  LocalDate.of(2026, 11, 24),
                  Instant.parse("2026-11-24T13:47:46Z")),
              new Sale(8L, null, null, null, null));
      assertThat(nulls.as(Sale.class)).isEqualTo(new Sale(8L, null, null, null, null));
    }
  }

  @Test
  void execute_errorOutput_throwsStatementFailedWithTraceback() {
    fake.script(
        "undefinedThing + 1",
        FakeResult.error("NameError", "name 'undefinedThing' is not defined", "line 1", "line 2"));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThatThrownBy(() -> s.execute(Code.pyspark("undefinedThing + 1")))
          .isInstanceOfSatisfying(
              StatementFailedException.class,
              e -> {
                assertThat(e.errorName()).isEqualTo("NameError");
                assertThat(e.errorValue()).contains("undefinedThing");
                assertThat(e.traceback()).containsExactly("line 1", "line 2");
                assertThat(e.sessionId()).isEqualTo(s.id());
              });
      // the session is still usable afterwards
      fake.script("1", FakeResult.text("res1: Int = 1"));
      assertThat(s.execute(Code.pyspark("1")).text()).contains("res1: Int = 1");
    }
  }

  @Test
  void beginExecute_longStatement_reportsProgressToListeners() {
    fake.script("long()", FakeResult.text("done").taking(Duration.ofSeconds(30)));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      List<PollResponse> seen = new ArrayList<>();
      Poller<StatementResult> p = s.beginExecute(Code.scala("long()")).addListener(seen::add);
      assertThat(p.waitForCompletion().text()).contains("done");
      assertThat(p.isDone()).isTrue();
      assertThat(seen).isNotEmpty();
      assertThat(seen).extracting(PollResponse::state).contains("running", "available");
      List<Double> progress =
          seen.stream().filter(r -> r.progress() != null).map(PollResponse::progress).toList();
      assertThat(progress).isSorted().last().isEqualTo(1.0);
      assertThat(progress).anySatisfy(v -> assertThat(v).isStrictlyBetween(0.0, 1.0));
    }
  }

  @Test
  void cancel_runningStatement_endsCancelled() {
    fake.script("sleep()", FakeResult.text("never").taking(Duration.ofMinutes(10)));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      StatementPoller p = s.beginExecute(Code.scala("sleep()"));
      assertThat(p.poll().state()).isEqualTo("running");
      p.cancel();
      assertThatThrownBy(p::waitForCompletion).isInstanceOf(CancellationException.class);
      assertThatThrownBy(p::result).isInstanceOf(CancellationException.class);
      assertThat(p.latest().state()).isEqualTo("cancelled");
      assertThat(s.statement(p.statementId()).state()).isEqualTo(StatementState.CANCELLED);
    }
  }

  @Test
  void async_futureCancel_cancelsTheRemoteStatement() throws Exception {
    fake.script("sleep()", FakeResult.text("never").taking(Duration.ofMinutes(10)));
    try (LivyAsyncSession s =
        client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS)) {
      CompletableFuture<StatementResult> f = s.execute(Code.scala("sleep()"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (fake.requests().stream()
              .noneMatch(r -> r.method().equals("POST") && r.path().endsWith("/statements"))
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(f.cancel(true)).isTrue();
      List<StatementState> states = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        StatementState st = s.sync().statement(io.github.livy4j.StatementId.of(0)).state();
        states.add(st);
        if (st == StatementState.CANCELLED) {
          break;
        }
        time.advance(Duration.ofMillis(100));
      }
      assertThat(states).contains(StatementState.CANCELLED);
      assertThat(fake.requests()).anySatisfy(r -> assertThat(r.path()).endsWith("/cancel"));
    }
  }

  @Test
  void waitForCompletion_deadlinePasses_throwsTimeoutWithLastState() {
    fake.script("slow()", FakeResult.text("late").taking(Duration.ofHours(1)));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      Poller<StatementResult> p = s.beginExecute(Code.scala("slow()"));
      assertThatThrownBy(() -> p.waitForCompletion(Duration.ofSeconds(30)))
          .isInstanceOfSatisfying(
              PollingTimeoutException.class,
              e -> {
                assertThat(e.waited()).isEqualTo(Duration.ofSeconds(30));
                assertThat(e.lastState()).isEqualTo("running");
                assertThat(e.awaited()).contains("statement").contains(s.id().value());
              });
      p.cancel();
    }
  }

  @Test
  void createSession_failsToStart_throwsSessionFailedAndDeletesIt() {
    fake.failSessionStarts("java.lang.OutOfMemoryError: no room for the driver");
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isInstanceOfSatisfying(
            SessionFailedException.class,
            e -> {
              assertThat(e.state()).isEqualTo(SessionState.DEAD);
              assertThat(e.logTail()).anySatisfy(l -> assertThat(l).contains("OutOfMemoryError"));
              assertThat(e).hasMessageContaining("OutOfMemoryError");
            });
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void createSession_notReadyBeforeDeadline_timesOutAndDeletesIt() {
    client.close();
    client =
        clientBuilder()
            .polling(PollingOptions.builder().sessionStartTimeout(Duration.ofSeconds(2)).build())
            .build();
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isInstanceOfSatisfying(
            PollingTimeoutException.class,
            e -> {
              assertThat(e.lastState()).isEqualTo("starting");
              assertThat(e.waited()).isEqualTo(Duration.ofSeconds(2));
            });
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void beginCreateSession_cancel_deletesTheSession() {
    Poller<LivySession> p = client.beginCreateSession(SessionSpec.defaults());
    assertThat(fake.sessionCount()).isEqualTo(1);
    p.cancel();
    assertThat(fake.sessionCount()).isZero();
    assertThatThrownBy(p::waitForCompletion).isInstanceOf(CancellationException.class);
  }

  @Test
  void sessionDiesWhileStatementRuns_failsTheWait() {
    fake.script("forever()", FakeResult.text("x").taking(Duration.ofHours(2)));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      Poller<StatementResult> p = s.beginExecute(Code.scala("forever()"));
      p.poll();
      fake.killSession(s.id().value());
      assertThatThrownBy(p::waitForCompletion)
          .isInstanceOfSatisfying(
              SessionFailedException.class,
              e -> assertThat(e.state()).isEqualTo(SessionState.DEAD));
      // a finished session refuses new statements without asking the server
      int before = fake.requests().size();
      assertThatThrownBy(() -> s.beginExecute(Code.scala("1")))
          .isInstanceOf(SessionFailedException.class);
      assertThat(fake.requests()).hasSize(before);
    }
  }

  @Test
  void closedSession_execute_throwsIllegalState() {
    LivySession s = client.createSession(SessionSpec.defaults());
    s.close();
    assertThatThrownBy(() -> s.execute(Code.scala("1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aClosedClient_saysSo_blockingAndAsynchronously_alike() {
    client.close();
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this LivyClient is closed");
    assertThatThrownBy(() -> client.async().createSession(SessionSpec.defaults()).join())
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this LivyClient is closed");
    assertThatThrownBy(() -> client.async().listSessions().join())
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this LivyClient is closed");
  }

  @Test
  void anAsynchronousStatement_withADeadlineThatIsNotPositive_isRefusedBeforeItIsSent() {
    LivySession s = client.createSession(SessionSpec.defaults());
    LivyAsyncSession a = client.async().attach(s.id()).join();
    int before = fake.requests().size();
    assertThatThrownBy(() -> a.execute(Code.scala("1"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> s.execute(Code.scala("1"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThat(fake.requests()).as("nothing was sent").hasSize(before);
  }

  @Test
  void detach_leavesSessionRunning_attachReconnects() {
    LivySession s = client.createSession(SessionSpec.defaults());
    SessionId id = s.detach();
    s.close();
    client.close();
    assertThat(fake.sessionCount()).isEqualTo(1);

    client = clientBuilder().build();
    fake.script("2 * 21", FakeResult.text("res0: Int = 42"));
    try (LivySession again = client.attach(id)) {
      assertThat(again.info().state()).isEqualTo(SessionState.IDLE);
      assertThat(again.execute(Code.scala("2 * 21")).text()).contains("res0: Int = 42");
    }
  }

  @Test
  void clientClose_deletesEverySessionItOwns() {
    client.createSession(SessionSpec.defaults());
    client.createSession(SessionSpec.defaults());
    assertThat(fake.sessionCount()).isEqualTo(2);
    client.close();
    assertThat(fake.sessionCount()).isZero();
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void deletedSession_refresh_throwsSessionNotFound() {
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      // deleted by someone else
      try (LivyClient elsewhere = clientBuilder().build();
          LivySession other = elsewhere.attach(s.id())) {
        other.close();
      }
      assertThatThrownBy(s::refresh)
          .isInstanceOfSatisfying(
              SessionNotFoundException.class,
              e -> {
                assertThat(e.sessionId()).isEqualTo(s.id());
                assertThat(e.statusCode()).isEqualTo(404);
              });
      assertThatThrownBy(() -> s.execute(Code.scala("1")))
          .isInstanceOf(SessionNotFoundException.class);
    }
  }

  @Test
  void attach_unknownSession_throwsSessionNotFound() {
    assertThatThrownBy(() -> client.attach(SessionId.of("987")))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void listSessions_showsCreatedSessionsByName() {
    try (LivySession a = client.createSession(SessionSpec.builder().name("orders").build());
        LivySession b = client.createSession(SessionSpec.builder().namePrefix("x-").build())) {
      List<SessionInfo> all = client.listSessions();
      assertThat(all).extracting(SessionInfo::id).containsExactlyInAnyOrder(a.id(), b.id());
      assertThat(all).extracting(i -> i.name().orElse("")).contains("orders");
    }
  }

  @Test
  void statement_readsAStatementById() {
    fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      StatementResult r = s.execute(Code.scala("1 + 1"));
      assertThat(s.statement(r.statementId()).state()).isEqualTo(StatementState.AVAILABLE);
    }
  }

  @Test
  void idleSessionExpiresOnTheServer_laterCallsThrowSessionNotFound() {
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      time.advance(Duration.ofHours(2));
      assertThatThrownBy(s::refresh).isInstanceOf(SessionNotFoundException.class);
    }
  }

  /** Moves virtual time a minute at a time, as a real clock would tick through it. */
  protected void advanceMinutes(int minutes) {
    for (int i = 0; i < minutes; i++) {
      time.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void ttl_passes_theClientDeletesTheSession_andEveryLaterUseSaysWhy() {
    // kept alive inside its idle timeout, so that only the time to live can end it
    LivySession s =
        client.createSession(
            SessionSpec.builder()
                .ttl(Duration.ofHours(1))
                .idleTimeout(Duration.ofHours(2))
                .build());
    advanceMinutes(59);
    assertThat(fake.sessionCount()).isEqualTo(1);
    advanceMinutes(2);
    assertThat(fake.sessionCount()).isZero();
    assertThatThrownBy(() -> s.execute(Code.scala("1")))
        .isInstanceOfSatisfying(
            SessionExpiredException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.TTL);
              assertThat(e.limit()).contains(Duration.ofHours(1));
              assertThat(e).hasMessageContaining("time to live of 1 h");
            });
    assertThat(expired).singleElement().satisfies(e -> assertThat(e.sessionId()).isEqualTo(s.id()));
    s.close(); // nothing left to delete: no error
  }

  @Test
  void ttl_passingBeforeAStartIsWaitedFor_theStartsWaitSaysTheTimeToLiveEndedIt() {
    Poller<LivySession> start =
        client.beginCreateSession(SessionSpec.builder().ttl(Duration.ofHours(1)).build());
    advanceMinutes(61);
    assertThat(fake.sessionCount()).as("deleted by the client").isZero();
    // not "not found": the client knows why the session is gone
    assertThatThrownBy(start::waitForCompletion)
        .isInstanceOfSatisfying(
            SessionExpiredException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.TTL);
              assertThat(e).hasMessageContaining("time to live of 1 h");
            });
    assertThat(start.isDone()).isTrue();
  }

  @Test
  void ttl_passingDuringAStatement_failsItsWait_namingTheStatement() {
    fake.script("long()", FakeResult.text("late").taking(Duration.ofHours(2)));
    try (LivySession s =
        client.createSession(SessionSpec.builder().ttl(Duration.ofHours(1)).build())) {
      java.time.Instant began = time.now();
      StatementPoller p = s.beginExecute(Code.scala("long()"));
      assertThatThrownBy(() -> p.waitForCompletion(Duration.ofHours(3)))
          .isInstanceOfSatisfying(
              SessionExpiredException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.TTL);
                assertThat(e.statementId()).contains(p.statementId());
                assertThat(e).hasMessageContaining("statement " + p.statementId());
              });
      // the wait ends when the session does, not at its own deadline
      assertThat(Duration.between(began, time.now())).isLessThan(Duration.ofMinutes(65));
      assertThat(fake.sessionCount()).isZero();
    }
  }

  @Test
  void sessionGoneFromTheServer_duringAStatement_saysWhatWasLost() {
    fake.script("long()", FakeResult.text("never seen").taking(Duration.ofHours(1)));
    LivySession s = client.createSession(SessionSpec.defaults());
    StatementPoller running = s.beginExecute(Code.scala("long()"));
    running.poll();
    time.advance(Duration.ofSeconds(30));
    running.poll(); // seen running
    deleteBehindTheClientsBack(s.id());
    assertThatThrownBy(() -> running.waitForCompletion(Duration.ofHours(2)))
        .isInstanceOfSatisfying(
            SessionExpiredException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.GONE);
              assertThat(e.statementId()).contains(running.statementId());
              assertThat(e.statementStarted()).isTrue();
              assertThat(e.limit()).isEmpty();
              assertThat(e)
                  .hasMessageContaining("gone from the server")
                  .hasMessageContaining("statement " + running.statementId() + " was running");
            });
    int before = fake.requests().size();
    assertThatThrownBy(() -> s.execute(Code.scala("1")))
        .isInstanceOf(SessionExpiredException.class);
    assertThat(fake.requests()).hasSize(before); // known gone: the server is not asked again
    assertThat(expired)
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.GONE));
    s.close();
  }

  @Test
  void deleteOrphans_takesOldSessionsOfAPrefix_thatNoClientHolds_afterADryRun() {
    // a crashed client's session, from ten minutes ago, and sessions that are not orphans
    SessionId old = client.createSession(SessionSpec.builder().namePrefix("etl-").build()).detach();
    SessionId custom =
        client.createSession(SessionSpec.builder().name("etl-by-hand").build()).detach();
    SessionId other =
        client.createSession(SessionSpec.builder().namePrefix("web-").build()).detach();
    time.advance(Duration.ofMinutes(10));
    SessionId young =
        client.createSession(SessionSpec.builder().namePrefix("etl-").build()).detach();
    LivySession mine = client.createSession(SessionSpec.builder().namePrefix("etl-").build());
    time.advance(Duration.ofMinutes(1));

    assertThat(client.listSessions("etl-"))
        .extracting(SessionInfo::id)
        .containsExactlyInAnyOrder(old, custom, young, mine.id());
    List<SessionInfo> would = client.deleteOrphans("etl-", Duration.ofMinutes(5), true);
    assertThat(would).extracting(SessionInfo::id).containsExactly(old);
    assertThat(fake.sessionCount()).isEqualTo(5);
    assertThat(client.deleteOrphans("etl-", Duration.ofMinutes(5), false))
        .extracting(SessionInfo::id)
        .containsExactly(old);
    assertThat(fake.sessionCount()).isEqualTo(4);
    // zero takes every one of the prefix, the hand-named one too, but never the client's own
    assertThat(client.deleteOrphans("etl-", Duration.ZERO, false))
        .extracting(SessionInfo::id)
        .containsExactlyInAnyOrder(custom, young);
    assertThat(mine.refresh().state()).isEqualTo(SessionState.IDLE);
    assertThatThrownBy(() -> client.deleteOrphans("", Duration.ZERO, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namePrefix");
    client.attach(other).close();
    mine.close();
  }

  @Test
  void pool_keepsSessionsWarm_handsThemOut_takesThemBack_andWaitsWhenExhausted() throws Exception {
    try (SessionPool pool =
        SessionPool.builder(client, SessionSpec.defaults()).min(2).max(3).build()) {
      LivySession a = pool.borrow(Duration.ofMinutes(5));
      LivySession b = pool.borrowAsync(Duration.ofMinutes(5)).get(30, TimeUnit.SECONDS);
      assertThat(a.id()).isNotEqualTo(b.id());
      assertThat(pool.stats().borrowed()).isEqualTo(2);
      fake.script("21 * 2", FakeResult.text("42"));
      assertThat(a.execute(Code.scala("21 * 2")).text()).contains("42");
      a.close(); // given back, not deleted
      assertThat(fake.sessionCount()).isEqualTo(2);
      assertThat(pool.stats().idle()).isEqualTo(1);
      assertThatThrownBy(() -> a.execute(Code.scala("1")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("given back");
      LivySession again = pool.borrow();
      assertThat(again.id()).isEqualTo(a.id());
      LivySession c = pool.borrow(); // none warm: a third, up to max
      assertThat(pool.stats().created()).isEqualTo(3);
      long began = System.nanoTime();
      assertThatThrownBy(() -> pool.borrow(Duration.ofMillis(300)))
          .isInstanceOfSatisfying(
              PollingTimeoutException.class,
              e -> assertThat(e).hasMessageContaining("a session from the pool"));
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
      assertThat(pool.stats().created()).isEqualTo(3);
      CompletableFuture<LivySession> queued = pool.borrowAsync(Duration.ofMinutes(1));
      b.close();
      assertThat(queued.get(30, TimeUnit.SECONDS).id()).isEqualTo(b.id());
      c.close();
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void pool_evictsABrokenSessionOnBorrow_resetsOnGiveBack_andReplacesExpiredOnes()
      throws Exception {
    fake.script("reset()", FakeResult.text("ok"));
    try (SessionPool pool =
        SessionPool.builder(
                client, SessionSpec.builder().idleTimeout(Duration.ofMinutes(30)).build())
            .min(1)
            .max(2)
            .resetStatement(Code.scala("reset()"))
            .build()) {
      LivySession a = pool.borrow();
      SessionId first = a.id();
      a.close();
      assertThat(fake.requests())
          .anyMatch(r -> r.method().equals("POST") && r.body().contains("reset()"));
      deleteBehindTheClientsBack(first);
      LivySession b = pool.borrow();
      assertThat(b.id()).isNotEqualTo(first);
      assertThat(pool.stats().evicted()).isEqualTo(1);
      fake.script("reset()", FakeResult.error("Boom", "reset failed"));
      b.close(); // the reset fails: evicted and deleted
      assertThat(pool.stats().evicted()).isEqualTo(2);
      fake.script("reset()", FakeResult.text("ok"));
      LivySession c = pool.borrow();
      SessionId third = c.id();
      c.close();
      advanceMinutes(31); // idle past its timeout: the client deletes it, the pool replaces it
      LivySession d = pool.borrow();
      assertThat(d.id()).isNotEqualTo(third);
      assertThat(pool.stats().evicted()).isEqualTo(3);
      d.close();
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void pool_keepsItsWarmSessionsAlive_pastTheServersIdleReaper() {
    try (SessionPool pool =
        SessionPool.builder(
                client, SessionSpec.builder().keepAliveInterval(Duration.ofMinutes(5)).build())
            .min(1)
            .max(1)
            .build()) {
      LivySession first = pool.borrow();
      SessionId id = first.id();
      first.close();
      advanceMinutes(90); // past both servers' idle reapers (1 h, 20 min)
      try (LivySession again = pool.borrow()) {
        assertThat(again.id()).isEqualTo(id);
        assertThat(pool.stats().evicted()).isZero();
      }
      assertThat(keptAlive).contains(id);
    }
  }

  @Test
  void pool_close_deletesBorrowedSessionsToo_andWaitingBorrowersFail() throws Exception {
    SessionPool pool = SessionPool.builder(client, SessionSpec.defaults()).min(0).max(1).build();
    LivySession a = pool.borrow();
    CompletableFuture<LivySession> waiting = pool.borrowAsync(Duration.ofMinutes(5));
    pool.close();
    assertThat(fake.sessionCount()).isZero();
    assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class);
    a.close(); // harmless after the pool closed
  }

  @Test
  void recovery_replacesALostSession_replaysInit_resubmitsWhatNeverStarted_notWhatRan() {
    fake.script("init()", FakeResult.text("ready"));
    fake.script("block()", FakeResult.text("blocked").taking(Duration.ofMinutes(10)));
    fake.script("work()", FakeResult.text("done").taking(Duration.ofSeconds(30)));
    LivySession s =
        client.createSession(
            SessionSpec.builder()
                .initStatement(Code.scala("init()"))
                .recoverLostSessions()
                .build());
    SessionId lost = s.id();
    StatementPoller ran = s.beginExecute(Code.scala("block()"));
    time.advance(Duration.ofSeconds(5));
    assertThat(ran.poll().state()).isEqualTo("running");
    StatementPoller queued = s.beginExecute(Code.scala("work()")); // waits behind block()
    assertThat(queued.poll().state()).isEqualTo("waiting");

    deleteBehindTheClientsBack(lost);

    assertThat(queued.waitForCompletion(Duration.ofMinutes(30)).text()).contains("done");
    assertThat(s.id()).isNotEqualTo(lost);
    assertThat(queued.sessionId()).isEqualTo(s.id());
    assertThat(recovered).containsExactly(List.of(lost, s.id()));
    assertThat(fake.requests())
        .filteredOn(r -> r.method().equals("POST") && r.body().contains("init()"))
        .hasSize(2); // on the first session and the replacement
    assertThatThrownBy(() -> ran.waitForCompletion(Duration.ofMinutes(30)))
        .isInstanceOfSatisfying(
            SessionExpiredException.class,
            e -> {
              assertThat(e.statementStarted()).isTrue();
              assertThat(e.replacement()).contains(s.id());
              assertThat(e).hasMessageContaining("was not run again");
            });
    assertThat(fake.requests())
        .filteredOn(r -> r.method().equals("POST") && r.body().contains("block()"))
        .hasSize(1);
    assertThat(s.execute(Code.scala("work()")).text()).contains("done"); // the replacement works
    assertThat(fake.sessionCount()).isEqualTo(1);
    s.close();
  }

  @Test
  void recovery_ofASessionThatDies_resubmitsTheStatementThatWaited() {
    fake.script("block()", FakeResult.text("blocked").taking(Duration.ofMinutes(10)));
    fake.script("work()", FakeResult.text("done").taking(Duration.ofSeconds(30)));
    LivySession s = client.createSession(SessionSpec.builder().recoverLostSessions().build());
    SessionId dead = s.id();
    StatementPoller ran = s.beginExecute(Code.scala("block()"));
    time.advance(Duration.ofSeconds(5));
    assertThat(ran.poll().state()).isEqualTo("running");
    StatementPoller queued = s.beginExecute(Code.scala("work()"));
    assertThat(queued.poll().state()).isEqualTo("waiting");
    fake.killSession(dead.value());
    assertThat(queued.waitForCompletion(Duration.ofMinutes(30)).text()).contains("done");
    assertThat(s.id()).isNotEqualTo(dead);
    assertThat(recovered).containsExactly(List.of(dead, s.id()));
    assertThatThrownBy(() -> ran.waitForCompletion(Duration.ofMinutes(30)))
        .isInstanceOf(LivyException.class);
    s.close();
  }

  @Test
  void recovery_whoseInitFails_deletesTheReplacement_andFailsTheWait() {
    fake.script("init()", FakeResult.text("ready"));
    fake.script("work()", FakeResult.text("done").taking(Duration.ofMinutes(1)));
    LivySession s =
        client.createSession(
            SessionSpec.builder()
                .initStatement(Code.scala("init()"))
                .recoverLostSessions()
                .build());
    deleteBehindTheClientsBack(s.id());
    fake.script("init()", FakeResult.error("ImportError", "no module"));
    assertThatThrownBy(() -> s.execute(Code.scala("work()")))
        .isInstanceOf(StatementFailedException.class)
        .hasMessageContaining("no module");
    assertThat(fake.sessionCount()).isZero();
    assertThat(recovered).isEmpty();
  }

  @Test
  void sqlResult_atTheRowCap_isMarkedTruncated_andRaisingTheCapInConfReadsEveryRow() {
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 1500; i++) {
      rows.add(List.of(i));
    }
    fake.script("SELECT id FROM big", FakeResult.sqlTable(List.of("id"), List.of("long"), rows));
    fake.script(
        "SELECT id FROM small",
        FakeResult.sqlTable(List.of("id"), List.of("long"), rows.subList(0, 10)));
    try (LivySession s = client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
      Table cut = s.execute(Code.sql("SELECT id FROM big")).table();
      assertThat(cut.size()).isEqualTo(1000);
      assertThat(cut.truncated()).isTrue();
      assertThat(cut.rowLimit()).hasValue(1000);
      assertThat(cut.toString()).contains("truncated at 1000");
      Table whole = s.execute(Code.sql("SELECT id FROM small")).table();
      assertThat(whole.truncated()).isFalse();
      assertThat(whole.rowLimit()).isEmpty();
    }
    try (LivySession s =
        client.createSession(
            SessionSpec.builder()
                .kind(CodeKind.SQL)
                .conf("livy.rsc.sql.num-rows", "5000")
                .build())) {
      Table all = s.execute(Code.sql("SELECT id FROM big")).table();
      assertThat(all.size()).isEqualTo(1500);
      assertThat(all.truncated()).isFalse();
      assertThat(all.rows().get(1499).get("id", Long.class)).isEqualTo(1499L);
    }
  }

  /** Deletes a session as another client (or the server's reaper) would. */
  private void deleteBehindTheClientsBack(SessionId id) {
    try (LivyClient other = clientBuilder().build()) {
      other.attach(id).close();
    }
  }

  @Test
  void idleTimeout_countsFromWhenTheSessionIsReady_notWhileItStarts() {
    // the fake takes seconds to start a session: longer than this idle timeout
    LivySession s =
        client.createSession(SessionSpec.builder().idleTimeout(Duration.ofSeconds(2)).build());
    assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
    assertThat(fake.sessionCount()).isEqualTo(1);
    time.advance(Duration.ofSeconds(3));
    assertThat(fake.sessionCount()).isZero();
    assertThat(expired)
        .singleElement()
        .satisfies(
            e -> assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.IDLE_TIMEOUT));
  }

  @Test
  void idleTimeout_deletesAnIdleSession_butNeverEndsARunningStatement() {
    fake.script("slow()", FakeResult.text("done").taking(Duration.ofMinutes(45)));
    LivySession s =
        client.createSession(SessionSpec.builder().idleTimeout(Duration.ofMinutes(30)).build());
    assertThat(s.execute(Code.scala("slow()"), Duration.ofHours(1)).text()).contains("done");
    advanceMinutes(29);
    assertThat(fake.sessionCount()).isEqualTo(1);
    advanceMinutes(2);
    assertThat(fake.sessionCount()).isZero();
    assertThatThrownBy(() -> s.execute(Code.scala("1")))
        .isInstanceOfSatisfying(
            SessionExpiredException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.IDLE_TIMEOUT);
              assertThat(e).hasMessageContaining("idle timeout of 30 min");
            });
  }

  @Test
  void keepAlive_holdsASessionInUsePastTheServersReaper_untilItsIdleTimeout() {
    LivySession kept =
        client.createSession(
            SessionSpec.builder()
                .idleTimeout(Duration.ofHours(3))
                .keepAliveInterval(Duration.ofMinutes(5))
                .build());
    LivySession left =
        client.createSession(
            SessionSpec.builder().idleTimeout(Duration.ofHours(3)).noKeepAlive().build());
    for (int i = 0; i < 15; i++) { // 150 minutes: past both servers' idle reapers
      time.advance(Duration.ofMinutes(10));
    }
    assertThat(kept.refresh().state()).isEqualTo(SessionState.IDLE);
    assertThat(keptAlive).hasSizeGreaterThanOrEqualTo(14).containsOnly(kept.id());
    assertThatThrownBy(left::refresh).isInstanceOf(SessionNotFoundException.class);
    left.close();
    int before = keptAlive.size();
    time.advance(Duration.ofMinutes(31)); // past the idle timeout: deleted, no more keep-alive
    assertThat(fake.sessionCount()).isZero();
    time.advance(Duration.ofMinutes(30));
    assertThat(keptAlive).hasSize(before);
    assertThatThrownBy(kept::keepAlive).isInstanceOf(SessionExpiredException.class);
  }

  @Test
  void keepAlive_holdsASessionRunningALongStatement_withoutAnIdleTimeout() {
    fake.script("long()", FakeResult.text("at last").taking(Duration.ofHours(3)));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.execute(Code.scala("long()"), Duration.ofHours(4)).text()).contains("at last");
      assertThat(keptAlive).isNotEmpty().containsOnly(s.id());
      int before = keptAlive.size();
      time.advance(Duration.ofMinutes(30)); // nothing runs: no keep-alive
      assertThat(keptAlive).hasSize(before);
    }
  }

  @Test
  void async_execute_whoseSubmitAnswerIsLost_findsTheStatement_andRunsItOnce() throws Exception {
    fake.script("once()", FakeResult.text("ran"));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("once()"));
      fake.inject(Fault.on("POST", ".*/statements").dropConnectionAfterProcessing());
      StatementResult r =
          client
              .async()
              .attach(s.id())
              .thenCompose(a -> a.execute(Code.scala("once()")))
              .get(30, TimeUnit.SECONDS);
      assertThat(r.text()).contains("ran");
      assertThat(fake.requests())
          .filteredOn(q -> q.method().equals("POST") && q.path().endsWith("/statements"))
          .hasSize(2); // the lost one was not sent again
    }
  }

  /** How many creates the client sent. */
  private long creates() {
    return fake.requests().stream()
        .filter(q -> q.method().equals("POST") && q.path().matches(".*/sessions"))
        .count();
  }

  @Test
  void async_createRefusedWith503_andRetryAfter_isSentAgainAfterTheWaitAsked() throws Exception {
    fake.inject(
        Fault.on("POST", ".*/sessions")
            .respond(503, "{\"msg\":\"restarting\"}")
            .header("Retry-After", "9"));
    Instant began = time.now();
    try (LivyAsyncSession s =
        client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS)) {
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
      assertThat(Duration.between(began, time.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
      assertThat(creates()).isEqualTo(2);
    }
  }

  @Test
  void aCreateRefusedWithALongerWaitThanTheClientTakes_failsAtOnce_carryingTheWait() {
    fake.inject(
        Fault.on("POST", ".*/sessions")
            .respond(503, "{\"msg\":\"maintenance\"}")
            .header("Retry-After", "3600"));
    Instant began = time.now();
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isExactlyInstanceOf(io.github.livy4j.LivyServiceException.class)
        .isInstanceOfSatisfying(
            io.github.livy4j.LivyServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(503);
              assertThat(e.retryAfter()).contains(Duration.ofHours(1));
            });
    assertThat(Duration.between(began, time.now())).isLessThan(Duration.ofSeconds(1));
    assertThat(creates()).isEqualTo(1);
  }

  @Test
  void async_execute_whose500CameAfterTheSubmit_findsTheStatement_andRunsItOnce() throws Exception {
    fake.script("once()", FakeResult.text("ran"));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(
          Fault.on("POST", ".*/statements")
              .respondAfterProcessing(502, "<html>Bad Gateway</html>"));
      StatementResult r = s.async().execute(Code.scala("once()")).get(30, TimeUnit.SECONDS);
      assertThat(r.text()).contains("ran");
      assertThat(fake.requests())
          .filteredOn(q -> q.method().equals("POST") && q.path().endsWith("/statements"))
          .hasSize(1);
    }
  }

  @Test
  void async_execute_whose500CameBeforeTheSubmit_failsWithIt_andSendsItOnce() throws Exception {
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(Fault.on("POST", ".*/statements").respond(500, "{\"msg\":\"oops\"}"));
      CompletableFuture<StatementResult> f = s.async().execute(Code.scala("never()"));
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isExactlyInstanceOf(io.github.livy4j.LivyServiceException.class)
          .hasMessageContaining("oops");
      assertThat(fake.requests())
          .filteredOn(q -> q.method().equals("POST") && q.path().endsWith("/statements"))
          .hasSize(1);
    }
  }

  @Test
  void anEmptyAnswerToASessionRead_whileItStarts_isReadAgain() throws Exception {
    fake.inject(Fault.on("GET", ".*/sessions/[^/]+(/state)?").respond(200, ""));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
    }
    fake.inject(Fault.on("GET", ".*/sessions/[^/]+(/state)?").respond(200, "{\"id\": ").times(2));
    try (LivyAsyncSession s =
        client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS)) {
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
    }
  }

  @Test
  void async_execute_completesWithResult() throws Exception {
    fake.script("21 * 2", FakeResult.text("res1: Int = 42"));
    LivyAsyncSession s =
        client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS);
    try {
      StatementResult r = s.execute(Code.scala("21 * 2")).get(30, TimeUnit.SECONDS);
      assertThat(r.text()).contains("res1: Int = 42");
    } finally {
      s.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void async_errorOutput_completesExceptionally() throws Exception {
    fake.script("boom", FakeResult.error("RuntimeException", "boom"));
    try (LivyAsyncSession s =
        client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS)) {
      CompletableFuture<StatementResult> f = s.execute(Code.scala("boom"));
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StatementFailedException.class);
    }
  }

  @Test
  void initStatements_runOnceWhenReady_andAFailingOneDeletesTheSession() {
    fake.script("setup()", FakeResult.text("ok"));
    try (LivySession s =
        client.createSession(
            SessionSpec.builder().initStatement(Code.pyspark("setup()")).build())) {
      s.execute(Code.pyspark("1"));
      assertThat(fake.requests())
          .filteredOn(
              r ->
                  r.method().equals("POST")
                      && r.path().endsWith("/statements")
                      && r.body().contains("setup()"))
          .hasSize(1);
    }
    fake.script("badSetup()", FakeResult.error("ImportError", "No module named 'x'"));
    assertThatThrownBy(
            () ->
                client.createSession(
                    SessionSpec.builder().initStatement(Code.pyspark("badSetup()")).build()))
        .isInstanceOf(StatementFailedException.class)
        .hasMessageContaining("ImportError");
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void hangingServer_theRequestTimesOut_andTheSessionIsStillDeleted() {
    client.close();
    client =
        clientBuilder()
            .requestTimeout(Duration.ofMillis(300))
            .retry(io.github.livy4j.RetryOptions.none())
            .build();
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(Fault.on("GET", ".*/sessions/" + s.id().value()).hang());
      assertThatThrownBy(s::refresh)
          .isInstanceOfSatisfying(
              LivyClientException.class,
              e -> {
                assertThat(e).hasMessageContaining("No answer within 300 ms");
                assertThat(e.outcomeUnknown()).isFalse();
              });
    }
  }

  @Test
  void slowServer_withinTheTimeout_isJustSlow() {
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(Fault.on("GET", ".*/sessions/" + s.id().value()).delay(Duration.ofMillis(50)));
      assertThat(s.refresh().state()).isEqualTo(SessionState.IDLE);
    }
  }

  @Test
  void async_createCancelled_deletesTheSession() throws Exception {
    client.close();
    client = clientBuilder().build();
    fake.close();
    fake = configure(FakeLivy.builder().time(time).sessionStartup(Duration.ofDays(1))).start();
    client = clientBuilder().build();
    CompletableFuture<LivyAsyncSession> f = client.async().createSession(SessionSpec.defaults());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (fake.sessionCount() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(fake.sessionCount()).isEqualTo(1);
    assertThat(f.cancel(true)).isTrue();
    while (fake.sessionCount() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void batch_runsToSuccess_withItsLog() {
    fake.scriptBatch(
        "com.example.Etl", FakeBatch.succeeds(Duration.ofMinutes(3)).log("wrote 42 rows"));
    BatchPoller b =
        client.submitBatch(
            BatchSpec.builder("hdfs:///apps/etl.jar")
                .className("com.example.Etl")
                .args(List.of("2026-11-25"))
                .build());
    List<String> states = new ArrayList<>();
    b.addListener(r -> states.add(r.state()));
    SessionInfo done = b.waitForCompletion();
    assertThat(done.state()).isEqualTo(SessionState.SUCCESS);
    assertThat(states).contains("running", "success");
    if (hasLogs()) {
      assertThat(b.log(10)).anySatisfy(l -> assertThat(l).contains("wrote 42 rows"));
    } else {
      assertThatThrownBy(() -> b.log(10)).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(client.listBatches()).extracting(i -> i.id().value()).contains(b.batchId().value());
    assertThat(client.attachBatch(b.batchId()).poll().state()).isEqualTo("success");
    b.delete();
    assertThat(fake.batchCount()).isZero();
  }

  @Test
  void batch_thatDies_failsTheWait_withTheReason() {
    fake.scriptBatch(
        "no.such.Clazz",
        FakeBatch.fails(Duration.ZERO, "Error: Failed to load class no.such.Clazz."));
    BatchPoller b =
        client.submitBatch(
            BatchSpec.builder("hdfs:///apps/etl.jar").className("no.such.Clazz").build());
    assertThatThrownBy(b::waitForCompletion)
        .isInstanceOfSatisfying(
            SessionFailedException.class,
            e -> {
              assertThat(e.state()).isEqualTo(SessionState.DEAD);
              assertThat(e).hasMessageContaining("Failed to load class no.such.Clazz");
            });
    b.delete();
    b.delete(); // already gone counts as deleted
  }

  @Test
  void batch_cancel_deletesIt() {
    fake.scriptBatch("com.example.Slow", FakeBatch.succeeds(Duration.ofHours(5)));
    BatchPoller b =
        client.submitBatch(
            BatchSpec.builder("hdfs:///apps/etl.jar").className("com.example.Slow").build());
    assertThat(b.poll().status()).isEqualTo(io.github.livy4j.polling.PollStatus.IN_PROGRESS);
    b.cancel();
    assertThat(fake.batchCount()).isZero();
    assertThatThrownBy(b::waitForCompletion).isInstanceOf(CancellationException.class);
  }

  @Test
  void batchSpec_rejectsBadInputClearly() {
    assertThatThrownBy(() -> BatchSpec.builder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file");
    assertThatThrownBy(() -> BatchSpec.builder("f.jar").numExecutors(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numExecutors");
    assertThatThrownBy(() -> BatchSpec.builder("f.jar").name("a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  @Test
  void logs_areReadWhereTheBackendHasThem() {
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      if (hasLogs()) {
        s.execute(Code.scala("1 + 1"));
        List<String> tail = s.log(5);
        assertThat(tail)
            .hasSizeLessThanOrEqualTo(5)
            .anyMatch(l -> l.contains("Spark session " + s.id().value() + " is ready"))
            .last()
            .asString()
            .contains("Submitted statement 0");
      } else {
        assertThatThrownBy(() -> s.log(5))
            .isInstanceOf(UnsupportedOperationException.class)
            .hasMessageContaining("no session logs");
      }
    }
  }
}
