package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivySession;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every wait ends at its deadline, whatever the server does: a hung request is cut at the time
 * left, and the wait fails with the timeout exception and the last known state. The server
 * hangs for real here, so the deadlines are short.
 */
class DeadlineTest {
  private static final Duration DEADLINE = Duration.ofMillis(400);

  /** Generous: the point is that the wait does not last the 60 s request timeout. */
  private static final Duration SLACK = Duration.ofSeconds(5);

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

  private LivyClient client() {
    return LivyClient.builder()
        .backend(ApacheLivy.at(fake.uri()))
        .requestTimeout(Duration.ofSeconds(60))
        .deleteSessionsOnShutdown(false)
        .build();
  }

  @Test
  void aCallThatNeedsWhatAnotherCallIsReading_waitsForItOnlyUntilItsOwnDeadline() throws Exception {
    fake.inject(Fault.on("GET", "/version").hang().times(100));
    LivyClient client =
        LivyClient.builder()
            .backend(ApacheLivy.at(fake.uri()))
            .requestTimeout(Duration.ofSeconds(60))
            .deleteSessionsOnShutdown(false)
            .polling(
                io.github.livy4j.polling.PollingOptions.builder()
                    .sessionStartTimeout(Duration.ofMinutes(5))
                    .statementTimeout(DEADLINE)
                    .build())
            .build();
    // a create, with minutes to go, reads the server's version, which never answers
    java.util.concurrent.CompletableFuture<Throwable> create =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                org.assertj.core.api.Assertions.catchThrowable(
                    () -> client.createSession(SessionSpec.defaults())));
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fake.requests().stream().noneMatch(r -> r.path().equals("/version"))) {
      assertThat(System.nanoTime()).as("the version is asked for").isLessThan(until);
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    // a batch, with 400 ms to go, needs the same answer: it waits for it, but not past its own
    // deadline
    long began = System.nanoTime();
    Throwable batch =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> client.submitBatch(io.github.livy4j.BatchSpec.builder("hdfs:///a.jar").build()));
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(SLACK);
    assertThat(batch).isInstanceOf(io.github.livy4j.PollingTimeoutException.class);
    assertThat(fake.requests()).filteredOn(r -> r.path().equals("/version")).hasSize(1);
    client.close();
    assertThat(create.get(SLACK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
        .isInstanceOf(io.github.livy4j.LivyException.class);
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void closingTheClient_endsABlockingRequestInFlight_atOnce() throws Exception {
    fake.script("slow", FakeResult.text("done").taking(Duration.ofMinutes(5)));
    LivyClient client = client();
    LivySession s = client.createSession(SessionSpec.defaults());
    fake.inject(Fault.on("GET", "/sessions/\\d+/statements/\\d+").hang().times(100));
    fake.clearRequests();
    java.util.concurrent.CompletableFuture<Throwable> outcome =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                org.assertj.core.api.Assertions.catchThrowable(
                    () -> s.execute(Code.scala("slow"), Duration.ofMinutes(5))));
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fake.requests().stream()
        .noneMatch(
            r -> r.method().equals("GET") && r.path().matches("/sessions/\\d+/statements/\\d+"))) {
      assertThat(System.nanoTime()).as("the statement is read").isLessThan(until);
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    long began = System.nanoTime();
    client.close();
    Throwable t = outcome.get(SLACK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    // the 60 s request timeout did not have to pass: the close ended the request
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(SLACK);
    assertThat(t).isInstanceOf(io.github.livy4j.LivyException.class);
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void execute_withAHungStatementPoll_failsAtItsDeadline_withTheLastState() {
    fake.script("slow", FakeResult.text("done").taking(Duration.ofMinutes(5)));
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(Fault.on("GET", "/sessions/\\d+/statements/\\d+").hang());
      long began = System.nanoTime();
      assertThatThrownBy(() -> s.execute(Code.scala("slow"), DEADLINE))
          .isInstanceOfSatisfying(
              PollingTimeoutException.class,
              e -> {
                assertThat(e.lastState()).isIn("waiting", "running");
                assertThat(e.waited()).isLessThan(DEADLINE.plus(SLACK));
              });
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(DEADLINE.plus(SLACK));
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void asyncExecute_withHungPolls_failsAtItsDeadline_withTheLastState() throws Exception {
    fake.script("slow", FakeResult.text("done").taking(Duration.ofMinutes(5)));
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(Fault.on("GET", "/sessions/\\d+/statements/\\d+").hang().times(100));
      long began = System.nanoTime();
      java.util.concurrent.CompletableFuture<?> f =
          client.async().attach(s.id()).thenCompose(a -> a.execute(Code.scala("slow"), DEADLINE));
      Throwable t =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  f.get(
                      DEADLINE.plus(SLACK).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
      assertThat(t)
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              PollingTimeoutException.class,
              e -> assertThat(e.lastState()).isIn("waiting", "running"));
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(DEADLINE.plus(SLACK));
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void aSessionStart_withHungPolls_failsAtItsDeadline_andDeletesTheSession() {
    fake.close();
    fake = FakeLivy.builder().sessionStartup(Duration.ofMinutes(5)).start();
    fake.inject(Fault.on("GET", "/sessions/\\d+").hang());
    try (LivyClient client = client()) {
      assertThatThrownBy(
              () -> client.beginCreateSession(SessionSpec.defaults()).waitForCompletion(DEADLINE))
          .isInstanceOfSatisfying(
              PollingTimeoutException.class, e -> assertThat(e.lastState()).isEqualTo("starting"));
    }
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void close_withHangingDeletes_endsWithinItsBudget_andNamesWhatItLeft() {
    LivyClient client =
        LivyClient.builder()
            .backend(ApacheLivy.at(fake.uri()))
            .closeTimeout(DEADLINE)
            .deleteSessionsOnShutdown(false)
            .build();
    LivySession a = client.createSession(SessionSpec.defaults());
    LivySession b = client.createSession(SessionSpec.defaults());
    fake.inject(Fault.on("DELETE", "/sessions/\\d+").hang().times(2));
    long began = System.nanoTime();
    assertThatThrownBy(client::close)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e)
                  .hasMessageContaining(a.id().value())
                  .hasMessageContaining(b.id().value())
                  .hasMessageContaining("closeTimeout");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(DEADLINE.plus(SLACK));
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(
            t ->
                t.isAlive()
                    && (t.getName().startsWith("livy4j-close")
                        || t.getName().startsWith("livy4j-worker")));
  }

  @Test
  void close_whoseDeletesAreRefused_saysWhy_ratherThanNamingTheBudget() {
    LivyClient client =
        LivyClient.builder()
            .backend(ApacheLivy.at(fake.uri()))
            .closeTimeout(DEADLINE)
            .deleteSessionsOnShutdown(false)
            .build();
    LivySession a = client.createSession(SessionSpec.defaults());
    fake.inject(
        Fault.on("DELETE", "/sessions/\\d+").respond(403, "{\"msg\":\"not yours\"}").times(2));
    assertThatThrownBy(client::close)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e ->
                assertThat(e)
                    .hasMessageContaining("[" + a.id().value() + "]")
                    .hasMessageContaining("403")
                    .hasMessageContaining("not yours")
                    .hasMessageNotContaining("closeTimeout"));
  }

  @Test
  void aServerErrorRetriedPastTheDeadline_endsTheWaitAtTheDeadline() {
    fake.script("slow", FakeResult.text("done").taking(Duration.ofMinutes(5)));
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(
          Fault.on("GET", "/sessions/\\d+/statements/\\d+")
              .respond(503, "{\"msg\":\"busy\"}")
              .times(1_000));
      assertThatThrownBy(() -> s.execute(Code.scala("slow"), DEADLINE))
          .isInstanceOf(PollingTimeoutException.class);
    }
  }

  @Test
  void attachingTheSameSessionTwice_givesOneOwner_andOneDelete() {
    try (LivyClient creator = client()) {
      io.github.livy4j.SessionId id = creator.createSession(SessionSpec.defaults()).detach();
      try (LivyClient client = client()) {
        LivySession first = client.attach(id);
        LivySession second = client.attach(id);
        assertThat(second).isSameAs(first);
        second.close();
        first.close();
      }
    }
    assertThat(fake.requests()).filteredOn(r -> r.method().equals("DELETE")).hasSize(1);
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void aSubmitWhoseAnswerWasLost_isFoundInTheStatementList_orSentAgainIfNeverCreated() {
    fake.script("1 + 1", FakeResult.text("2"));
    try (LivyClient client = client();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      fake.inject(Fault.on("POST", "/sessions/\\d+/statements").dropConnectionAfterProcessing());
      assertThat(s.execute(Code.scala("1 + 1")).text()).contains("2");
      fake.inject(Fault.on("POST", "/sessions/\\d+/statements").dropConnection());
      assertThat(s.execute(Code.scala("1 + 1")).text()).contains("2");
      assertThat(fake.requests())
          .filteredOn(r -> r.method().equals("GET") && r.path().endsWith("/statements"))
          .hasSize(2);
      // two statements ran, one per execute: none was run twice
      assertThat(client.attach(s.id()).statement(io.github.livy4j.StatementId.of(1)).state())
          .isEqualTo(io.github.livy4j.StatementState.AVAILABLE);
      assertThatThrownBy(() -> s.statement(io.github.livy4j.StatementId.of(2)))
          .isInstanceOf(io.github.livy4j.LivyServiceException.class);
    }
  }
}
