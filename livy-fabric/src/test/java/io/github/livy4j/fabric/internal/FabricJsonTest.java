package io.github.livy4j.fabric.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionState;
import org.junit.jupiter.api.Test;

/** Fabric's layered session state, field by field. */
class FabricJsonTest {
  private static SessionInfo parse(String fields) {
    return FabricJson.session("{\"id\":\"7c1d0000-0000-0000-0000-000000000001\"" + fields + "}");
  }

  @Test
  void noStateAtAll_isStillStarting_withThePhase() {
    SessionInfo s = parse(",\"fabricSessionStateInfo\":{\"state\":\"queued\"}");
    assertThat(s.state()).isEqualTo(SessionState.STARTING);
    assertThat(s.rawState()).isEqualTo("queued");
    assertThat(s.phase()).contains("queued");
    assertThat(parse("").state()).isEqualTo(SessionState.STARTING);
    assertThat(parse("").rawState()).isEqualTo("unknown");
  }

  @Test
  void livyInfo_decidesReadiness_overTheTopLevelState() {
    SessionInfo s = parse(",\"state\":\"idle\",\"livyInfo\":{\"currentState\":\"starting\"}");
    assertThat(s.state()).isEqualTo(SessionState.STARTING);
    assertThat(parse(",\"state\":\"starting\",\"livyInfo\":{\"currentState\":\"busy\"}").state())
        .isEqualTo(SessionState.BUSY);
  }

  @Test
  void withoutLivyInfo_theTopLevelStateCounts() {
    assertThat(parse(",\"state\":\"idle\"").state()).isEqualTo(SessionState.IDLE);
    assertThat(parse(",\"state\":\"not_submitted\"").state())
        .isEqualTo(SessionState.NOT_STARTED);
    assertThat(parse(",\"state\":\"submitting\"").rawState()).isEqualTo("submitting");
  }

  @Test
  void everyFailureSignal_isAFailure_withItsReasons() {
    SessionInfo fabricError = parse(",\"fabricSessionStateInfo\":{\"state\":\"error\","
        + "\"errorMessage\":\"library packaging failed\"}");
    assertThat(fabricError.state()).isEqualTo(SessionState.ERROR);
    assertThat(fabricError.errors()).containsExactly("library packaging failed");

    SessionInfo cancelled = parse(",\"fabricSessionStateInfo\":{\"state\":\"cancelled\"}");
    assertThat(cancelled.state()).isEqualTo(SessionState.KILLED);

    SessionInfo result = parse(",\"state\":\"starting\",\"result\":\"Failed\",\"errorInfo\":"
        + "[{\"message\":\"no capacity\",\"errorCode\":\"CapacityLimitExceeded\","
        + "\"source\":\"System\"}]");
    assertThat(result.state()).isEqualTo(SessionState.ERROR);
    assertThat(result.errors()).containsExactly("CapacityLimitExceeded: no capacity");

    assertThat(parse(",\"state\":\"idle\",\"livyInfo\":{\"currentState\":\"dead\"}").state())
        .isEqualTo(SessionState.DEAD);
    assertThat(parse(",\"state\":\"killed\"").state()).isEqualTo(SessionState.KILLED);
  }

  @Test
  void batchSuccess_isSuccess() {
    assertThat(parse(",\"state\":\"success\",\"result\":\"Succeeded\"").state())
        .isEqualTo(SessionState.SUCCESS);
  }

  @Test
  void unreadableAnswers_sayTheOutcomeIsUnknown() {
    assertThatThrownBy(() -> FabricJson.session("{\"id\":"))
        .isInstanceOfSatisfying(LivyClientException.class,
            e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThatThrownBy(() -> FabricJson.session("[1]"))
        .isInstanceOf(LivyClientException.class);
  }
}
