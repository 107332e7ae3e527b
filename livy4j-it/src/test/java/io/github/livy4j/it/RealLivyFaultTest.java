package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementState;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.StatementPoller;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Faults of a real Apache Livy server, each ending as the fault suite's scenario of the same
 * name does on the testkit: a Spark driver killed under a running statement, and the server
 * restarted during a statement (alone, and with another client's session taking the lost
 * one's id). Each test runs a server of its own.
 */
class RealLivyFaultTest {
  private static final String LONG = "Thread.sleep(120000); 1";

  private static LivyClient client(URI livy) {
    return LivyClient.builder()
        .backend(ApacheLivy.at(livy))
        .deleteSessionsOnShutdown(false)
        .polling(
            PollingOptions.builder()
                .sessionStartTimeout(Duration.ofMinutes(3))
                .statementTimeout(Duration.ofMinutes(2))
                .build())
        .build();
  }

  private static LivySession session(LivyClient client) {
    return client.createSession(
        SessionSpec.builder().kind(CodeKind.SPARK).namePrefix("it-fault-").build());
  }

  /** Waits, by polling, until the statement runs on the server. */
  private static void awaitRunning(StatementPoller p) {
    long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!p.poll().state().equals("running")) {
      assertThat(System.nanoTime()).as("the statement runs within a minute").isLessThan(until);
      sleep(200);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis); // real processes on a real server
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String sessions(URI livy) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(livy + "/sessions"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void aDriverKilledUnderARunningStatement_failsItsWait_asTheKilledSessionScenarioDoes()
      throws Exception {
    try (LocalLivy server = LocalLivy.startOwn("fault-kill");
        LivyClient client = client(server.uri())) {
      LivySession s = session(client);
      StatementPoller p = s.beginExecute(Code.scala(LONG));
      awaitRunning(p);
      assertThat(server.killDrivers()).as("drivers killed").isPositive();
      long began = System.nanoTime();
      assertThatThrownBy(() -> p.waitForCompletion(Duration.ofMinutes(2)))
          .isInstanceOf(SessionFailedException.class)
          .hasMessageContaining("dead");
      assertThat(Duration.ofNanos(System.nanoTime() - began))
          .as("noticed within")
          .isLessThan(Duration.ofSeconds(30));
      s.close();
      assertThat(sessions(server.uri())).contains("\"total\":0");
    }
  }

  @Test
  void aServerRestartedDuringAStatement_endsItsWait_andAnotherSessionWithTheSameIdIsLeftAlone()
      throws Exception {
    LocalLivy server = LocalLivy.startOwn("fault-restart");
    try (LivyClient client = client(server.uri());
        LivyClient other = client(server.uri())) {
      LivySession s = session(client);
      StatementPoller p = s.beginExecute(Code.scala(LONG));
      awaitRunning(p);
      server = server.restart();
      // the restarted server gives the next session the lost one's id, and its first
      // statement the lost statement's id
      LivySession theirs = session(other);
      assertThat(theirs.id()).isEqualTo(s.id());
      assertThat(theirs.execute(Code.scala("21 * 2")).text())
          .hasValueSatisfying(t -> assertThat(t).endsWith("Int = 42"));
      assertThatThrownBy(() -> p.waitForCompletion(Duration.ofMinutes(2)))
          .isInstanceOf(SessionExpiredException.class)
          .hasMessageContaining("gone from the server");
      s.close();
      assertThat(theirs.info().state())
          .as("the other client's session, after this one's close")
          .isEqualTo(SessionState.IDLE);
      assertThat(theirs.statement(p.statementId()).state()).isEqualTo(StatementState.AVAILABLE);
      theirs.close();
      assertThat(sessions(server.uri())).contains("\"total\":0");
    } finally {
      server.close();
    }
  }
}
