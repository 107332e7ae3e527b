package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyEngine;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.testkit.CredentialRecorder;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many clients on one {@link LivyEngine}: they share its threads and connections, each request
 * carries its own client's credential, and closing a client deletes only its sessions.
 */
class SharedEngineTest {
  private static final int CLIENTS = 40;

  private FakeLivy fake;

  /** Which credential each session's requests came with. */
  private final CredentialRecorder seen = new CredentialRecorder();

  @BeforeEach
  void start() {
    fake =
        FakeLivy.builder().sessionStartup(Duration.ZERO).statementDuration(Duration.ZERO).start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void clientsOnOneEngine_sendTheirOwnTokens_shareTheThreads_andCloseOnlyTheirOwn()
      throws Exception {
    fake.script("who()", FakeResult.text("res0: String = me"));
    LivyEngine engine =
        LivyEngine.builder().httpClient(seen.wrap(HttpClient.newHttpClient())).build();
    List<LivyClient> clients = new ArrayList<>();
    List<CompletableFuture<StatementResult>> runs = new ArrayList<>();
    List<SessionId> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(
            LivyClient.builder()
                .engine(engine)
                .backend(ApacheLivy.at(fake.uri()))
                .credential(TokenProviders.fixed("token-" + i))
                .refuseCredentialsOverPlainHttp(false)
                .deleteSessionsOnShutdown(false)
                .build());
      }
      List<CompletableFuture<LivyAsyncSession>> created = new ArrayList<>();
      for (LivyClient c : clients) {
        created.add(c.async().createSession(SessionSpec.defaults()));
      }
      for (CompletableFuture<LivyAsyncSession> f : created) {
        LivyAsyncSession s = f.get(60, TimeUnit.SECONDS);
        sessions.add(s.id());
        runs.add(s.execute(Code.scala("who()")));
      }
      for (CompletableFuture<StatementResult> r : runs) {
        assertThat(r.get(60, TimeUnit.SECONDS).text()).contains("res0: String = me");
      }
      // every request about a session carried the token of the client that created it
      for (int i = 0; i < CLIENTS; i++) {
        assertThat(seen.bySession().get(sessions.get(i)))
            .as("credentials of session %s", sessions.get(i))
            .containsExactly(CredentialRecorder.fingerprint("token-" + i));
      }
      // forty clients, one set of threads: the engine's (its workers; its callback, HTTP and
      // blocking-call pools; its timer and watchdog), not forty
      int cores = Runtime.getRuntime().availableProcessors();
      int engineThreads = Math.max(4, 2 * cores) + 3 * Math.max(2, cores) + 2;
      List<String> livyThreads =
          Thread.getAllStackTraces().keySet().stream()
              .map(Thread::getName)
              .filter(n -> n.startsWith("livy4j-"))
              .sorted()
              .toList();
      assertThat(livyThreads).hasSizeLessThanOrEqualTo(engineThreads);
      assertThat(engine.toString()).contains("clients=" + CLIENTS);

      // closing one client deletes its session only; the others run on
      clients.get(0).close();
      assertThat(fake.sessionCount()).isEqualTo(CLIENTS - 1);
      assertThat(clients.get(1).attach(sessions.get(1)).async().execute(Code.scala("who()")))
          .succeedsWithin(Duration.ofSeconds(60));
    } finally {
      engine.close();
    }
    // the engine's close closed the clients still open, each deleting its sessions
    assertThat(fake.sessionCount()).isZero();
    assertThatThrownBy(() -> clients.get(2).listSessions())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this LivyClient is closed");
    assertThatThrownBy(
            () -> LivyClient.builder().engine(engine).backend(ApacheLivy.at(fake.uri())).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the LivyEngine is closed");
  }

  @Test
  void theEnginesSettings_areRefusedOnAClientThatSharesIt() {
    try (LivyEngine engine = LivyEngine.create()) {
      assertThatThrownBy(
              () ->
                  LivyClient.builder()
                      .engine(engine)
                      .backend(ApacheLivy.at(fake.uri()))
                      .maxConnections(3)
                      .connectTimeout(Duration.ofSeconds(1))
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "maxConnections, connectTimeout are the LivyEngine's when clients share one: set"
                  + " them on LivyEngine.builder() instead");
      assertThatThrownBy(
              () ->
                  LivyClient.builder()
                      .engine(engine)
                      .backend(ApacheLivy.at(fake.uri()))
                      .sleeper(d -> {})
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("the sleeper is the LivyEngine's");
      assertThatThrownBy(() -> LivyEngine.builder().maxConnections(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxConnections must be at least 1, was 0");
    }
  }
}
