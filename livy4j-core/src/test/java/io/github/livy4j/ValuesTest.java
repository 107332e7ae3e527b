package io.github.livy4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProviders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void accessToken_andFixedProvider_neverShowTheToken() {
    AccessToken t = AccessToken.of("super-secret", Instant.EPOCH);
    assertThat(t.toString()).doesNotContain("super-secret").contains("redacted");
    assertThat(TokenProviders.fixed("super-secret").getToken())
        .hasValueSatisfying(v -> assertThat(v.toString()).doesNotContain("super-secret"));
    assertThat(TokenProviders.none().getToken()).isEmpty();
    assertThatThrownBy(() -> AccessToken.of(" ", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void code_toString_hidesTheCode() {
    assertThat(Code.sql("SELECT password FROM users").toString()).isEqualTo("Code[sql, 26 chars]");
    assertThatThrownBy(() -> Code.scala("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThat(Code.sparkR("1").kind()).isEqualTo(CodeKind.SPARKR);
  }

  @Test
  void states_areOpen_andKeepUnknownsUnknown() {
    assertThat(SessionState.fromWireName("recovering")).isEqualTo(SessionState.RECOVERING);
    assertThat(SessionState.fromWireName("IDLE")).isEqualTo(SessionState.IDLE);
    assertThat(SessionState.fromWireName("brand_new_state")).isEqualTo(SessionState.UNKNOWN);
    assertThat(SessionState.fromWireName(null)).isEqualTo(SessionState.UNKNOWN);
    assertThat(StatementState.fromWireName("Error")).isEqualTo(StatementState.ERROR);
    assertThat(StatementState.fromWireName("queued")).isEqualTo(StatementState.UNKNOWN);
    SessionInfo info = SessionInfo.builder(SessionId.of("g-1"), "brand_new_state").build();
    assertThat(info.state()).isEqualTo(SessionState.UNKNOWN);
    assertThat(info.rawState()).isEqualTo("brand_new_state");
    assertThat(SessionState.DEAD.isFinished()).isTrue();
    assertThat(SessionState.BUSY.isReady()).isTrue();
    assertThat(SessionState.RECOVERING.isStarting()).isTrue();
  }

  @Test
  void ids_areOpaqueNonBlankStrings() {
    assertThat(SessionId.of(5).value()).isEqualTo("5");
    assertThat(SessionId.of("3f1c-guid").toString()).isEqualTo("3f1c-guid");
    assertThat(StatementId.of(0)).isEqualTo(StatementId.of("0"));
    assertThatThrownBy(() -> BatchId.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionSpec_validatesEagerly_withMessagesNamingTheField() {
    assertThatThrownBy(() -> SessionSpec.builder().name("has space"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name 'has space'");
    assertThatThrownBy(() -> SessionSpec.builder().numExecutors(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numExecutors");
    assertThatThrownBy(() -> SessionSpec.builder().ttl(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> SessionSpec.builder().jars(List.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jars");
    assertThatThrownBy(() -> SessionSpec.builder().conf(null, "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
  }

  @Test
  void sessionSpec_toBuilder_keepsEveryField() {
    SessionSpec spec =
        SessionSpec.builder()
            .kind(CodeKind.SQL)
            .name("n1")
            .conf("a", "b")
            .jars(List.of("j"))
            .pyFiles(List.of("p"))
            .files(List.of("f"))
            .archives(List.of("a"))
            .driverMemory("1g")
            .driverCores(1)
            .executorMemory("2g")
            .executorCores(2)
            .numExecutors(3)
            .queue("q")
            .proxyUser("u")
            .heartbeatTimeout(Duration.ofSeconds(60))
            .ttl(Duration.ofMinutes(5))
            .idleTimeout(Duration.ofMinutes(6))
            .initStatement(Code.sql("SELECT 1"))
            .tag("team", "sales")
            .sharedSession("etl")
            .build();
    SessionSpec copy = spec.toBuilder().build();
    assertThat(copy).usingRecursiveComparison().isEqualTo(spec);
    assertThat(copy.tags()).containsEntry("team", "sales");
    assertThat(copy.sharedSessionTag()).contains("etl");
    assertThat(spec.toString()).contains("sql").contains("n1").contains("sharedSession=etl");
    assertThatThrownBy(() -> SessionSpec.builder().tag(" ", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag key");
  }

  @Test
  void clientBuilder_withoutBackend_failsClearly() {
    assertThatThrownBy(() -> LivyClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("backend");
    assertThatThrownBy(() -> LivyClient.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> LivyClient.builder().applicationId("bad id!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applicationId");
    assertThatThrownBy(() -> new RetryOptions(0, RetryOptions.defaults().backoff(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exceptions_carryTheirDetails() {
    ServiceError err =
        new ServiceError(
            404, "GET", "http://h/sessions/9", null, null, "{\"msg\":\"Session '9' not found.\"}");
    SessionNotFoundException e =
        new SessionNotFoundException(
            SessionId.of(9), new LivyServiceException("GET answered 404", err));
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.url()).isEqualTo("http://h/sessions/9");
    assertThat(e.error()).isEqualTo(err);
    SessionInfo dead =
        SessionInfo.builder(SessionId.of(9), "dead")
            .log(List.of("stdout: ", "\nstderr: ", "Error: bad class", ""))
            .build();
    SessionFailedException f = new SessionFailedException("Session failed to start", dead);
    assertThat(f.logTail()).containsExactly("Error: bad class");
    assertThat(f).hasMessageContaining("state dead").hasMessageContaining("Error: bad class");
  }
}
