package io.github.livy4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncClient;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementId;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.observe.OperationObserver;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeBatch;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.VirtualTime;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link LivyObserver} sees of a client at work, on one dialect: every operation with its
 * HTTP attempts, states and end; the headers it adds on the wire; retries and throttles; token
 * refreshes; and nothing it may not see (tokens, code text unless allowed), nor any way to
 * break the client.
 */
public abstract class ObserverContractTest {
  private static final String TOKEN = "observer-secret-token-0123456789";
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final String STATEMENT = ".*/sessions/[^/]+/statements/[^/]+";

  private VirtualTime time;
  private FakeLivy fake;
  private final Recorder recorder = new Recorder();

  /**
   * The backend under test, talking to the fake.
   *
   * @param fake the running fake
   * @return the backend
   */
  protected abstract LivyBackend backend(FakeLivy fake);

  /** @return whether the backend speaks the Fabric dialect */
  protected abstract boolean fabric();

  /** @return the kind the backend reports */
  protected abstract String kind();

  @BeforeEach
  void start() {
    time = VirtualTime.create();
    FakeLivy.Builder b =
        FakeLivy.builder()
            .time(time)
            .sessionStartup(Duration.ofSeconds(3))
            .statementDuration(Duration.ofSeconds(2))
            .acceptTokens(t -> t.startsWith(TOKEN));
    fake = (fabric() ? b.fabric() : b).start();
    fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private LivyClient.Builder builder(TokenProvider tokens) {
    return LivyClient.builder()
        .backend(backend(fake))
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .requestTimeout(Duration.ofSeconds(5))
        .credential(tokens)
        .polling(PollingOptions.builder().timeout(DEADLINE).build())
        .observer(recorder);
  }

  private LivyClient client() {
    return builder(TokenProviders.fixed(TOKEN)).build();
  }

  @Test
  void aSessionsLife_isSeenAsOperations_withEveryRequestInOne() {
    SessionId id;
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      id = s.id();
      assertThat(s.execute(Code.scala("1 + 1")).text()).contains("res0: Int = 2");
    }

    assertThat(recorder.names())
        .containsSubsequence(
            LivyOperation.SESSION_CREATE,
            LivyOperation.STATEMENT_RUN,
            LivyOperation.SESSION_DELETE);
    assertThat(recorder.names()).doesNotContain(LivyOperation.OTHER);
    Recorded create = recorder.first(LivyOperation.SESSION_CREATE);
    assertThat(create.op.backend()).isEqualTo(kind());
    assertThat(create.ids).containsExactly(id.value());
    assertThat(create.states).contains("idle");
    assertThat(create.ended).isEqualTo(1);
    assertThat(create.failure).isNull();
    Attempt post = create.posts().get(0);
    assertThat(post.exchange.urlTemplate()).isEqualTo(template("/sessions"));
    assertThat(post.exchange.idempotent()).isFalse();
    assertThat(post.exchange.attempt()).isEqualTo(1);
    assertThat(post.result.status().orElse(0)).isBetween(200, 202);

    Recorded run = recorder.first(LivyOperation.STATEMENT_RUN);
    assertThat(run.op.session()).contains(id);
    assertThat(run.op.codeKind()).contains("spark");
    assertThat(run.op.code()).as("code text is not shown unless allowed").isEmpty();
    assertThat(run.ids).hasSize(1);
    assertThat(run.states).last().isEqualTo("available");
    assertThat(run.ended).isEqualTo(1);
    assertThat(run.failure).isNull();
    assertThat(run.exchanges)
        .extracting(x -> x.exchange.urlTemplate())
        .contains(
            template("/sessions/{sessionId}/statements"),
            template("/sessions/{sessionId}/statements/{statementId}"));

    Recorded delete = recorder.first(LivyOperation.SESSION_DELETE);
    assertThat(delete.exchanges).extracting(x -> x.exchange.method()).contains("DELETE");
    assertThat(delete.op.background()).isFalse();

    // every request the server saw was one attempt an observer saw end, once
    List<Attempt> attempts = recorder.attempts();
    assertThat(attempts).allSatisfy(a -> assertThat(a.result).isNotNull());
    assertThat(attempts).hasSize(fake.requests().size());
    assertThat(recorder.sessionStates)
        .containsSubsequence(
            id + ": null -> " + create.firstState(),
            id + ": starting -> idle",
            id + ": idle -> null");
  }

  private String template(String tail) {
    return fabric()
        ? "/v1/workspaces/{workspaceId}/lakehouses/{lakehouseId}"
            + "/livyApi/versions/2023-12-01"
            + tail
        : tail;
  }

  @Test
  void theObserversHeaders_reachTheServer_butNotOverTheClientsOwn() {
    recorder.header =
        (exchange, headers) -> {
          headers.accept("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
          assertThatThrownBy(() -> headers.accept("Authorization", "Bearer forged"))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("Authorization");
        };
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    assertThat(fake.requests())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.header("traceparent"))
                  .contains("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
              // the fake accepts only the provider's token, and records it redacted
              assertThat(r.header("Authorization")).contains("Bearer <redacted>");
            });
  }

  @Test
  void aThrottledAndAFailedAttempt_areSeenRetried_andTheNextAttemptCounted() {
    fake.inject(
        Fault.on("GET", STATEMENT)
            .respond(429, "{\"msg\":\"slow down\"}")
            .header("Retry-After", "2"));
    fake.inject(Fault.on("GET", STATEMENT).respond(503, "{\"msg\":\"busy\"}"));
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    List<Attempt> reads =
        recorder.first(LivyOperation.STATEMENT_RUN).exchanges.stream()
            .filter(
                a ->
                    a.exchange.method().equals("GET")
                        && a.exchange.urlTemplate().endsWith("{statementId}"))
            .toList();
    Attempt throttled = reads.stream().filter(a -> a.result.throttled()).findFirst().orElseThrow();
    assertThat(throttled.result.retried()).isTrue();
    assertThat(throttled.result.retryDelay()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(throttled.result.failure()).isPresent();
    Attempt busy =
        reads.stream().filter(a -> a.result.status().orElse(0) == 503).findFirst().orElseThrow();
    assertThat(busy.result.retried()).isTrue();
    int i = reads.indexOf(busy);
    assertThat(reads.get(i + 1).exchange.attempt()).isEqualTo(busy.exchange.attempt() + 1);
    assertThat(reads.get(i + 1).result.status()).hasValue(200);
  }

  @Test
  void aFailingStatement_endsItsOperationWithTheFailure() {
    fake.script("boom", FakeResult.error("RuntimeException", "boom", "at line 1"));
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThatThrownBy(() -> s.execute(Code.scala("boom")))
          .isInstanceOf(StatementFailedException.class);
    }
    Recorded run = recorder.first(LivyOperation.STATEMENT_RUN);
    assertThat(run.failure).isInstanceOf(StatementFailedException.class);
    assertThat(run.ended).isEqualTo(1);
  }

  @Test
  void aRefusedCreate_endsTheOperation_withTheAnswersStatus() {
    fake.inject(Fault.on("POST", ".*/sessions").respond(400, "{\"msg\":\"no such queue\"}"));
    try (LivyClient client = client()) {
      assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
          .isInstanceOf(LivyServiceException.class);
    }
    Recorded create = recorder.first(LivyOperation.SESSION_CREATE);
    assertThat(create.failure).isInstanceOf(LivyServiceException.class);
    assertThat(create.posts()).hasSize(1);
    HttpResult refused = create.posts().get(0).result;
    assertThat(refused.status()).hasValue(400);
    assertThat(refused.retried()).isFalse();
    assertThat(refused.failure()).containsInstanceOf(LivyServiceException.class);
  }

  @Test
  void codeText_isShownOnlyWhenAllowed() {
    try (LivyClient client = builder(TokenProviders.fixed(TOKEN)).observeCodeText(true).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    assertThat(recorder.first(LivyOperation.STATEMENT_RUN).op.code()).contains("1 + 1");
  }

  @Test
  void anAsyncStatement_isStartedOnTheCallersThread_andEndsWhenItsResultComes() throws Exception {
    try (LivyClient client = client();
        LivyAsyncSession s =
            client.async().createSession(SessionSpec.defaults()).get(30, TimeUnit.SECONDS)) {
      assertThat(s.execute(Code.scala("1 + 1")).get(30, TimeUnit.SECONDS).text())
          .contains("res0: Int = 2");
    }
    assertThat(recorder.first(LivyOperation.SESSION_CREATE).startedOn)
        .isEqualTo(Thread.currentThread().getName());
    Recorded run = recorder.first(LivyOperation.STATEMENT_RUN);
    assertThat(run.startedOn).isEqualTo(Thread.currentThread().getName());
    assertThat(run.ended).isEqualTo(1);
    assertThat(run.states).last().isEqualTo("available");
    assertThat(run.exchanges).isNotEmpty().allSatisfy(a -> assertThat(a.result).isNotNull());
    assertThat(recorder.names()).doesNotContain(LivyOperation.OTHER);
  }

  @Test
  void everyAsyncCall_startsItsOperationOnTheCallersThread_andItsCallbacksSeeTheCallersContext()
      throws Exception {
    fake.scriptBatch("com.example.Etl", FakeBatch.succeeds(Duration.ofSeconds(30)));
    CallerContext carrier = new CallerContext();
    try (LivyClient client = builder(TokenProviders.fixed(TOKEN)).observer(carrier).build()) {
      LivyAsyncClient async = client.async();
      LivyAsyncSession s =
          carrier.call(LivyOperation.SESSION_CREATE, () -> async.createSession(specNamed("ctx")));
      Poller<LivySession> starting =
          carrier.call(
              LivyOperation.SESSION_CREATE, () -> async.beginCreateSession(specNamed("ctx")));
      starting.waitAsync().get(30, TimeUnit.SECONDS).close();
      carrier.call(LivyOperation.SESSION_ATTACH, () -> async.attach(s.id()));
      carrier.call(LivyOperation.SESSION_LIST, async::listSessions);
      assertThat(carrier.call(LivyOperation.SESSION_LIST, () -> async.listSessions("ctx")))
          .extracting(SessionInfo::id)
          .contains(s.id());
      carrier.call(LivyOperation.SERVER_PING, async::ping);
      carrier.call(
          LivyOperation.SESSION_DELETE_ORPHANS,
          () -> async.deleteOrphans("ctx", Duration.ZERO, true));

      carrier.call(LivyOperation.SESSION_GET, s::refresh);
      assertThat(carrier.call(LivyOperation.STATEMENT_RUN, () -> s.execute(Code.scala("1 + 1"))))
          .extracting(r -> r.text().orElse(""))
          .asString()
          .contains("res0: Int = 2");
      StatementPoller begun =
          carrier.call(LivyOperation.STATEMENT_RUN, () -> s.beginExecute(Code.scala("1 + 1")));
      begun.waitAsync().get(30, TimeUnit.SECONDS);
      StatementId statement = begun.statementId();
      carrier.call(LivyOperation.STATEMENT_GET, () -> s.statement(statement));
      carrier.call(LivyOperation.STATEMENT_CANCEL, () -> s.cancel(statement));
      if (!fabric()) {
        carrier.call(LivyOperation.SESSION_LOG, () -> s.log(10));
        carrier.call(LivyOperation.SESSION_LOG, () -> s.log(0, 10));
        carrier.call(LivyOperation.STATEMENT_COMPLETION, () -> s.completions(Code.scala("1."), 2));
      }
      carrier.call(LivyOperation.SESSION_KEEPALIVE, s::keepAlive);
      // failures reach the caller's dependent actions the same way
      carrier.fails(
          LivyOperation.STATEMENT_GET, () -> s.statement(StatementId.of(9999)), Exception.class);
      fake.inject(Fault.on("POST", ".*/statements").respond(400, "{\"msg\":\"refused\"}"));
      carrier.fails(
          LivyOperation.STATEMENT_RUN,
          () -> s.execute(Code.scala("1 + 1")),
          LivyServiceException.class);
      carrier.call(LivyOperation.SESSION_DELETE, s::closeAsync);

      BatchPoller batch =
          carrier.call(
              LivyOperation.BATCH_SUBMIT,
              () ->
                  async.submitBatch(
                      BatchSpec.builder("abfss://apps/etl.jar")
                          .className("com.example.Etl")
                          .build()));
      assertThat(batch.waitAsync().get(30, TimeUnit.SECONDS).state())
          .isEqualTo(SessionState.SUCCESS);
      BatchPoller attached =
          carrier.call(LivyOperation.BATCH_ATTACH, () -> async.attachBatch(batch.batchId()));
      attached.waitAsync().get(30, TimeUnit.SECONDS); // ends the attach's operation
      carrier.call(LivyOperation.BATCH_LIST, async::listBatches);
      if (fabric()) {
        carrier.fails(
            LivyOperation.BATCH_LOG, () -> batch.logAsync(10), UnsupportedOperationException.class);
      } else {
        carrier.call(LivyOperation.BATCH_LOG, () -> batch.logAsync(10));
        carrier.call(LivyOperation.BATCH_LOG, () -> batch.logAsync(0, 10));
      }
      carrier.call(LivyOperation.BATCH_DELETE, batch::deleteAsync);
    }

    assertThat(carrier.started)
        .as("every operation of the caller's")
        .isNotEmpty()
        .allSatisfy(
            op -> {
              assertThat(op.thread)
                  .as("%s of %s started on the caller's thread", op.name, op.caller)
                  .isSameAs(Thread.currentThread());
              assertThat(op.ended).as("%s of %s ended once", op.name, op.caller).isEqualTo(1);
            });
    // each call started the operations it stands for, on the caller's thread, and no other
    assertThat(carrier.started).allSatisfy(op -> assertThat(op.caller).startsWith(op.name + " #"));
    assertThat(carrier.started.stream().map(op -> op.caller).distinct().count())
        .isEqualTo(carrier.calls);
  }

  private static SessionSpec specNamed(String prefix) {
    return SessionSpec.builder().namePrefix(prefix).build();
  }

  /**
   * An observer that carries a caller's thread-local value to the client's threads, as a tracer
   * carries a span or a logger the MDC, and holds the completion of each call's future until the
   * test has chained its dependent action on it, so that the action runs on a livy4j thread.
   */
  private static final class CallerContext implements LivyObserver {
    private static final ThreadLocal<String> CALLER = new ThreadLocal<>();

    /** One operation started with a caller's value. */
    static final class Started {
      final String name;
      final String caller;
      final Thread thread = Thread.currentThread();
      volatile int ended;

      Started(String name, String caller) {
        this.name = name;
        this.caller = caller;
      }

      @Override
      public String toString() {
        return name + " of " + caller + " on " + thread.getName() + ", ended " + ended;
      }
    }

    final List<Started> started = new CopyOnWriteArrayList<>();
    private volatile String held;
    private volatile CountDownLatch chained = new CountDownLatch(0);
    private int calls;

    @Override
    public OperationObserver operationStarted(LivyOperation operation) {
      String caller = CALLER.get();
      if (caller == null) {
        return OperationObserver.NONE; // the client's own, or a request of no call of this test
      }
      Started op = new Started(operation.name(), caller);
      started.add(op);
      return new OperationObserver() {
        @Override
        public ObserverScope resumed() {
          if (Thread.currentThread() != op.thread && caller.equals(held)) {
            await(chained);
          }
          String before = CALLER.get();
          CALLER.set(caller);
          return () -> {
            if (before == null) {
              CALLER.remove();
            } else {
              CALLER.set(before);
            }
          };
        }

        @Override
        public void ended(Throwable failure) {
          op.ended++;
        }
      };
    }

    /** Makes an asynchronous call as a caller, and returns its result. */
    <T> T call(String operation, Supplier<CompletableFuture<T>> call) throws Exception {
      CompletableFuture<T> f = callAndCheck(operation, call);
      return f.get(30, TimeUnit.SECONDS);
    }

    /** Makes an asynchronous call that fails, as a caller. */
    void fails(
        String operation,
        Supplier<? extends CompletableFuture<?>> call,
        Class<? extends Throwable> failure) {
      CompletableFuture<?> f = callAndCheck(operation, call);
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(failure);
    }

    private <F extends CompletableFuture<?>> F callAndCheck(
        String operation, Supplier<? extends F> call) {
      String caller = operation + " #" + ++calls;
      CountDownLatch chaining = new CountDownLatch(1);
      chained = chaining;
      held = caller;
      F f;
      CALLER.set(caller);
      try {
        f = call.get();
      } finally {
        CALLER.remove();
      }
      CompletableFuture<String> seen =
          f.handle(
              (v, e) ->
                  CALLER.get()
                      + (Thread.currentThread().getName().startsWith("livy4j-")
                          ? " on livy4j"
                          : " on " + Thread.currentThread().getName()));
      chaining.countDown();
      assertThat(seen)
          .as("what a dependent action of %s sees", caller)
          .succeedsWithin(Duration.ofSeconds(30))
          .isEqualTo(caller + " on livy4j");
      return f;
    }

    private static void await(CountDownLatch latch) {
      try {
        latch.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aRejectedToken_isSeenRefreshed_andAFailingProvider_isSeen() {
    TokenProvider rotating = TestTokens.rotating(TOKEN);
    fake.inject(Fault.on("GET", ".*/sessions.*").respond(401, "{\"msg\":\"expired\"}"));
    try (LivyClient client = builder(rotating).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    assertThat(recorder.tokenEvents).contains("refreshed after rejection");
    Attempt rejected =
        recorder.attempts().stream()
            .filter(a -> a.result.tokenRejected())
            .findFirst()
            .orElseThrow();
    assertThat(rejected.result.retried()).isTrue();
    assertThat(rejected.result.failure()).isEmpty();

    recorder.clear();
    TokenProvider broken =
        () -> {
          throw new IllegalStateException("no credential configured");
        };
    try (LivyClient client = builder(broken).build()) {
      assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
          .hasMessageContaining("no credential configured");
    }
    assertThat(recorder.tokenEvents).contains("failed: no credential configured");
    assertThat(recorder.first(LivyOperation.SESSION_CREATE).failure)
        .hasMessageContaining("no credential configured");
  }

  @Test
  void anObserverThatThrowsEverywhere_changesNothing() {
    LivyObserver hostile =
        new LivyObserver() {
          @Override
          public OperationObserver operationStarted(LivyOperation operation) {
            return new OperationObserver() {
              @Override
              public ExchangeObserver exchangeStarted(
                  HttpExchange exchange, BiConsumer<String, String> headers) {
                return result -> {
                  throw new IllegalStateException("exchange end");
                };
              }

              @Override
              public void stateChanged(String from, String to) {
                throw new IllegalStateException("state");
              }

              @Override
              public void ended(Throwable failure) {
                throw new IllegalStateException("end");
              }
            };
          }

          @Override
          public void sessionStateChanged(SessionId session, SessionState from, SessionState to) {
            throw new IllegalStateException("session state");
          }
        };
    try (LivyClient client = builder(TokenProviders.fixed(TOKEN)).observer(hostile).build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.execute(Code.scala("1 + 1")).text()).contains("res0: Int = 2");
    }
    assertThat(fake.sessionCount()).isZero();
    // the observer after it was still told everything
    assertThat(recorder.first(LivyOperation.STATEMENT_RUN).ended).isEqualTo(1);
  }

  @Test
  void whatTheClientDoesOnItsOwn_isSeenAsBackgroundOperations() {
    SessionId id;
    try (LivyClient client = client()) {
      LivySession s =
          client.createSession(SessionSpec.builder().idleTimeout(Duration.ofMinutes(1)).build());
      id = s.id();
      for (int i = 0; i < 10 && fake.sessionCount() > 0; i++) {
        time.advance(Duration.ofSeconds(20));
      }
      assertThat(fake.sessionCount()).as("deleted past its idle timeout").isZero();
    }
    Recorded expiry = recorder.first(LivyOperation.SESSION_DELETE);
    assertThat(expiry.op.background()).isTrue();
    assertThat(expiry.op.session()).contains(id);
    assertThat(expiry.failure).isNull();
    assertThat(recorder.sessionStates).last().asString().endsWith("-> null");
    assertThat(recorder.names()).doesNotContain(LivyOperation.OTHER);
  }

  @Test
  void aBatch_isOneOperation_fromSubmitToItsEnd() {
    fake.scriptBatch("com.example.Etl", FakeBatch.succeeds(Duration.ofSeconds(30)));
    try (LivyClient client = client()) {
      var batch =
          client.submitBatch(
              BatchSpec.builder("abfss://apps/etl.jar").className("com.example.Etl").build());
      assertThat(batch.waitForCompletion().state()).isEqualTo(SessionState.SUCCESS);
      client.listBatches();
    }
    Recorded submit = recorder.first(LivyOperation.BATCH_SUBMIT);
    assertThat(submit.ids).hasSize(1);
    assertThat(submit.states).last().isEqualTo("success");
    assertThat(submit.ended).isEqualTo(1);
    assertThat(submit.failure).isNull();
    assertThat(submit.exchanges)
        .extracting(a -> a.exchange.urlTemplate())
        .contains(template("/batches"), template("/batches/{batchId}"));
    assertThat(recorder.names())
        .contains(LivyOperation.BATCH_LIST)
        .doesNotContain(LivyOperation.OTHER);
  }

  @Test
  void nothingAnObserverIsShown_holdsTheToken() {
    fake.inject(Fault.on("GET", STATEMENT).respond(500, "{\"msg\":\"echo " + TOKEN + "\"}"));
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
    }
    assertThat(recorder.everythingShown()).isNotEmpty().noneMatch(text -> text.contains(TOKEN));
  }

  @Test
  void observers_runWithNoMonitorHeld_andOpenTheirScopesAroundEachSendAndOnClientThreads()
      throws Exception {
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      s.execute(Code.scala("1 + 1"));
      assertThat(s.async().execute(Code.scala("1 + 1")).get(30, TimeUnit.SECONDS).text())
          .contains("res0: Int = 2");
    }

    assertThat(recorder.monitorsHeld)
        .as(
            "no observer is called while the client holds a monitor (it would pin a virtual thread)")
        .isEmpty();
    assertThat(recorder.attempts())
        .isNotEmpty()
        .allSatisfy(
            a ->
                assertThat(a.sends)
                    .as("%s is sent once, its scope closed on the sending thread", a.exchange)
                    .containsExactly("open", "closed"));
    assertThat(recorder.resumes)
        .as("the async statement's answers are handled on the client's threads, scopes open")
        .contains("open on client")
        .doesNotContain("elsewhere");
    assertThat(recorder.resumes.stream().filter(e -> e.startsWith("open")).count())
        .isEqualTo(recorder.resumes.stream().filter(e -> e.equals("closed")).count());

    List<Recorded> runs =
        recorder.ops.stream().filter(r -> r.op.name().equals(LivyOperation.STATEMENT_RUN)).toList();
    assertThat(runs).hasSize(2);
    for (Recorded run : runs) {
      List<Attempt> reads =
          List.copyOf(run.exchanges).stream()
              .filter(a -> a.exchange.urlTemplate().endsWith("/statements/{statementId}"))
              .toList();
      assertThat(reads).as("the statement is looked at until it is available").isNotEmpty();
      assertThat(reads).allSatisfy(a -> assertThat(a.exchange.poll()).isTrue());
      assertThat(run.posts()).isNotEmpty().allSatisfy(a -> assertThat(a.exchange.poll()).isFalse());
    }
  }

  /** One attempt and its end. */
  static final class Attempt {
    final HttpExchange exchange;
    volatile HttpResult result;
    final List<String> sends = Collections.synchronizedList(new ArrayList<>());

    Attempt(HttpExchange exchange) {
      this.exchange = exchange;
    }
  }

  /** One operation as an observer saw it. */
  static final class Recorded {
    final LivyOperation op;
    final String startedOn = Thread.currentThread().getName();
    final Thread starter = Thread.currentThread();
    final List<Attempt> exchanges = Collections.synchronizedList(new ArrayList<>());
    final List<String> ids = Collections.synchronizedList(new ArrayList<>());
    final List<String> states = Collections.synchronizedList(new ArrayList<>());
    volatile int ended;
    volatile Throwable failure;

    Recorded(LivyOperation op) {
      this.op = op;
    }

    String firstState() {
      return "starting";
    }

    List<Attempt> posts() {
      return List.copyOf(exchanges).stream()
          .filter(a -> a.exchange.method().equals("POST"))
          .toList();
    }
  }

  /** Records everything it is shown. */
  static final class Recorder implements LivyObserver {
    final List<Recorded> ops = Collections.synchronizedList(new ArrayList<>());
    final List<String> sessionStates = Collections.synchronizedList(new ArrayList<>());
    final List<String> tokenEvents = Collections.synchronizedList(new ArrayList<>());
    volatile BiConsumer<HttpExchange, BiConsumer<String, String>> header = (x, h) -> {};
    final List<String> monitorsHeld = Collections.synchronizedList(new ArrayList<>());
    final List<String> resumes = Collections.synchronizedList(new ArrayList<>());

    /** Notes a callback made while the client's thread held a monitor. */
    void noMonitorHeld(String callback) {
      ThreadInfo info =
          ManagementFactory.getThreadMXBean()
              .getThreadInfo(new long[] {Thread.currentThread().getId()}, true, false)[0];
      for (MonitorInfo m : info.getLockedMonitors()) {
        monitorsHeld.add(callback + " under " + m + " at " + m.getLockedStackFrame());
      }
    }

    @Override
    public OperationObserver operationStarted(LivyOperation operation) {
      Recorded r = new Recorded(operation);
      ops.add(r);
      return new OperationObserver() {
        @Override
        public ExchangeObserver exchangeStarted(
            HttpExchange exchange, BiConsumer<String, String> headers) {
          header.accept(exchange, headers);
          noMonitorHeld("exchangeStarted");
          Attempt a = new Attempt(exchange);
          r.exchanges.add(a);
          return new ExchangeObserver() {
            @Override
            public ObserverScope sending() {
              noMonitorHeld("sending");
              Thread opened = Thread.currentThread();
              a.sends.add("open");
              return () -> a.sends.add(Thread.currentThread() == opened ? "closed" : "elsewhere");
            }

            @Override
            public void ended(HttpResult result) {
              noMonitorHeld("exchange ended");
              assertThat(a.result).as("one end per attempt").isNull();
              a.result = result;
            }
          };
        }

        @Override
        public ObserverScope resumed() {
          noMonitorHeld("resumed");
          Thread opened = Thread.currentThread();
          resumes.add("open on " + (opened == r.starter ? "caller" : "client"));
          return () -> resumes.add(Thread.currentThread() == opened ? "closed" : "elsewhere");
        }

        @Override
        public void identified(String id) {
          noMonitorHeld("identified");
          r.ids.add(id);
        }

        @Override
        public void stateChanged(String from, String to) {
          noMonitorHeld("stateChanged");
          r.states.add(to);
        }

        @Override
        public void ended(Throwable failure) {
          noMonitorHeld("ended");
          r.ended++;
          r.failure = failure;
        }
      };
    }

    @Override
    public void sessionStateChanged(SessionId session, SessionState from, SessionState to) {
      noMonitorHeld("sessionStateChanged");
      sessionStates.add(
          session
              + ": "
              + (from == null ? "null" : from.wireName())
              + " -> "
              + (to == null ? "null" : to.wireName()));
    }

    @Override
    public void tokenRefreshed(boolean afterRejection, Duration took) {
      tokenEvents.add(afterRejection ? "refreshed after rejection" : "refreshed");
    }

    @Override
    public void tokenFailed(Throwable failure) {
      tokenEvents.add("failed: " + failure.getMessage());
    }

    List<String> names() {
      synchronized (ops) {
        return ops.stream().map(r -> r.op.name()).toList();
      }
    }

    Recorded first(String name) {
      synchronized (ops) {
        return ops.stream()
            .filter(r -> r.op.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + " operation among " + names()));
      }
    }

    List<Attempt> attempts() {
      synchronized (ops) {
        return ops.stream().flatMap(r -> List.copyOf(r.exchanges).stream()).toList();
      }
    }

    List<String> everythingShown() {
      List<String> all = new ArrayList<>(sessionStates);
      all.addAll(tokenEvents);
      synchronized (ops) {
        for (Recorded r : ops) {
          all.add(r.op.toString());
          r.op.code().ifPresent(all::add);
          if (r.failure != null) {
            all.add(r.failure.toString());
          }
          for (Attempt a : List.copyOf(r.exchanges)) {
            all.add(a.exchange.toString());
            all.add(a.exchange.url().toString());
            all.add(String.valueOf(a.result));
            if (a.result != null) {
              a.result.failure().ifPresent(f -> all.add(f.toString()));
            }
          }
        }
      }
      return all;
    }

    void clear() {
      ops.clear();
      sessionStates.clear();
      tokenEvents.clear();
    }
  }
}
