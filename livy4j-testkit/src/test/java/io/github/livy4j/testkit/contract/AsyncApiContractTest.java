package io.github.livy4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyAsyncClient;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionPool;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementResult;
import io.github.livy4j.StatementState;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.testkit.FakeBatch;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous API does what the blocking one does, on every backend: each operation
 * through {@link LivyAsyncClient} and {@link LivyAsyncSession}, with the same results,
 * progress and failures, against the {@link io.github.livy4j.testkit.FakeLivy} on virtual time. A
 * backend module extends it and supplies {@link #backend(io.github.livy4j.testkit.FakeLivy)}.
 */
public abstract class AsyncApiContractTest extends FakeLivyContract {
  private static final long PATIENCE = 30;

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(PATIENCE, TimeUnit.SECONDS);
  }

  /** What a call threw, or the cause of its future's failure. */
  private static Throwable failureOf(Runnable call) {
    return Futures.unwrap(catchThrowable(call::run));
  }

  @Test
  void aStatementsProgress_isFollowedAsynchronously_throughItsPoller() throws Exception {
    fake.script("count()", FakeResult.text("res0: Long = 7").taking(Duration.ofSeconds(40)));
    try (LivyAsyncSession s = await(client.async().createSession(SessionSpec.defaults()))) {
      StatementPoller p = await(s.beginExecute(Code.scala("count()")));
      List<Double> progress = new CopyOnWriteArrayList<>();
      p.addListener(r -> r.progressValue().ifPresent(progress::add));
      StatementResult r = await(p.waitAsync());
      assertThat(r.text()).contains("res0: Long = 7");
      assertThat(progress).isNotEmpty().isSortedAccordingTo(Double::compare);
      assertThat(await(s.statement(p.statementId())).state()).isEqualTo(StatementState.AVAILABLE);
      assertThat(p.isDone()).isTrue();
    }
  }

  @Test
  void everyOtherSessionOperation_answersAsTheBlockingOneDoes() throws Exception {
    fake.script("sleep()", FakeResult.text("never").taking(Duration.ofHours(1)));
    LivyAsyncSession s = await(client.async().createSession(SessionSpec.defaults()));
    LivySession blocking = s.sync();
    assertThat(blocking.async()).isSameAs(s);
    StatementPoller p = await(s.beginExecute(Code.scala("sleep()")));
    await(s.cancel(p.statementId()));
    Throwable ended = await(p.waitAsync(Duration.ofMinutes(5)).handle((r, e) -> Futures.unwrap(e)));
    assertThat(ended).isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(await(s.refresh()).id()).isEqualTo(s.id());
    assertThat(await(s.keepAlive())).isEqualTo(blocking.keepAlive());

    // the same answer or the same failure as the blocking call, for what a backend may lack
    Throwable logBlocking = failureOf(() -> blocking.log(5));
    Throwable logAsync = failureOf(() -> s.log(5).join());
    if (logBlocking == null) {
      assertThat(logAsync).isNull();
      assertThat(await(s.log(0, 5)).lines()).isEqualTo(blocking.log(0, 5).lines());
    } else {
      assertThat(logAsync)
          .isInstanceOf(logBlocking.getClass())
          .hasMessage(logBlocking.getMessage());
    }
    Throwable completeBlocking = failureOf(() -> blocking.completions(Code.scala("sc."), 3));
    Throwable completeAsync = failureOf(() -> s.completions(Code.scala("sc."), 3).join());
    assertThat(completeAsync == null).isEqualTo(completeBlocking == null);
    if (completeBlocking != null) {
      assertThat(completeAsync)
          .isInstanceOf(completeBlocking.getClass())
          .hasMessage(completeBlocking.getMessage());
    }

    // bad input is refused at once, as by the blocking call
    assertThatThrownBy(() -> s.log(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.completions(Code.scala("x"), 5))
        .isInstanceOf(IllegalArgumentException.class);

    await(s.closeAsync());
    assertThat(fake.sessionCount()).isZero();
    assertThatThrownBy(() -> s.execute(Code.scala("1")).join())
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void plainCode_runsInTheSessionsKind_andADataFrameIsReadAsATypedTable() throws Exception {
    fake.script("SELECT 1", FakeResult.text("one"));
    fake.script("df.createOrReplaceTempView(\"livy4j_read_df\")", FakeResult.text(""));
    fake.script(
        "SELECT * FROM livy4j_read_df",
        FakeResult.sqlTable(
            List.of("id", "name"),
            List.of("long", "string"),
            List.of(List.of(1, "ada"), List.of(2, "grace"))));
    try (LivySession sql = client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
      assertThat(sql.execute("SELECT 1").text()).contains("one");
      assertThat(await(sql.async().execute("SELECT 1")).text()).contains("one");
      assertThatThrownBy(() -> sql.read("df"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not from sql");
    }
    try (LivySession py =
        client.createSession(SessionSpec.builder().kind(CodeKind.PYSPARK).build())) {
      record Person(long id, String name) {}
      assertThat(py.read("df").as(Person.class))
          .containsExactly(new Person(1, "ada"), new Person(2, "grace"));
      assertThat(await(py.async().read("df")).rows().get(1).getString("name")).isEqualTo("grace");
      assertThat(fake.requests())
          .filteredOn(r -> r.body().contains("createOrReplaceTempView"))
          .allSatisfy(r -> assertThat(r.body()).contains("pyspark"));
      assertThatThrownBy(() -> py.read("df; drop()"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not the name of a variable");
    }
    try (LivySession none = client.createSession(SessionSpec.defaults())) {
      if (none.info().kind().isEmpty()) {
        assertThatThrownBy(() -> none.execute("1 + 1"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("has no code kind of its own");
      }
      assertThat(none.read("df", CodeKind.PYSPARK).size()).isEqualTo(2);
    }
  }

  @Test
  void aSessionDetachedAsynchronously_keepsRunning_andIsAttachedAgain() throws Exception {
    LivyAsyncSession s = await(client.async().createSession(SessionSpec.defaults()));
    s.detach();
    s.close();
    assertThat(fake.sessionCount()).isOne();
    try (LivyAsyncSession again = await(client.async().attach(s.id()))) {
      assertThat(again.id()).isEqualTo(s.id());
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void aSessionsStart_isFollowedAsynchronously_andItsPollerGivesTheSession() throws Exception {
    Poller<LivySession> p = await(client.async().beginCreateSession(SessionSpec.defaults()));
    List<String> states = new CopyOnWriteArrayList<>();
    p.addListener(r -> states.add(r.state()));
    try (LivySession s = await(p.waitAsync())) {
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
      assertThat(states).contains("idle");
      fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
      assertThat(await(s.async().execute(Code.scala("1 + 1"))).text()).contains("res0: Int = 2");
    }
  }

  @Test
  void listsAndOrphans_answerAsTheBlockingOnesDo() throws Exception {
    LivySession mine =
        client.createSession(SessionSpec.builder().namePrefix("async-test-").build());
    assertThat(await(client.async().listSessions("async-test-")))
        .extracting(SessionInfo::id)
        .containsExactly(mine.id());
    assertThat(await(client.async().deleteOrphans("async-test-", Duration.ZERO, true)))
        .as("a session the client owns is no orphan")
        .isEmpty();
    assertThatThrownBy(() -> client.async().listSessions(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.async().deleteOrphans("x", Duration.ofSeconds(-1), true))
        .isInstanceOf(IllegalArgumentException.class);
    mine.close();
  }

  @Test
  void aBatch_isSubmittedFollowedAndListedAsynchronously() throws Exception {
    fake.scriptBatch("com.example.Etl", FakeBatch.succeeds(Duration.ofMinutes(3)));
    BatchPoller b =
        await(
            client
                .async()
                .submitBatch(
                    BatchSpec.builder("hdfs:///apps/etl.jar")
                        .className("com.example.Etl")
                        .build()));
    List<String> states = new CopyOnWriteArrayList<>();
    b.addListener(r -> states.add(r.state()));
    assertThat(await(b.waitAsync()).state()).isEqualTo(SessionState.SUCCESS);
    assertThat(states).contains("success");
    assertThat(await(client.async().listBatches()))
        .extracting(i -> i.id().value())
        .contains(b.batchId().value());
    assertThat(await(client.async().attachBatch(b.batchId())).info().state())
        .isEqualTo(SessionState.SUCCESS);
    Throwable logBlocking = failureOf(() -> b.log(5));
    Throwable logAsync = failureOf(() -> b.logAsync(5).join());
    assertThat(logAsync == null).isEqualTo(logBlocking == null);
    if (logBlocking == null) {
      assertThat(await(b.logAsync(5))).isEqualTo(b.log(5));
      assertThat(await(b.logAsync(0, 5)).lines()).isEqualTo(b.log(0, 5).lines());
    } else {
      assertThat(logAsync).isInstanceOf(logBlocking.getClass());
    }
    await(b.deleteAsync());
    assertThat(await(client.async().listBatches()))
        .extracting(i -> i.id().value())
        .doesNotContain(b.batchId().value());
  }

  @Test
  void aPooledSessionsAsynchronousView_givesItBackToThePool_andItIsNotDeleted() throws Exception {
    try (SessionPool pool =
        SessionPool.builder(client, SessionSpec.defaults()).min(1).max(1).build()) {
      LivySession lent = await(pool.borrowAsync(Duration.ofMinutes(5)));
      fake.script("6 * 7", FakeResult.text("res0: Int = 42"));
      LivyAsyncSession view = lent.async();
      assertThat(await(view.execute(Code.scala("6 * 7"))).text()).contains("res0: Int = 42");
      // the session the pool lends is not another client's to close behind the pool's back
      assertThatThrownBy(() -> client.attach(lent.id()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("belongs to a SessionPool");
      assertThat(failureOf(() -> client.async().attach(lent.id()).join()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("belongs to a SessionPool");
      await(view.closeAsync());
      assertThat(pool.stats().idle()).isOne();
      assertThat(pool.stats().borrowed()).isZero();
      assertThat(fake.sessionCount()).as("given back, not deleted").isOne();
      assertThatThrownBy(() -> view.execute(Code.scala("1")).join())
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("given back to the pool");
      LivySession again = await(pool.borrowAsync(Duration.ofMinutes(5)));
      assertThat(again.id()).isEqualTo(lent.id());
      again.close();
    }
  }

  /**
   * More than the client's threads for blocking calls (as many as the machine has cores, at
   * least two): on those, a call that held its thread while it waited would keep every other
   * one waiting.
   */
  private static final int MORE_THAN_THE_CALL_THREADS =
      Math.max(2, Runtime.getRuntime().availableProcessors()) + 2;

  @Test
  void createsWhoseAnswersHang_holdNoThread_soOtherCallsAndCreatesGoOn() throws Exception {
    int hung = MORE_THAN_THE_CALL_THREADS;
    fake.inject(Fault.on("POST", ".*/sessions").hang().times(hung));
    List<CompletableFuture<Poller<LivySession>>> creates = new ArrayList<>();
    for (int i = 0; i < hung; i++) {
      creates.add(client.async().beginCreateSession(SessionSpec.defaults()));
    }

    // every create was sent at once, none waiting for a thread another one holds
    awaitUntil(() -> requests("POST", ".*/sessions") >= hung);
    assertThat(await(client.async().listSessions())).isEmpty();
    try (LivyAsyncSession other = await(client.async().createSession(SessionSpec.defaults()))) {
      assertThat(other.info().state()).isEqualTo(SessionState.IDLE);
    }
    assertThat(creates).noneMatch(CompletableFuture::isDone);
  }

  @Test
  void statementsForASessionStillStarting_waitForItHoldingNoThread() throws Exception {
    client.beginCreateSession(SessionSpec.defaults()); // starting until virtual time moves
    LivySession starting = client.attach(client.listSessions().get(0).id());
    assertThat(starting.info().state().isReady()).isFalse();
    int waits = MORE_THAN_THE_CALL_THREADS;
    fake.inject(Fault.on("GET", ".*/sessions/[^/]+(/state)?").hang().times(waits));
    fake.clearRequests();
    List<CompletableFuture<StatementResult>> statements = new ArrayList<>();
    for (int i = 0; i < waits; i++) {
      statements.add(starting.async().execute(Code.scala("1 + 1")));
    }

    // each statement's wait for the session looks at it, none waiting for a thread
    awaitUntil(() -> requests("GET", ".*/sessions/[^/]+(/state)?") >= waits);
    assertThat(await(client.async().listSessions())).hasSize(1);
    assertThat(statements).noneMatch(CompletableFuture::isDone);
    assertThat(requests("POST", ".*/statements")).as("nothing submitted yet").isZero();
  }

  private long requests(String method, String pathRegex) {
    return fake.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().matches(pathRegex))
        .count();
  }

  /** Waits, on real time, for what the server sees, within 5 s. */
  private static void awaitUntil(BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 5 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Test
  void closingTheClientAsynchronously_deletesItsSessions_andLaterCallsSaySo() throws Exception {
    LivyAsyncSession s = await(client.async().createSession(SessionSpec.defaults()));
    LivyAsyncClient async = client.async();
    await(async.closeAsync());
    assertThat(fake.sessionCount()).isZero();
    assertThat(failureOf(() -> async.listBatches().join()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this LivyClient is closed");
    assertThat(failureOf(() -> s.refresh().join()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this LivyClient is closed");
    await(s.closeAsync()); // nothing left to delete
  }
}
