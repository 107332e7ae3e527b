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
  void theSchedulersAndThePluginsPhases_joinFabricsOwn() {
    SessionInfo s =
        parse(
            ",\"state\":\"starting\",\"fabricSessionStateInfo\":{\"state\":"
                + "\"acquiringSession\"},\"schedulerInfo\":{\"submittedAt\":\"2026-01-01T00:00:00Z\","
                + "\"currentState\":\"Scheduled\"},\"pluginInfo\":{\"currentState\":\"Submission\"}");
    assertThat(s.state()).isEqualTo(SessionState.STARTING);
    assertThat(s.phase()).contains("acquiringSession, scheduler Scheduled, plugin Submission");
    assertThat(parse(",\"schedulerInfo\":{\"currentState\":\"Queued\"}").phase())
        .contains("scheduler Queued");
    assertThat(parse(",\"state\":\"idle\"").phase()).isEmpty();
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
    assertThat(parse(",\"state\":\"not_submitted\"").state()).isEqualTo(SessionState.NOT_STARTED);
    assertThat(parse(",\"state\":\"submitting\"").rawState()).isEqualTo("submitting");
  }

  @Test
  void everyFailureSignal_isAFailure_withItsReasons() {
    SessionInfo fabricError =
        parse(
            ",\"fabricSessionStateInfo\":{\"state\":\"error\","
                + "\"errorMessage\":\"library packaging failed\"}");
    assertThat(fabricError.state()).isEqualTo(SessionState.ERROR);
    assertThat(fabricError.errors()).containsExactly("library packaging failed");

    SessionInfo cancelled = parse(",\"fabricSessionStateInfo\":{\"state\":\"cancelled\"}");
    assertThat(cancelled.state()).isEqualTo(SessionState.KILLED);

    SessionInfo result =
        parse(
            ",\"state\":\"starting\",\"result\":\"Failed\",\"errorInfo\":"
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
        .isInstanceOfSatisfying(
            LivyClientException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThatThrownBy(() -> FabricJson.session("[1]")).isInstanceOf(LivyClientException.class);
  }

  private static SessionInfo shared(String fields) {
    return FabricJson.shared(FabricJson.tree("{\"id\":\"h1\"" + fields + "}"), "hc:");
  }

  @Test
  void sharedSessions_readyOnlyWhenIdleWithBothIds_pascalCaseStatesKept() {
    String ids = ",\"sessionId\":\"s1\",\"replId\":\"r1\"";
    assertThat(shared(",\"state\":\"NotStarted\"").state()).isEqualTo(SessionState.NOT_STARTED);
    SessionInfo acquiring =
        shared(",\"state\":\"AcquiringHighConcurrencySession\"," + "\"sessionId\":\"s1\"");
    assertThat(acquiring.state()).isEqualTo(SessionState.STARTING);
    assertThat(acquiring.phase()).contains("AcquiringHighConcurrencySession");
    assertThat(shared(",\"state\":\"Idle\",\"sessionId\":\"s1\"").state())
        .as("no REPL id yet")
        .isEqualTo(SessionState.STARTING);
    SessionInfo idle = shared(",\"state\":\"Idle\"" + ids);
    assertThat(idle.state()).isEqualTo(SessionState.IDLE);
    assertThat(idle.rawState()).isEqualTo("Idle");
    assertThat(idle.id().value()).isEqualTo("hc:h1");
    assertThat(FabricJson.route(FabricJson.tree("{\"id\":\"h1\"" + ids + "}")))
        .containsExactly("s1", "r1");
    assertThat(FabricJson.route(FabricJson.tree("{\"id\":\"h1\",\"sessionId\":\"s1\"}"))).isNull();
    assertThat(shared(",\"state\":\"Busy\"" + ids).state()).isEqualTo(SessionState.BUSY);
    assertThat(shared(",\"state\":\"Dead\"").state()).isEqualTo(SessionState.DEAD);
    assertThat(shared(",\"state\":\"Killed\"").state()).isEqualTo(SessionState.KILLED);
    assertThat(shared(",\"state\":\"Deleting\"").state().isFinished()).isTrue();
    SessionInfo failed =
        shared(
            ",\"state\":\"Failed\",\"errorInfo\":[{\"message\":"
                + "\"no cores\",\"errorCode\":\"CapacityLimitExceeded\"}]");
    assertThat(failed.state()).isEqualTo(SessionState.ERROR);
    assertThat(failed.errors()).containsExactly("CapacityLimitExceeded: no cores");
    assertThatThrownBy(() -> FabricJson.shared(FabricJson.tree("{\"state\":\"Idle\"}"), "hc:"))
        .isInstanceOf(LivyClientException.class)
        .hasMessageContaining("no id");
  }

  @Test
  void listItems_inTheActivityShape_readTheirLivyStateAndResult() {
    assertThat(
            parse(
                    ",\"livyState\":\"idle\",\"result\":\"Uncertain\",\"schedulerState\":"
                        + "\"Scheduled\",\"pluginState\":\"Monitoring\"")
                .state())
        .isEqualTo(SessionState.IDLE);
    assertThat(parse(",\"livyState\":\"busy\"").state()).isEqualTo(SessionState.BUSY);
    SessionInfo done =
        parse(
            ",\"livyState\":\"success\",\"result\":\"Succeeded\","
                + "\"schedulerState\":\"Ended\"");
    assertThat(done.state()).isEqualTo(SessionState.SUCCESS);
    assertThat(done.phase()).contains("scheduler Ended");
    SessionInfo failed =
        parse(
            ",\"livyState\":\"dead\",\"result\":\"Failed\",\"errorCode\":"
                + "\"SparkJobFailed\",\"errorSource\":\"User\"");
    assertThat(failed.state()).isEqualTo(SessionState.DEAD);
    assertThat(failed.errors()).containsExactly("SparkJobFailed (User error)");
    SessionInfo cancelled =
        parse(
            ",\"result\":\"Cancelled\",\"cancellationReason\":"
                + "\"user request\",\"isJobTimedOut\":true,\"schedulerState\":\"Ended\"");
    assertThat(cancelled.state()).isEqualTo(SessionState.KILLED);
    assertThat(cancelled.errors()).contains("cancelled: user request", "the job timed out");
    SessionInfo queued = parse(",\"schedulerState\":\"Queued\",\"pluginState\":\"Queued\"");
    assertThat(queued.state()).isEqualTo(SessionState.STARTING);
    assertThat(queued.phase()).contains("scheduler Queued, plugin Queued");
  }

  @Test
  void batches_readFabricsLayerFromFabricBatchStateInfo() {
    SessionInfo expired =
        parse(
            ",\"fabricBatchStateInfo\":{\"state\":\"expired\","
                + "\"errorMessage\":\"the batch waited too long for capacity\"}");
    assertThat(expired.state()).isEqualTo(SessionState.DEAD);
    assertThat(expired.errors()).containsExactly("the batch waited too long for capacity");
    SessionInfo error =
        parse(
            ",\"state\":\"starting\",\"fabricBatchStateInfo\":{\"state\":"
                + "\"error\",\"errorMessage\":\"library packaging failed\"}");
    assertThat(error.state()).isEqualTo(SessionState.ERROR);
    assertThat(error.errors()).containsExactly("library packaging failed");
    assertThat(parse(",\"fabricBatchStateInfo\":{\"state\":\"cancelled\"}").state())
        .isEqualTo(SessionState.KILLED);
    SessionInfo submitting = parse(",\"fabricBatchStateInfo\":{\"state\":\"submitting\"}");
    assertThat(submitting.state()).isEqualTo(SessionState.STARTING);
    assertThat(submitting.phase()).contains("submitting");
  }

  @Test
  void aHighConcurrencyFailure_carriesItsReasonInFabricSessionStateInfo() {
    SessionInfo s =
        FabricJson.shared(
            FabricJson.tree(
                "{\"id\":\"h1\",\"state\":"
                    + "\"AcquiringHighConcurrencySession\",\"fabricSessionStateInfo\":{\"state\":\"error\","
                    + "\"errorMessage\":\"Capacity pool is out of cores\"}}"),
            "hc:");
    assertThat(s.state()).isEqualTo(SessionState.ERROR);
    assertThat(s.errors()).containsExactly("Capacity pool is out of cores");
    assertThat(
            FabricJson.shared(
                    FabricJson.tree(
                        "{\"id\":\"h1\",\"state\":\"Failed\","
                            + "\"fabricSessionStateInfo\":{\"errorMessage\":\"boom\"}}"),
                    "hc:")
                .errors())
        .containsExactly("boom");
  }

  @Test
  void errorEntries_showWhatTheyHave_andEmptyOnesAreSkipped() {
    SessionInfo s =
        parse(
            ",\"state\":\"starting\",\"errorInfo\":[{\"message\":\"only a"
                + " message\"},{\"errorCode\":\"OnlyACode\"},{\"source\":\"User\"}]");
    assertThat(s.errors()).containsExactly("only a message", "OnlyACode: ");
  }

  @Test
  void aFailedSession_isNamedByTheLayerThatFailed_livyFirst() {
    assertThat(parse(",\"state\":\"error\",\"livyInfo\":{\"currentState\":\"dead\"}").rawState())
        .isEqualTo("dead");
    SessionInfo top = parse(",\"state\":\"killed\",\"livyInfo\":{\"currentState\":" + "\"idle\"}");
    assertThat(top.rawState()).isEqualTo("killed");
    assertThat(top.state()).isEqualTo(SessionState.KILLED);
  }

  @Test
  void aListedItem_succeeds_onlyWhenLivyDoesNotSayOtherwise() {
    assertThat(parse(",\"schedulerState\":\"Ended\",\"result\":\"Succeeded\"").state())
        .isEqualTo(SessionState.SUCCESS);
    assertThat(parse(",\"livyState\":\"running\",\"result\":\"Succeeded\"").state())
        .isEqualTo(SessionState.RUNNING);
    // without Livy's state or a result: ended means nothing known, else still starting
    SessionInfo ended = parse(",\"schedulerState\":\"Ended\"");
    assertThat(ended.state()).isEqualTo(SessionState.UNKNOWN);
    assertThat(ended.rawState()).isEqualTo("Ended");
    assertThat(parse(",\"schedulerState\":\"Scheduled\"").state()).isEqualTo(SessionState.STARTING);
    assertThat(parse(",\"pluginState\":\"Queued\"").rawState()).isEqualTo("unknown");
  }
}
