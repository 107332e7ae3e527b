package io.github.livy4j.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyEngine;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.testkit.CredentialRecorder;
import io.github.livy4j.testkit.FakeBatch;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.VirtualTime;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The testing guide's snippets, run as the tests they are. */
class TestingWithFakeLivyTest {
  @Test
  void ordersCountsTheOrders_onVirtualTime_andLeavesNoSession() {
    // tag::virtual-time[]
    VirtualTime time = VirtualTime.create();
    try (FakeLivy fake = FakeLivy.builder().time(time).start()) {
      fake.script(
          "SELECT count(*) AS n FROM orders",
          FakeResult.sqlTable(List.of("n"), List.of("long"), List.of(List.of(42))));
      try (LivyClient client =
          LivyClient.builder()
              .backend(ApacheLivy.at(fake.uri()))
              .clock(time.clock())
              .sleeper(time.sleeper())
              .build()) {
        // your code; minutes of polling pass in milliseconds
        assertThat(new Orders(client, SessionSpec.defaults()).count()).isEqualTo(42);
      }
      assertThat(fake.sessionCount()).isZero(); // nothing leaked
    }
    // end::virtual-time[]
  }

  @Test
  void aSubmitWhoseAnswerIsLost_runsOnce() {
    VirtualTime time = VirtualTime.create();
    try (FakeLivy fake = FakeLivy.builder().time(time).start();
        LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(fake.uri()))
                .clock(time.clock())
                .sleeper(time.sleeper())
                .build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
      // tag::faults[]
      fake.inject(Fault.on("POST", "/sessions/\\d+/statements").dropConnectionAfterProcessing());
      fake.inject(Fault.on("GET", "/sessions/\\d+/statements/\\d+").respond(503, "{}").times(2));
      assertThat(session.execute(Code.scala("1 + 1")).text()).contains("res0: Int = 2");
      assertThat(fake.requests())
          .filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/statements"))
          .hasSize(1); // found in the statement list, not sent twice
      // end::faults[]
    }
  }

  @Test
  void aBatchThatFails_failsItsWait() {
    VirtualTime time = VirtualTime.create();
    try (FakeLivy fake = FakeLivy.builder().time(time).start();
        LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(fake.uri()))
                .clock(time.clock())
                .sleeper(time.sleeper())
                .build()) {
      // tag::batches[]
      fake.scriptBatch(
          "com.example.Etl",
          FakeBatch.fails(Duration.ofMinutes(3), "input missing").log("no such file"));
      // end::batches[]
      BatchPoller batch =
          client.submitBatch(BatchSpec.builder("etl.jar").className("com.example.Etl").build());
      assertThatThrownBy(batch::waitForCompletion)
          .isInstanceOf(SessionFailedException.class)
          .hasMessageContaining("no such file");
    }
  }

  @Test
  void eachUsersRequests_carryThatUsersToken() {
    VirtualTime time = VirtualTime.create();
    try (FakeLivy fake = FakeLivy.builder().time(time).acceptTokens(t -> true).start()) {
      // tag::credentials[]
      CredentialRecorder recorder = new CredentialRecorder();
      try (LivyEngine engine =
              LivyEngine.builder()
                  .httpClient(recorder.wrap(HttpClient.newHttpClient()))
                  .sleeper(time.sleeper())
                  .build();
          LivyClient ada =
              LivyClient.builder()
                  .engine(engine)
                  .backend(ApacheLivy.at(fake.uri()))
                  .credential(TokenProviders.fixed("ada-token"))
                  .clock(time.clock())
                  .build();
          LivyClient bob =
              LivyClient.builder()
                  .engine(engine)
                  .backend(ApacheLivy.at(fake.uri()))
                  .credential(TokenProviders.fixed("bob-token"))
                  .clock(time.clock())
                  .build();
          LivySession adas = ada.createSession(SessionSpec.defaults());
          LivySession bobs = bob.createSession(SessionSpec.defaults())) {
        adas.execute(Code.sql("SELECT 1"));
        bobs.execute(Code.sql("SELECT 2"));
        Map<SessionId, Set<String>> seen = recorder.bySession(); // fingerprints, never tokens
        assertThat(seen.get(adas.id())).containsOnly(CredentialRecorder.fingerprint("ada-token"));
        assertThat(seen.get(bobs.id())).containsOnly(CredentialRecorder.fingerprint("bob-token"));
      }
      // end::credentials[]
    }
  }
}
