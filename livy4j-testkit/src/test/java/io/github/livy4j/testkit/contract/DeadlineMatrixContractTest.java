package io.github.livy4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivySession;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementId;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeBatch;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public call ends in time whatever the server does: for each request the client makes, an
 * answer that never comes and one that stops in the middle of its body, for each public operation
 * that makes that request, blocking and asynchronous. A wait ends within its deadline plus the
 * documented slack with a {@link PollingTimeoutException}; a single call ends within its request
 * timeout for each attempt; closing ends within the close budget; and nothing is left on the
 * server once the client is closed, unless the server never let a delete through.
 *
 * <p>The request timeout of the waits is a minute, so that only the deadline can end them. The
 * cells run side by side (each has its own server and client): the whole matrix costs about
 * what its slowest cells do.
 */
public abstract class DeadlineMatrixContractTest {
  /** The deadline of every wait. */
  static final Duration WAIT = Duration.ofMillis(1500);

  /** The slack a wait documents: a tenth of the wait, at least 100 ms. */
  static final Duration WAIT_SLACK = Duration.ofMillis(150);

  /** The request timeout of the waits: longer than any cell, so only deadlines end them. */
  static final Duration WAIT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** The request timeout of single calls. */
  static final Duration CALL_REQUEST_TIMEOUT = Duration.ofMillis(500);

  /** The attempts a single call makes. */
  static final int CALL_ATTEMPTS = 2;

  /** The close budget. */
  static final Duration CLOSE = Duration.ofSeconds(1);

  /**
   * What a cell may take beyond its bound, for threads that a loaded machine schedules late:
   * far below what a request timeout or a blocking clean-up would add.
   */
  static final Duration TOLERANCE = Duration.ofMillis(1500);

  private static final int PARALLEL = 8;

  private static final String VERSION = ".*/version";
  private static final String SESSIONS = ".*/sessions";
  private static final String SESSION = ".*/sessions/[^/]+(/state)?";
  private static final String STATEMENTS = ".*/sessions/[^/]+/statements";
  private static final String STATEMENT = ".*/sessions/[^/]+/statements/[^/]+";
  private static final String CANCEL = ".*/sessions/[^/]+/statements/[^/]+/cancel";
  private static final String LOG = ".*/sessions/[^/]+/log";
  private static final String BATCHES = ".*/batches";
  private static final String BATCH = ".*/batches/[^/]+";
  private static final String SLOW = "spark.range(10).count() // slow";

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
   * The client's settings beyond the matrix's; override to add a credential.
   *
   * @param builder the matrix's client builder
   * @return the builder
   */
  protected LivyClient.Builder customize(LivyClient.Builder builder) {
    return builder;
  }

  /** How a cell's call must end. */
  enum Kind {
    /** A wait: its deadline plus slack, with a timeout. */
    WAIT,
    /** A single call: its attempts' request timeouts, with a client exception. */
    CALL,
    /** A close: the close budget, with a client exception. */
    CLOSE
  }

  /** What a cell's call does, given its client and fake, before and after the fault. */
  interface Act {
    /**
     * Prepares what the call needs (a session, a statement) before the fault is injected.
     *
     * @param client the client
     * @param fake the fake
     * @return what the call works on, or {@code null}
     */
    default Object prepare(LivyClient client, FakeLivy fake) {
      return null;
    }

    /**
     * Makes the call.
     *
     * @param client the client
     * @param prepared what {@link #prepare} returned
     * @throws Exception what the call throws
     */
    void call(LivyClient client, Object prepared) throws Exception;
  }

  /** One cell: a request that fails one way, and an operation that makes it. */
  record Cell(
      String request,
      String method,
      String path,
      boolean midBody,
      String operation,
      Kind kind,
      Act act,
      boolean extraFault) {
    String name() {
      return operation + " with " + request + (midBody ? " stopping mid-body" : " never answered");
    }
  }

  /** What a cell's run found. */
  record Outcome(Duration took, Throwable failure, int sessionsLeft, Throwable setupFailure) {}

  private static Act waitFor(Function<LivyClient, Object> call) {
    return (client, prepared) -> call.apply(client);
  }

  private static LivySession idleSession(LivyClient client) {
    return client.createSession(SessionSpec.defaults());
  }

  private static Object async(CompletableFuture<?> f) throws Exception {
    try {
      return f.get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  private List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    for (boolean midBody : new boolean[] {false, true}) {
      // the session start, blocking and asynchronous, through every request it makes
      List<String[]> startRequests = new ArrayList<>();
      if (!fabric()) {
        startRequests.add(new String[] {"the version", "GET", VERSION});
      }
      startRequests.add(new String[] {"the create", "POST", SESSIONS});
      startRequests.add(new String[] {"the session read", "GET", SESSION});
      for (String[] r : startRequests) {
        cells.add(
            new Cell(
                r[0],
                r[1],
                r[2],
                midBody,
                "createSession",
                Kind.WAIT,
                waitFor(c -> c.createSession(SessionSpec.defaults())),
                false));
        cells.add(
            new Cell(
                r[0],
                r[1],
                r[2],
                midBody,
                "async createSession",
                Kind.WAIT,
                (c, p) -> async(c.async().createSession(SessionSpec.defaults())),
                false));
        cells.add(
            new Cell(
                r[0],
                r[1],
                r[2],
                midBody,
                "beginCreateSession.waitForCompletion",
                Kind.WAIT,
                waitFor(c -> c.beginCreateSession(SessionSpec.defaults()).waitForCompletion(WAIT)),
                false));
      }
      // a statement, blocking and asynchronous
      Act execute =
          new Act() {
            @Override
            public Object prepare(LivyClient client, FakeLivy fake) {
              return idleSession(client);
            }

            @Override
            public void call(LivyClient client, Object session) {
              ((LivySession) session).execute(Code.scala(SLOW), WAIT);
            }
          };
      Act executeAsync =
          new Act() {
            @Override
            public Object prepare(LivyClient client, FakeLivy fake) {
              return client.async().attach(idleSession(client).id()).join();
            }

            @Override
            public void call(LivyClient client, Object session) throws Exception {
              async(((LivyAsyncSession) session).execute(Code.scala(SLOW), WAIT));
            }
          };
      for (String[] r :
          List.of(
              new String[] {"the submit", "POST", STATEMENTS},
              new String[] {"the statement read", "GET", STATEMENT})) {
        cells.add(new Cell(r[0], r[1], r[2], midBody, "execute", Kind.WAIT, execute, false));
        cells.add(
            new Cell(r[0], r[1], r[2], midBody, "async execute", Kind.WAIT, executeAsync, false));
      }
      // the statement list, read after a submit whose answer was lost
      cells.add(
          new Cell(
              "the statement list",
              "GET",
              STATEMENTS,
              midBody,
              "execute",
              Kind.WAIT,
              execute,
              true));
      cells.add(
          new Cell(
              "the statement list",
              "GET",
              STATEMENTS,
              midBody,
              "async execute",
              Kind.WAIT,
              executeAsync,
              true));
      // a batch
      Act batch =
          waitFor(
              c ->
                  c.submitBatch(
                          BatchSpec.builder("hdfs:///apps/etl.jar")
                              .className("com.example.Slow")
                              .build())
                      .waitForCompletion(WAIT));
      cells.add(
          new Cell(
              "the batch submit",
              "POST",
              BATCHES,
              midBody,
              "submitBatch",
              Kind.WAIT,
              batch,
              false));
      cells.add(
          new Cell(
              "the batch read", "GET", BATCH, midBody, "submitBatch", Kind.WAIT, batch, false));
      // single calls
      Act refresh =
          new Act() {
            @Override
            public Object prepare(LivyClient client, FakeLivy fake) {
              return idleSession(client);
            }

            @Override
            public void call(LivyClient client, Object session) {
              ((LivySession) session).refresh();
            }
          };
      cells.add(
          new Cell(
              "the session read", "GET", SESSION, midBody, "refresh", Kind.CALL, refresh, false));
      cells.add(
          new Cell(
              "the session read",
              "GET",
              SESSION,
              midBody,
              "async refresh",
              Kind.CALL,
              new Act() {
                @Override
                public Object prepare(LivyClient client, FakeLivy fake) {
                  return client.async().attach(idleSession(client).id()).join();
                }

                @Override
                public void call(LivyClient client, Object session) throws Exception {
                  async(((LivyAsyncSession) session).refresh());
                }
              },
              false));
      cells.add(
          new Cell(
              "the session list",
              "GET",
              SESSIONS,
              midBody,
              "listSessions",
              Kind.CALL,
              waitFor(LivyClient::listSessions),
              false));
      cells.add(
          new Cell(
              "the session list",
              "GET",
              SESSIONS,
              midBody,
              "async listSessions",
              Kind.CALL,
              (c, p) -> async(c.async().listSessions()),
              false));
      cells.add(
          new Cell(
              "the cancel",
              "POST",
              CANCEL,
              midBody,
              "cancel",
              Kind.CALL,
              new Act() {
                @Override
                public Object prepare(LivyClient client, FakeLivy fake) {
                  LivySession s = idleSession(client);
                  return new Object[] {s, s.beginExecute(Code.scala(SLOW)).statementId()};
                }

                @Override
                public void call(LivyClient client, Object prepared) {
                  Object[] p = (Object[]) prepared;
                  ((LivySession) p[0]).cancel((StatementId) p[1]);
                }
              },
              false));
      if (!fabric()) {
        cells.add(
            new Cell(
                "the log read",
                "GET",
                LOG,
                midBody,
                "log",
                Kind.CALL,
                new Act() {
                  @Override
                  public Object prepare(LivyClient client, FakeLivy fake) {
                    return idleSession(client);
                  }

                  @Override
                  public void call(LivyClient client, Object session) {
                    ((LivySession) session).log(10);
                  }
                },
                false));
      }
      // closing
      cells.add(
          new Cell(
              "the delete",
              "DELETE",
              SESSION,
              midBody,
              "LivySession.close",
              Kind.CLOSE,
              new Act() {
                @Override
                public Object prepare(LivyClient client, FakeLivy fake) {
                  return idleSession(client);
                }

                @Override
                public void call(LivyClient client, Object session) {
                  ((LivySession) session).close();
                }
              },
              false));
      cells.add(
          new Cell(
              "the delete",
              "DELETE",
              SESSION,
              midBody,
              "LivyAsyncSession.closeAsync",
              Kind.CLOSE,
              new Act() {
                @Override
                public Object prepare(LivyClient client, FakeLivy fake) {
                  return client.async().attach(idleSession(client).id()).join();
                }

                @Override
                public void call(LivyClient client, Object session) throws Exception {
                  async(((LivyAsyncSession) session).closeAsync());
                }
              },
              false));
      cells.add(
          new Cell(
              "the delete",
              "DELETE",
              SESSION,
              midBody,
              "LivyClient.close",
              Kind.CLOSE,
              new Act() {
                @Override
                public Object prepare(LivyClient client, FakeLivy fake) {
                  return idleSession(client);
                }

                @Override
                public void call(LivyClient client, Object session) {
                  client.close();
                }
              },
              false));
    }
    return cells;
  }

  private LivyClient client(FakeLivy fake, Kind kind) {
    LivyClient.Builder b =
        LivyClient.builder()
            .backend(backend(fake))
            .deleteSessionsOnShutdown(false)
            .closeTimeout(CLOSE)
            .polling(PollingOptions.builder().timeout(WAIT).build());
    if (kind == Kind.CALL) {
      b.requestTimeout(CALL_REQUEST_TIMEOUT)
          .retry(
              new RetryOptions(
                  CALL_ATTEMPTS, RetryOptions.defaults().backoff(), Duration.ofSeconds(60)));
    } else {
      b.requestTimeout(WAIT_REQUEST_TIMEOUT);
    }
    return customize(b).build();
  }

  private Outcome run(Cell cell) {
    FakeLivy.Builder fb =
        FakeLivy.builder()
            .sessionStartup(
                cell.operation().contains("reate") ? Duration.ofMinutes(5) : Duration.ZERO)
            .statementDuration(Duration.ZERO);
    FakeLivy fake = (fabric() ? fb.fabric() : fb).start();
    try {
      fake.script(SLOW, FakeResult.text("10").taking(Duration.ofMinutes(5)));
      fake.scriptBatch("com.example.Slow", FakeBatch.succeeds(Duration.ofMinutes(5)));
      LivyClient client = client(fake, cell.kind());
      Object prepared;
      try {
        prepared = cell.act().prepare(client, fake);
      } catch (RuntimeException e) {
        client.close();
        return new Outcome(Duration.ZERO, null, 0, e);
      }
      if (cell.extraFault()) {
        fake.inject(Fault.on("POST", STATEMENTS).dropConnectionAfterProcessing());
      }
      Fault.Matcher on = Fault.on(cell.method(), cell.path());
      fake.inject((cell.midBody() ? on.hangMidBody() : on.hang()).times(10_000));
      long began = System.nanoTime();
      Throwable failure = null;
      try {
        cell.act().call(client, prepared);
      } catch (Exception e) {
        failure = e;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      try {
        client.close();
      } catch (LivyClientException e) {
        // the cells whose deletes never get through say so here: checked below
      }
      // a batch whose wait timed out runs on, as its caller holds it; one whose submit was cut
      // short is nobody's, and must be gone
      int left =
          fake.sessionCount() + (cell.request().equals("the batch submit") ? fake.batchCount() : 0);
      return new Outcome(took, failure, left, null);
    } finally {
      fake.close();
    }
  }

  private static Duration bound(Kind kind) {
    return switch (kind) {
      case WAIT -> WAIT.plus(WAIT_SLACK);
      case CALL ->
          CALL_REQUEST_TIMEOUT
              .multipliedBy(CALL_ATTEMPTS)
              .plus(RetryOptions.defaults().backoff().delay(1, 1.0));
      case CLOSE -> CLOSE;
    };
  }

  private static void check(Cell cell, Outcome o) {
    assertThat(o.setupFailure()).as("setting the cell up").isNull();
    assertThat(o.took()).as("time taken").isLessThanOrEqualTo(bound(cell.kind()).plus(TOLERANCE));
    switch (cell.kind()) {
      case WAIT ->
          assertThat(o.failure()).as("failure").isInstanceOf(PollingTimeoutException.class);
      case CALL, CLOSE ->
          assertThat(o.failure()).as("failure").isInstanceOf(LivyClientException.class);
      default -> throw new AssertionError(cell.kind());
    }
    if (cell.kind() != Kind.CLOSE) {
      assertThat(o.sessionsLeft()).as("sessions and batches left on the server").isZero();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCall_endsInTime_whateverTheServerDoes() throws Exception {
    List<Cell> cells = cells();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    List<Future<Outcome>> outcomes = new ArrayList<>();
    try {
      for (Cell c : cells) {
        outcomes.add(pool.submit(() -> run(c)));
      }
      List<DynamicTest> tests = new ArrayList<>();
      for (int i = 0; i < cells.size(); i++) {
        Cell c = cells.get(i);
        Outcome o = outcomes.get(i).get(5, TimeUnit.MINUTES);
        tests.add(DynamicTest.dynamicTest(c.name(), () -> check(c, o)));
      }
      return tests.stream();
    } finally {
      pool.shutdownNow();
    }
  }
}
