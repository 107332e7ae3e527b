package io.github.livy4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.AuthenticationException;
import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LivySession;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementResult;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.VirtualTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Faults a Livy server throws at a client, each run against the fake for one dialect: every
 * scenario states the outcome (a result, or an exception of a named type with a named message),
 * is held to its deadline plus a small slack, and leaves no session on the server. The table of
 * scenarios in docs/faults.md is generated from {@link #SCENARIOS} and checked against it, so the
 * two cannot drift.
 */
public abstract class FaultScenarioContractTest {
  /** The deadline of every wait a scenario makes. */
  static final Duration DEADLINE = Duration.ofMinutes(2);

  /** What a scenario may take beyond its deadline. */
  static final Duration SLACK = Duration.ofSeconds(5);

  /**
   * The request timeout of a scenario: far beyond any pause of the in-process server on a
   * loaded machine, so that a slow answer is never taken for a lost one.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The request timeout of a scenario with an answer that never comes, which costs this much
   * real time: short, and used only there.
   */
  static final Duration HANG_REQUEST_TIMEOUT = Duration.ofSeconds(1);

  /** The request timeout of a scenario whose answers are large (tens of MB): it hangs nowhere. */
  static final Duration LARGE_ANSWER_TIMEOUT = Duration.ofSeconds(60);

  static final String BEGIN = "<!-- fault-scenarios:begin -->";
  static final String END = "<!-- fault-scenarios:end -->";

  /**
   * The backend under test, talking to the fake.
   *
   * @param fake the running fake
   * @return the backend
   */
  protected abstract LivyBackend backend(FakeLivy fake);

  /** @return whether the backend speaks the Fabric dialect */
  protected abstract boolean fabric();

  /**
   * The client's settings beyond the suite's; override to add a credential.
   *
   * @param builder the suite's client builder
   * @return the builder
   */
  protected LivyClient.Builder customize(LivyClient.Builder builder) {
    return builder;
  }

  /** What the scenario does, with the client and the fake. */
  record Run(
      LivyClient client,
      FakeLivy fake,
      VirtualTime time,
      java.util.function.Supplier<LivyClient.Builder> builder) {
    LivySession session() {
      return client.createSession(SessionSpec.defaults());
    }
  }

  /**
   * One scenario.
   *
   * @param fault what the server does wrong, as docs/faults.md says it
   * @param during when, as docs/faults.md says it
   * @param outcome what the caller gets, as docs/faults.md says it
   * @param fabricOnly whether only the Fabric dialect has this fault
   * @param inject sets the fault up
   * @param act runs the operation; returns a result to check, or throws
   * @param expected the exception type, or {@code null} for success
   * @param message a part of the exception's message (or of the result's text)
   * @param atLeast the least time it must take (a wait the server asked for)
   * @param requestTimeout the client's request timeout: {@link #REQUEST_TIMEOUT}, shorter for a
   *     scenario with a hanging answer, longer for one whose answers are large
   */
  record Scenario(
      String fault,
      String during,
      String outcome,
      boolean fabricOnly,
      Consumer<Run> inject,
      Function<Run, Object> act,
      Class<? extends Throwable> expected,
      String message,
      Duration atLeast,
      Duration requestTimeout) {
    Scenario waiting(Duration least) {
      return new Scenario(
          fault,
          during,
          outcome,
          fabricOnly,
          inject,
          act,
          expected,
          message,
          least,
          requestTimeout);
    }

    /**
     * With the outcome said to come after something, as in {@code "read again up to the retry
     * attempts, then LivyClientException: ..."}.
     *
     * @param how what comes before the exception
     */
    Scenario explained(String how) {
      return new Scenario(
          fault,
          during,
          how + " " + outcome,
          fabricOnly,
          inject,
          act,
          expected,
          message,
          atLeast,
          requestTimeout);
    }

    /** With the short request timeout of a scenario whose answer hangs. */
    Scenario hanging() {
      return new Scenario(
          fault,
          during,
          outcome,
          fabricOnly,
          inject,
          act,
          expected,
          message,
          atLeast,
          HANG_REQUEST_TIMEOUT);
    }

    /** With a request timeout long enough for a large answer on a loaded machine. */
    Scenario withLargeAnswers() {
      return new Scenario(
          fault,
          during,
          outcome,
          fabricOnly,
          inject,
          act,
          expected,
          message,
          atLeast,
          LARGE_ANSWER_TIMEOUT);
    }
  }

  private static Scenario ok(
      String fault,
      String during,
      String outcome,
      Consumer<Run> inject,
      Function<Run, Object> act,
      String resultText) {
    return new Scenario(
        fault,
        during,
        outcome,
        false,
        inject,
        act,
        null,
        resultText,
        Duration.ZERO,
        REQUEST_TIMEOUT);
  }

  private static Scenario fails(
      String fault,
      String during,
      Class<? extends Throwable> type,
      String message,
      Consumer<Run> inject,
      Function<Run, Object> act) {
    return new Scenario(
        fault,
        during,
        type.getSimpleName() + (message.isEmpty() ? "" : ": \"" + message + "\""),
        false,
        inject,
        act,
        type,
        message,
        Duration.ZERO,
        REQUEST_TIMEOUT);
  }

  private static Scenario fabricOnly(Scenario s) {
    return new Scenario(
        s.fault(),
        s.during(),
        s.outcome(),
        true,
        s.inject(),
        s.act(),
        s.expected(),
        s.message(),
        s.atLeast(),
        s.requestTimeout());
  }

  private static final String SESSIONS = ".*/sessions";
  private static final String SESSION = ".*/sessions/[^/]+";
  private static final String STATEMENTS = ".*/sessions/[^/]+/statements";
  private static final String STATEMENT = ".*/sessions/[^/]+/statements/[^/]+";

  private static Object run(Run r, String code) {
    try (LivySession s = r.session()) {
      StatementResult result = s.execute(Code.scala(code), DEADLINE);
      return result.text().orElse("");
    }
  }

  private static Object create(Run r) {
    try (LivySession s = r.session()) {
      return s.info().rawState();
    }
  }

  /** Runs a call that submits one statement, which must be sent once, whatever it ends in. */
  private static Object submittedOnce(Run r, java.util.function.Supplier<Object> call) {
    try {
      return call.get();
    } finally {
      assertThat(r.fake().requests())
          .as("the submit is not sent twice")
          .filteredOn(q -> q.method().equals("POST") && q.path().endsWith("/statements"))
          .hasSize(1);
    }
  }

  /** Runs a call that must end, whatever it ends in, well before its deadline. */
  private static Object promptly(Run r, java.util.function.Supplier<Object> call) {
    Instant began = r.time().clock().instant();
    try {
      return call.get();
    } finally {
      assertThat(Duration.between(began, r.time().clock().instant()))
          .as("the time the call took")
          .isLessThan(Duration.ofSeconds(30));
    }
  }

  /** What an asynchronous call's future holds, or the exception it failed with. */
  private static <T> T joined(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(DEADLINE.plus(SLACK).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Calls with the caller's thread interrupted; the call must leave the flag set. */
  private static Object interrupted(java.util.function.Supplier<Object> call) {
    Thread.currentThread().interrupt();
    try {
      return call.get();
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt flag, restored").isTrue();
    }
  }

  private static Consumer<Run> fault(Fault f) {
    return r -> r.fake().inject(f);
  }

  /** Every scenario, in the order of docs/faults.md. */
  static final List<Scenario> SCENARIOS =
      List.of(
          ok(
              "connection dropped before the create was read",
              "create session",
              "nothing was created, so it is sent again: one session",
              fault(Fault.on("POST", SESSIONS).dropConnection()),
              FaultScenarioContractTest::create,
              "idle"),
          ok(
              "connection dropped after the create was processed",
              "create session",
              "found by its unique name: one session, no second create",
              fault(Fault.on("POST", SESSIONS).dropConnectionAfterProcessing()),
              FaultScenarioContractTest::create,
              "idle"),
          ok(
              "201 with a body that is not JSON",
              "create session",
              "the answer is unreadable, so the create is looked up by its unique name: one session",
              fault(
                  Fault.on("POST", SESSIONS)
                      .respondAfterProcessing(201, "<html><body>Created</body></html>")),
              FaultScenarioContractTest::create,
              "idle"),
          ok(
              "503 twice",
              "create session",
              "retried after the server said no: one session",
              fault(Fault.on("POST", SESSIONS).respond(503, "{\"msg\":\"busy\"}").times(2)),
              FaultScenarioContractTest::create,
              "idle"),
          fails(
              "400 with a message",
              "create session",
              LivyServiceException.class,
              "no such queue",
              fault(Fault.on("POST", SESSIONS).respond(400, "{\"msg\":\"no such queue\"}")),
              FaultScenarioContractTest::create),
          fails(
              "401",
              "create session",
              AuthenticationException.class,
              "401",
              fault(Fault.on("POST", SESSIONS).respond(401, "{\"msg\":\"who are you\"}").times(5)),
              FaultScenarioContractTest::create),
          fails(
              "429 on every try",
              "create session",
              ThrottledException.class,
              "429",
              fault(
                  Fault.on("POST", SESSIONS)
                      .respond(429, "{\"msg\":\"slow down\"}")
                      .header("Retry-After", "2")
                      .times(50)),
              FaultScenarioContractTest::create),
          ok(
                  "429 with Retry-After, then served",
                  "create session",
                  "waits as told, then one session",
                  fault(
                      Fault.on("POST", SESSIONS)
                          .respond(429, "{\"msg\":\"slow down\"}")
                          .header("Retry-After", "3")
                          .times(2)),
                  FaultScenarioContractTest::create,
                  "idle")
              .waiting(Duration.ofSeconds(6)),
          fails(
              "the session dies while starting",
              "create session",
              SessionFailedException.class,
              "out of memory",
              r -> r.fake().failSessionStarts("out of memory"),
              FaultScenarioContractTest::create),
          fails(
              "an HTML error page (502 from a proxy), every time",
              "create session",
              LivyServiceException.class,
              "502",
              fault(
                  Fault.on("POST", SESSIONS)
                      .respond(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")
                      .times(50)),
              FaultScenarioContractTest::create),
          ok(
              "502 HTML page twice",
              "reading a statement",
              "reads retried: the result",
              fault(
                  Fault.on("GET", STATEMENT)
                      .respond(502, "<html><body>Bad Gateway</body></html>")
                      .times(2)),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          ok(
              "5xx burst (500, 503, 504)",
              "reading a statement",
              "reads retried: the result",
              r -> {
                r.fake().inject(Fault.on("GET", STATEMENT).respond(500, "{}"));
                r.fake().inject(Fault.on("GET", STATEMENT).respond(503, "{}"));
                r.fake().inject(Fault.on("GET", STATEMENT).respond(504, "{}"));
              },
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          ok(
              "connection reset",
              "reading a statement",
              "read again: the result",
              fault(Fault.on("GET", STATEMENT).dropConnection().times(2)),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          ok(
              "connection dropped after the submit was processed",
              "submitting a statement",
              "found in the session's statement list: run once, the result",
              fault(Fault.on("POST", STATEMENTS).dropConnectionAfterProcessing()),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          ok(
              "a slow answer (2 s)",
              "reading a statement",
              "waited for: the result",
              fault(Fault.on("GET", STATEMENT).delay(Duration.ofSeconds(2))),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          fails(
              "500 on every read",
              "reading a statement",
              LivyServiceException.class,
              "500",
              fault(Fault.on("GET", STATEMENT).respond(500, "{\"msg\":\"broken\"}").times(500)),
              r -> run(r, "spark.range(100).count()")),
          fails(
              "the statement fails",
              "running a statement",
              StatementFailedException.class,
              "boom",
              r -> r.fake().script("fail", FakeResult.error("java.lang.RuntimeException", "boom")),
              r -> run(r, "fail")),
          fails(
              "the statement never ends",
              "running a statement",
              PollingTimeoutException.class,
              "",
              r -> r.fake().script("forever", FakeResult.text("never").taking(Duration.ofHours(5))),
              r -> run(r, "forever")),
          fails(
                  "malformed JSON, every time",
                  "reading a statement",
                  LivyClientException.class,
                  "could not be read, 4 times: Malformed JSON in the statement answer",
                  fault(
                      Fault.on("GET", STATEMENT)
                          .respond(200, "{\"id\": 0, \"state\": ")
                          .times(500)),
                  r -> {
                    try {
                      return run(r, "spark.range(100).count()");
                    } finally {
                      assertThat(r.fake().requests())
                          .as("the statement read as often as the retry options allow")
                          .filteredOn(q -> q.method().equals("GET") && q.path().matches(STATEMENT))
                          .hasSize(4);
                    }
                  })
              .explained("read again up to the retry attempts, then"),
          ok(
              "an unknown statement state, then the real one",
              "reading a statement",
              "the unknown state is waited through: the result",
              fault(
                  Fault.on("GET", STATEMENT)
                      .respond(
                          200,
                          "{\"id\":0,"
                              + "\"state\":\"pondering\",\"output\":null,\"progress\":0.1}")
                      .times(2)),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          fails(
              "404 for the session, every time",
              "reading a statement",
              io.github.livy4j.SessionExpiredException.class,
              "",
              fault(
                  Fault.on("GET", STATEMENT)
                      .respond(404, "{\"msg\":\"Session '0' not found.\"}")
                      .times(500)),
              r -> run(r, "spark.range(100).count()")),
          ok(
                  "no answer at all (a hung request), once",
                  "reading a statement",
                  "the request times out and is sent again: the result",
                  fault(Fault.on("GET", STATEMENT).hang()),
                  r -> run(r, "spark.range(100).count()"),
                  "res0: Long = 100")
              .hanging(),
          ok(
                  "429 with Retry-After, five times",
                  "reading a statement",
                  "waits as told each time: the result",
                  fault(
                      Fault.on("GET", STATEMENT)
                          .respond(429, "{\"msg\":\"slow down\"}")
                          .header("Retry-After", "2")
                          .times(5)),
                  r -> run(r, "spark.range(100).count()"),
                  "res0: Long = 100")
              .waiting(Duration.ofSeconds(10)),
          ok(
                  "503 with Retry-After",
                  "create session",
                  "not found by its name, so sent again after the wait the server asked for:"
                      + " one session",
                  fault(
                      Fault.on("POST", SESSIONS)
                          .respond(503, "{\"msg\":\"restarting\"}")
                          .header("Retry-After", "7")),
                  r -> {
                    try {
                      return create(r);
                    } finally {
                      assertThat(r.fake().requests())
                          .as("the create sent twice: refused, then served")
                          .filteredOn(q -> q.method().equals("POST") && q.path().matches(SESSIONS))
                          .hasSize(2);
                    }
                  },
                  "idle")
              .waiting(Duration.ofSeconds(7)),
          fails(
              "400 with a message",
              "submitting a statement",
              LivyServiceException.class,
              "bad kind",
              fault(Fault.on("POST", STATEMENTS).respond(400, "{\"msg\":\"bad kind\"}")),
              r -> run(r, "spark.range(100).count()")),
          ok(
              "500 after the submit was processed",
              "submitting a statement",
              "found in the session's statement list: run once, the result",
              fault(Fault.on("POST", STATEMENTS).respondAfterProcessing(500, "{\"msg\":\"oops\"}")),
              r -> submittedOnce(r, () -> run(r, "spark.range(100).count()")),
              "res0: Long = 100"),
          ok(
              "connection dropped before the submit was read",
              "submitting a statement",
              "not in the statement list, so it is sent again: the result",
              fault(Fault.on("POST", STATEMENTS).dropConnection()),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          ok(
                  "a large output (20 MB of text)",
                  "reading a statement",
                  "the whole result",
                  r -> r.fake().script("big", FakeResult.text("x".repeat(20 << 20))),
                  r -> ((String) run(r, "big")).length(),
                  String.valueOf(20 << 20))
              .withLargeAnswers(),
          ok(
              "an empty 200 answer",
              "reading a statement",
              "read again: the result",
              fault(Fault.on("GET", STATEMENT).respond(200, "")),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          fails(
              "the caller's thread is interrupted",
              "running a statement",
              LivyClientException.class,
              "Interrupted while waiting for statement",
              r -> r.fake().script("long", FakeResult.text("done").taking(Duration.ofMinutes(1))),
              r -> {
                try (LivySession s = r.session()) {
                  io.github.livy4j.polling.StatementPoller p = s.beginExecute(Code.scala("long"));
                  try {
                    return interrupted(() -> p.waitForCompletion(DEADLINE));
                  } finally {
                    assertThat(r.fake().requests())
                        .as("the statement is cancelled")
                        .anyMatch(q -> q.method().equals("POST") && q.path().endsWith("/cancel"));
                  }
                }
              }),
          fails(
              "the client is closed",
              "create session",
              LivyClientException.class,
              "The LivyClient was closed",
              r -> {},
              r -> {
                io.github.livy4j.polling.Poller<LivySession> p =
                    r.client().beginCreateSession(SessionSpec.defaults());
                r.client().close();
                return p.waitForCompletion(DEADLINE);
              }),
          fails(
              "the session is killed",
              "running a statement",
              SessionFailedException.class,
              "state dead",
              r -> r.fake().script("long", FakeResult.text("done").taking(Duration.ofMinutes(1))),
              r -> {
                try (LivySession s = r.session()) {
                  io.github.livy4j.polling.StatementPoller p = s.beginExecute(Code.scala("long"));
                  r.fake().killSession(s.id().value());
                  return p.waitForCompletion(DEADLINE);
                }
              }),
          fails(
              "the session is killed",
              "submitting a statement",
              SessionFailedException.class,
              "cannot run statements",
              r -> {},
              r -> {
                try (LivySession s = r.session()) {
                  r.fake().killSession(s.id().value());
                  return s.execute(Code.scala("spark.range(100).count()"), DEADLINE);
                }
              }),
          fails(
              "404 for the session (a restarted server)",
              "submitting a statement",
              io.github.livy4j.SessionNotFoundException.class,
              "not found",
              r ->
                  r.fake()
                      .inject(
                          Fault.on("POST", STATEMENTS)
                              .respond(404, "{\"msg\":\"Session '0' not found.\"}")
                              .times(5)),
              r -> run(r, "spark.range(100).count()")),
          fails(
              "connection dropped after the submit, and the statement list fails too",
              "submitting a statement",
              LivyClientException.class,
              "Connection failed",
              r -> {
                r.fake().inject(Fault.on("POST", STATEMENTS).dropConnectionAfterProcessing());
                r.fake().inject(Fault.on("GET", STATEMENTS).respond(500, "{}").times(50));
              },
              r -> {
                try {
                  return run(r, "spark.range(100).count()");
                } finally {
                  assertThat(r.fake().requests())
                      .as("the submit is not sent twice")
                      .filteredOn(
                          q -> q.method().equals("POST") && q.path().endsWith("/statements"))
                      .hasSize(1);
                }
              }),
          fails(
                  "429 with a Retry-After beyond the deadline",
                  "reading a statement",
                  ThrottledException.class,
                  "asked to wait 86400 s before trying again, past the deadline",
                  fault(
                      Fault.on("GET", STATEMENT)
                          .respond(429, "{\"msg\":\"come back tomorrow\"}")
                          .header("Retry-After", "86400")
                          .times(50)),
                  r -> promptly(r, () -> run(r, "spark.range(100).count()")))
              .explained("ends at once, without waiting:"),
          fails(
              "no token can be had (the identity provider is down)",
              "running a statement",
              LivyException.class,
              "identity provider down",
              r -> {},
              r -> {
                java.util.concurrent.atomic.AtomicBoolean down =
                    new java.util.concurrent.atomic.AtomicBoolean();
                LivyClient c =
                    r.builder()
                        .get()
                        .credential(
                            () -> {
                              if (down.get()) {
                                throw new LivyException("identity provider down");
                              }
                              return java.util.Optional.of(
                                  io.github.livy4j.auth.AccessToken.of("token", Instant.MAX));
                            })
                        .build();
                LivySession s = c.createSession(SessionSpec.defaults());
                r.fake().script("long", FakeResult.text("done").taking(Duration.ofMinutes(1)));
                io.github.livy4j.polling.StatementPoller p = s.beginExecute(Code.scala("long"));
                down.set(true);
                try {
                  return p.waitForCompletion(DEADLINE);
                } finally {
                  // the session's own close cannot delete it either; the client tries again later
                  assertThat(org.assertj.core.api.Assertions.catchThrowable(s::close))
                      .hasMessageContaining("identity provider down");
                  down.set(false);
                  c.close();
                }
              }),
          fails(
              "nothing listening (connection refused)",
              "create session",
              LivyClientException.class,
              "",
              r -> r.fake().close(),
              FaultScenarioContractTest::create),
          ok(
              "a truncated answer (headers, then half the body), twice",
              "reading a statement",
              "read again: the result",
              fault(Fault.on("GET", STATEMENT).truncateBody().times(2)),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          ok(
              "a truncated answer after the create was processed",
              "create session",
              "found by its unique name: one session, no second create",
              fault(Fault.on("POST", SESSIONS).truncateBody()),
              FaultScenarioContractTest::create,
              "idle"),
          ok(
              "a truncated answer after the submit was processed",
              "submitting a statement",
              "found in the session's statement list: run once, the result",
              fault(Fault.on("POST", STATEMENTS).truncateBody()),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          ok(
                  "an answer that hangs mid-body, once",
                  "reading a statement",
                  "the request times out and is sent again: the result",
                  fault(Fault.on("GET", STATEMENT).hangMidBody()),
                  r -> run(r, "spark.range(100).count()"),
                  "res0: Long = 100")
              .hanging(),
          ok(
                  "an answer that hangs mid-body after the create was processed",
                  "create session",
                  "the request times out; found by its unique name: one session",
                  fault(Fault.on("POST", SESSIONS).hangMidBody()),
                  FaultScenarioContractTest::create,
                  "idle")
              .hanging(),
          ok(
              "404 for the session, twice, while the session is there",
              "reading a statement",
              "the session is read and found: the wait goes on to the result",
              fault(
                  Fault.on("GET", STATEMENT)
                      .respond(404, "{\"msg\":\"Session '0' not found.\"}")
                      .times(2)),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          fails(
              "a restart that forgets every session",
              "running a statement",
              io.github.livy4j.SessionExpiredException.class,
              "gone from the server",
              r -> r.fake().script("long", FakeResult.text("done").taking(Duration.ofMinutes(1))),
              r -> {
                try (LivySession s = r.session()) {
                  io.github.livy4j.polling.StatementPoller p = s.beginExecute(Code.scala("long"));
                  r.fake().restart();
                  return p.waitForCompletion(DEADLINE);
                }
              }),
          fails(
              "a restart, then another client's session and statement get the same ids",
              "running a statement",
              io.github.livy4j.SessionExpiredException.class,
              "gone from the server",
              r -> r.fake().script("long", FakeResult.text("done").taking(Duration.ofMinutes(1))),
              r -> {
                try (LivyClient other = r.builder().get().build()) {
                  try (LivySession s = r.session()) {
                    io.github.livy4j.polling.StatementPoller p = s.beginExecute(Code.scala("long"));
                    r.fake().restart();
                    LivySession theirs = other.createSession(SessionSpec.defaults());
                    theirs.execute(Code.scala("spark.range(100).count()"), DEADLINE);
                    try {
                      return p.waitForCompletion(DEADLINE);
                    } finally {
                      s.close();
                      assertThat(theirs.info().state())
                          .as("the other client's session, after" + " this one's close")
                          .isEqualTo(io.github.livy4j.SessionState.IDLE);
                    }
                  }
                }
              }),
          ok(
              "a restart, then another client's session gets the same id",
              "closing the session",
              "the other session is left alone",
              r -> {},
              r -> {
                try (LivyClient other = r.builder().get().build()) {
                  LivySession s = r.session();
                  r.fake().restart();
                  LivySession theirs = other.createSession(SessionSpec.defaults());
                  s.close();
                  return "other session " + theirs.info().rawState();
                }
              },
              "other session idle"),
          ok(
              "available without its output, once",
              "reading a statement",
              "read again: the result",
              fault(
                  Fault.on("GET", STATEMENT)
                      .respond(200, "{\"id\":0,\"state\":\"available\"," + "\"output\":null}")),
              r -> run(r, "spark.range(100).count()"),
              "res0: Long = 100"),
          fails(
              "the caller's thread is interrupted",
              "create session",
              LivyClientException.class,
              "Interrupted",
              r -> {},
              r -> interrupted(() -> create(r))),
          fails(
              "the caller's thread is interrupted",
              "waiting for a session to start",
              LivyClientException.class,
              "Interrupted",
              r -> {},
              r -> {
                io.github.livy4j.polling.Poller<LivySession> p =
                    r.client().beginCreateSession(SessionSpec.defaults());
                return interrupted(() -> p.waitForCompletion(DEADLINE));
              }),
          fails(
              "the caller's thread is interrupted",
              "submitting a statement",
              LivyClientException.class,
              "Interrupted",
              r -> {},
              r -> {
                try (LivySession s = r.session()) {
                  try {
                    return interrupted(
                        () -> s.beginExecute(Code.scala("spark.range(100).count()")));
                  } finally {
                    assertThat(r.fake().requests())
                        .as("nothing submitted")
                        .noneMatch(
                            q -> q.method().equals("POST") && q.path().endsWith("/statements"));
                  }
                }
              }),
          fails(
              "the client is closed",
              "waiting for a session to start",
              LivyClientException.class,
              "The LivyClient was closed",
              r -> {},
              r -> {
                io.github.livy4j.polling.Poller<LivySession> p =
                    r.client().beginCreateSession(SessionSpec.defaults());
                p.poll();
                r.client().close();
                return p.waitForCompletion(DEADLINE);
              }),
          fails(
              "the client is closed",
              "running a statement",
              LivyClientException.class,
              "The LivyClient was closed",
              r -> r.fake().script("long", FakeResult.text("done").taking(Duration.ofMinutes(1))),
              r -> {
                LivySession s = r.session();
                io.github.livy4j.polling.StatementPoller p = s.beginExecute(Code.scala("long"));
                r.client().close();
                return p.waitForCompletion(DEADLINE);
              }),
          fails(
              "the session is closed",
              "running a statement",
              LivyClientException.class,
              "was closed before statement",
              r -> r.fake().script("long", FakeResult.text("done").taking(Duration.ofMinutes(1))),
              r -> {
                LivySession s = r.session();
                io.github.livy4j.polling.StatementPoller p = s.beginExecute(Code.scala("long"));
                s.close();
                return p.waitForCompletion(DEADLINE);
              }),
          fabricOnly(
              fails(
                  "430: capacity exhausted, every time",
                  "create session",
                  io.github.livy4j.CapacityExceededException.class,
                  "430",
                  fault(
                      Fault.on("POST", SESSIONS)
                          .respond(
                              430,
                              "{\"errorCode\":"
                                  + "\"CapacityLimitExceeded\",\"message\":\"capacity exhausted\"}")
                          .times(1000)),
                  FaultScenarioContractTest::create)),
          fabricOnly(
              ok(
                  "430: capacity exhausted, twice",
                  "create session, with a capacity wait" + " set",
                  "waits for capacity: one session",
                  fault(
                      Fault.on("POST", SESSIONS)
                          .respond(
                              430,
                              "{\"errorCode\":"
                                  + "\"CapacityLimitExceeded\",\"message\":\"capacity exhausted\"}")
                          .times(2)),
                  r -> {
                    try (LivyClient c =
                            r.builder()
                                .get()
                                .retry(
                                    io.github.livy4j.RetryOptions.defaults()
                                        .withCapacityWait(Duration.ofMinutes(1)))
                                .build();
                        LivySession s = c.createSession(SessionSpec.defaults())) {
                      return s.info().rawState();
                    }
                  },
                  "idle")),
          fabricOnly(
              ok(
                      "429 with a body that says until when",
                      "create session",
                      "waits until then: one session",
                      r ->
                          r.fake()
                              .inject(
                                  Fault.on("POST", SESSIONS)
                                      .respond(
                                          429,
                                          "{\"errorCode\":"
                                              + "\"RequestBlocked\",\"message\":\"Request is blocked by the upstream service"
                                              + " until: "
                                              + java.time.format.DateTimeFormatter.ofPattern(
                                                      "M/d/yyyy h:mm:ss a '(UTC)'",
                                                      java.util.Locale.ROOT)
                                                  .withZone(java.time.ZoneOffset.UTC)
                                                  .format(
                                                      r.time().clock().instant().plusSeconds(20))
                                              + "\"}")),
                      FaultScenarioContractTest::create,
                      "idle")
                  .waiting(Duration.ofSeconds(19))),
          fails(
                  "500 before the submit was processed",
                  "submitting a statement",
                  LivyServiceException.class,
                  "oops",
                  fault(Fault.on("POST", STATEMENTS).respond(500, "{\"msg\":\"oops\"}")),
                  r -> submittedOnce(r, () -> run(r, "spark.range(100).count()")))
              .explained("not in the session's statement list, so the server's error:"),
          fails(
                  "429 with a Retry-After beyond the deadline",
                  "reading a statement, asynchronously",
                  ThrottledException.class,
                  "asked to wait 86400 s before trying again, past the deadline",
                  fault(
                      Fault.on("GET", STATEMENT)
                          .respond(429, "{\"msg\":\"come back tomorrow\"}")
                          .header("Retry-After", "86400")
                          .times(50)),
                  r ->
                      promptly(
                          r,
                          () -> {
                            try (LivySession s = r.session()) {
                              return joined(
                                      s.async().execute(Code.scala("spark.range(100).count()")))
                                  .text()
                                  .orElse("");
                            }
                          }))
              .explained("ends at once, without waiting:"));

  @TestFactory
  Stream<DynamicTest> everyScenario_endsAsStated_inTime_withNothingLeft() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Scenario s : SCENARIOS) {
      if (s.fabricOnly() && !fabric()) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(s.fault() + " during " + s.during(), () -> play(s)));
    }
    return tests.stream();
  }

  private void play(Scenario s) {
    VirtualTime time = VirtualTime.create();
    FakeLivy.Builder fb =
        FakeLivy.builder()
            .time(time)
            .sessionStartup(Duration.ofSeconds(3))
            .statementDuration(Duration.ofSeconds(1));
    FakeLivy fake = (fabric() ? fb.fabric() : fb).start();
    fake.script("spark.range(100).count()", FakeResult.text("res0: Long = 100"));
    java.util.function.Supplier<LivyClient.Builder> builder =
        () ->
            customize(
                LivyClient.builder()
                    .backend(backend(fake))
                    .clock(time.clock())
                    .sleeper(time.sleeper())
                    .deleteSessionsOnShutdown(false)
                    .requestTimeout(s.requestTimeout())
                    .closeTimeout(Duration.ofSeconds(10))
                    .polling(PollingOptions.builder().timeout(DEADLINE).build()));
    LivyClient client = builder.get().build();
    Run run = new Run(client, fake, time, builder);
    Instant began = time.clock().instant();
    try {
      s.inject().accept(run);
      Object result = null;
      Throwable failure = null;
      try {
        result = s.act().apply(run);
      } catch (RuntimeException e) {
        failure = e;
      }
      Duration took = Duration.between(began, time.clock().instant());
      assertThat(took)
          .as("time taken")
          .isLessThanOrEqualTo(DEADLINE.plus(SLACK))
          .isGreaterThanOrEqualTo(s.atLeast());
      if (s.expected() == null) {
        assertThat(failure).as("failure").isNull();
        assertThat(String.valueOf(result)).contains(s.message());
      } else {
        assertThat(failure).as("failure").isExactlyInstanceOf(s.expected());
        assertThat(failure.getMessage()).contains(s.message());
      }
    } finally {
      client.close();
      if (!s.fault().startsWith("nothing listening")) {
        assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
      }
      fake.close();
    }
  }

  /** @return docs/faults.md's table of scenarios, as generated from {@link #SCENARIOS} */
  static String table() {
    StringBuilder sb =
        new StringBuilder(BEGIN)
            .append('\n')
            .append("| # | the server | during | the caller gets |\n|---:|---|---|---|\n");
    int n = 0;
    for (Scenario s : SCENARIOS) {
      sb.append("| ")
          .append(++n)
          .append(" | ")
          .append(s.fault())
          .append(s.fabricOnly() ? " (Fabric)" : "")
          .append(" | ")
          .append(s.during())
          .append(" | ")
          .append(s.outcome().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.append(END).toString();
  }

  @Test
  void theFaultGuidesTable_isTheSuite() throws IOException {
    Path guide = Path.of("..", "docs", "faults.md");
    String text = Files.readString(guide, StandardCharsets.UTF_8);
    int from = text.indexOf(BEGIN);
    int to = text.indexOf(END);
    String expected = table();
    if (from < 0 || to < 0 || !text.substring(from, to + END.length()).equals(expected)) {
      Path generated = Path.of("target", "fault-scenarios.md");
      Files.createDirectories(generated.getParent());
      Files.writeString(generated, expected + "\n", StandardCharsets.UTF_8);
      throw new AssertionError(
          "docs/faults.md's fault-scenario table differs from the suite;"
              + " the suite's table is in "
              + generated.toAbsolutePath());
    }
  }
}
