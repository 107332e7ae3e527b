package io.github.livy4j.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.LivyClient;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.fabric.FabricLivy;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health check both Spring Boot lines report: one cheap request, bounded by a timeout. */
class LivyHealthProbeTest {
  private static final String TOKEN = "probe-token-0123456789";

  private final VirtualTime time = VirtualTime.create();
  private FakeLivy fake;
  private LivyClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    fake.close();
  }

  private LivyClient client(LivyBackend backend) {
    client =
        LivyClient.builder()
            .backend(backend)
            .credential(TokenProviders.fixed(TOKEN))
            .clock(time.clock())
            .sleeper(time.sleeper())
            .deleteSessionsOnShutdown(false)
            .build();
    return client;
  }

  @Test
  void up_afterOneRequestForOneItem_howeverManySessionsTheServerHas() {
    fake = FakeLivy.builder().time(time).sessionStartup(Duration.ofSeconds(3)).start();
    LivyClient c = client(ApacheLivy.at(fake.uri()));
    for (int i = 0; i < 3; i++) {
      c.createSession(SessionSpec.defaults());
    }
    fake.clearRequests();

    LivyHealthProbe.Result r = new LivyHealthProbe(c, "apache", Duration.ofSeconds(5)).check();

    assertThat(r.status()).isEqualTo(LivyHealthProbe.Status.UP);
    assertThat(r.details()).containsExactlyEntriesOf(java.util.Map.of("backend", "apache"));
    assertThat(fake.requests())
        .extracting(RecordedRequest::toString)
        .containsExactly("GET /sessions?from=0&size=1");
  }

  @Test
  void onFabric_oneRequestForOneItem() {
    fake = FakeLivy.builder().time(time).fabric().start();
    LivyClient c = client(FabricLivy.builder("w1", "l1").baseUri(fake.uri()).build());

    LivyHealthProbe.Result r = new LivyHealthProbe(c, "fabric", Duration.ofSeconds(5)).check();

    assertThat(r.status()).isEqualTo(LivyHealthProbe.Status.UP);
    assertThat(fake.requests()).hasSize(1);
    assertThat(fake.requests().get(0).path()).endsWith("/sessions");
    assertThat(fake.requests().get(0).query()).isEqualTo("$top=1");
  }

  @Test
  void down_withTheFailure_butNeverTheCredential() {
    fake = FakeLivy.builder().time(time).acceptTokens("another-token"::equals).start();
    LivyHealthProbe probe =
        new LivyHealthProbe(client(ApacheLivy.at(fake.uri())), "apache", Duration.ofSeconds(5));

    LivyHealthProbe.Result r = probe.check();

    assertThat(r.status()).isEqualTo(LivyHealthProbe.Status.DOWN);
    assertThat(r.details()).containsEntry("backend", "apache");
    assertThat((String) r.details().get("error"))
        .startsWith("AuthenticationException: ")
        .contains("401")
        .doesNotContain(TOKEN);
  }

  @Test
  void down_withinTheTimeout_whenTheServerHangs() {
    fake = FakeLivy.builder().time(time).start();
    fake.inject(Fault.on("GET", "/sessions").hang());
    LivyHealthProbe probe =
        new LivyHealthProbe(client(ApacheLivy.at(fake.uri())), "apache", Duration.ofMillis(200));

    LivyHealthProbe.Result r = probe.check();

    assertThat(r.status()).isEqualTo(LivyHealthProbe.Status.DOWN);
    assertThat(r.details()).containsEntry("error", "no answer within 200 ms");
  }

  @Test
  void unknown_whenTheCallerIsInterrupted_whoStaysInterrupted() {
    fake = FakeLivy.builder().time(time).start();
    fake.inject(Fault.on("GET", "/sessions").hang());
    LivyHealthProbe probe =
        new LivyHealthProbe(client(ApacheLivy.at(fake.uri())), "apache", Duration.ofSeconds(5));

    Thread.currentThread().interrupt();
    LivyHealthProbe.Result r = probe.check();

    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertThat(r.status()).isEqualTo(LivyHealthProbe.Status.UNKNOWN);
    assertThat(r.details()).containsEntry("error", "interrupted");
  }

  @Test
  void down_whenTheClientIsClosed() {
    fake = FakeLivy.builder().time(time).start();
    LivyClient c = client(ApacheLivy.at(fake.uri()));
    c.close();

    LivyHealthProbe.Result r = new LivyHealthProbe(c, "apache", Duration.ofSeconds(5)).check();

    assertThat(r.status()).isEqualTo(LivyHealthProbe.Status.DOWN);
    assertThat((String) r.details().get("error")).contains("closed");
  }

  @Test
  void aTimeoutThatIsNotPositive_isRefused_namingTheProperty() {
    fake = FakeLivy.builder().time(time).start();
    LivyClient c = client(ApacheLivy.at(fake.uri()));
    assertThatThrownBy(() -> new LivyHealthProbe(c, "apache", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("livy4j.health.timeout");
  }
}
