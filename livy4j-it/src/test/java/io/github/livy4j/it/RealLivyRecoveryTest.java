package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionListener;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementResult;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.PollingOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Apache Livy that recovers its sessions ({@code local-livy start --recovery}, a
 * filesystem state store), its server restarted alone while the Spark drivers run on, as a
 * production Livy with {@code livy.server.recovery.mode = recovery} is restarted. Statements
 * waited for across the restart, blocking and asynchronously, end with their results, each on
 * the server once; the session keeps its id, the client keeps it alive, runs more code in it and
 * deletes it on close. A restart while a session starts fails the create with the dead session
 * Livy could not recover, which the client deletes; a restart during a batch ends its wait with
 * the 404 of a server that forgot it (Livy 0.7.1 recovers batches only on YARN). Nothing is left
 * running. One server for the class, restarted once per test.
 */
class RealLivyRecoveryTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalLivy server;

  @BeforeAll
  static void start() throws Exception {
    server = LocalLivy.startOwn("recovery", "--recovery");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /**
   * A client with the default retries (4 attempts, under 2 s): its waits outlast the restart,
   * which keeps the server away for a few seconds (up to about 20 on a busy machine), because a
   * wait's look that finds no server at all is waited through until the wait's deadline.
   */
  private static LivyClient client(SessionListener listener) {
    return LivyClient.builder()
        .backend(ApacheLivy.at(server.uri()))
        .deleteSessionsOnShutdown(false)
        .polling(
            PollingOptions.builder()
                .sessionStartTimeout(Duration.ofMinutes(3))
                .statementTimeout(Duration.ofMinutes(2))
                .build())
        .sessionListener(listener)
        .build();
  }

  private static SessionSpec spec(String prefix) {
    return SessionSpec.builder()
        .kind(CodeKind.SPARK)
        .namePrefix(prefix)
        .idleTimeout(Duration.ofMinutes(10))
        .keepAliveInterval(Duration.ofSeconds(2))
        .build();
  }

  @Test
  void statementsWaitedForAcrossARestart_endWithTheirResults_andTheSessionStaysTheClients(
      @TempDir Path tmp) throws Exception {
    // runs until the test lets it end, after the restart (or two minutes at most)
    Path release = tmp.resolve("release");
    String running =
        "{ val until = System.nanoTime + 120000000000L; while (!java.nio.file.Files.exists("
            + "java.nio.file.Paths.get(\""
            + release
            + "\")) && System.nanoTime < until) Thread.sleep(100); 1 }";
    List<SessionId> keptAlive = new CopyOnWriteArrayList<>();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    LivyClient client =
        client(
            new SessionListener() {
              @Override
              public void onKeepAlive(SessionId session) {
                keptAlive.add(session);
              }
            });
    SessionId id;
    try {
      LivySession s = client.createSession(spec("it-recovery-"));
      id = s.id();
      CompletableFuture<StatementResult> async = s.async().execute(Code.scala(running));
      awaitOnServer("the first statement running", () -> statements(id).contains("\"running\""));
      CompletableFuture<StatementResult> blocking =
          CompletableFuture.supplyAsync(() -> s.execute(Code.scala("21 * 2")), caller);
      awaitOnServer(
          "the second statement waiting behind the first",
          () -> statements(id).contains("\"total_statements\":2"));
      awaitOnServer("a keep-alive before the restart", () -> !keptAlive.isEmpty());

      server = server.restartServer();
      int keptAliveBefore = keptAlive.size();
      awaitOnServer(
          "the session recovered, busy with the first statement",
          () -> s.refresh().state() == SessionState.BUSY);
      assertThat(async).isNotDone();
      assertThat(blocking).isNotDone();
      Files.createFile(release);

      assertThat(async.get(2, TimeUnit.MINUTES).text())
          .hasValueSatisfying(t -> assertThat(t).endsWith("Int = 1"));
      assertThat(blocking.get(2, TimeUnit.MINUTES).text())
          .hasValueSatisfying(t -> assertThat(t).endsWith("Int = 42"));
      // the same session, still this client's to use and to keep alive
      assertThat(s.execute(Code.scala("6 * 7")).text())
          .hasValueSatisfying(t -> assertThat(t).endsWith("Int = 42"));
      assertThat(s.refresh().state()).isEqualTo(SessionState.IDLE);
      assertThat(codes(statements(id)))
          .as("each statement submitted once")
          .containsExactly(running, "21 * 2", "6 * 7");
      awaitOnServer("a keep-alive after the restart", () -> keptAlive.size() > keptAliveBefore);
      assertThat(keptAlive).containsOnly(id);
    } finally {
      caller.shutdownNow();
      client.close();
    }
    assertThat(sessions()).as("deleted by the client's close").contains("\"total\":0");
    awaitOnServer("the session's driver ended", () -> driverCount() == 0);
  }

  @Test
  void aRestartWhileASessionStarts_failsTheCreateClearly_andLeavesNothingBehind() throws Exception {
    try (LivyClient client = client(new SessionListener() {})) {
      Poller<LivySession> starting = client.beginCreateSession(spec("it-recovery-start-"));
      // the server stops within a second of answering the create, before the driver it
      // launched (a JVM loading Spark) can call back with its address, which the state store
      // would keep
      server = server.restartServer();
      assertThatThrownBy(() -> starting.waitForCompletion(Duration.ofMinutes(3)))
          .isInstanceOfSatisfying(
              SessionFailedException.class,
              e -> {
                assertThat(e.state()).isEqualTo(SessionState.DEAD);
                assertThat(e).hasMessageContaining("RSCDriver URI is unknown");
              });
    }
    assertThat(sessions()).contains("\"total\":0");
    awaitOnServer("the starting session's driver ended", () -> driverCount() == 0);
  }

  @Test
  void aRestartDuringABatch_endsItsWait_asTheServerForgotIt_whileTheBatchRunsToItsEnd(
      @TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("batch-out");
    try (LivyClient client = client(new SessionListener() {})) {
      BatchPoller batch =
          client.submitBatch(
              BatchSpec.builder("file://" + server.testAppsJar())
                  .className("org.apache.livy.test.apps.SimpleSparkApp")
                  .args(List.of("file://" + out))
                  .namePrefix("it-recovery-batch-")
                  .build());
      server = server.restartServer();
      assertThatThrownBy(() -> batch.waitForCompletion(Duration.ofMinutes(2)))
          .isInstanceOfSatisfying(
              LivyServiceException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(404);
                assertThat(e).hasMessageContaining("not found");
              });
    }
    awaitOnServer("the batch's driver ended", () -> driverCount() == 0);
    assertThat(out.resolve("_SUCCESS")).as("the batch's output, written all the same").exists();
  }

  private static int driverCount() {
    try {
      return server.drivers().size();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits, by polling the server, until {@code done}: a minute at most. */
  private static void awaitOnServer(String what, BooleanSupplier done) {
    long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within a minute").isLessThan(until);
      try {
        Thread.sleep(200); // real processes on a real server
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static String sessions() throws Exception {
    return get("/sessions");
  }

  private static String statements(SessionId id) {
    try {
      return get("/sessions/" + id + "/statements");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String get(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(server.uri() + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The code of each statement in a statement list, in order. */
  private static List<String> codes(String statementList) {
    List<String> codes = new ArrayList<>();
    Matcher m = Pattern.compile("\"code\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(statementList);
    while (m.find()) {
      codes.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return codes;
  }
}
