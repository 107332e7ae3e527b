package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.ServiceError;
import io.github.livy4j.TestTime;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.polling.DefaultPollerTest.Scripted;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.PollStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PollStateTest {
  private final TestTime time = new TestTime();

  private PollState<String> state(Scripted op) {
    return new PollState<>(op, null, time, "waiting");
  }

  private static Polled<String> done() {
    return Polled.succeeded("available", 1.0, () -> "result");
  }

  private static ThrottledException throttled() {
    return new ThrottledException(
        "429", new ServiceError(429, "GET", "http://h/x", null, null, ""), Duration.ofSeconds(9));
  }

  @Test
  void begins_inTheInitialState_withNoLookYet() {
    PollState<String> s = state(new Scripted());
    assertThat(s.latest().status()).isEqualTo(PollStatus.IN_PROGRESS);
    assertThat(s.latest().state()).isEqualTo("waiting");
    assertThat(s.latest().attempt()).isZero();
    assertThat(s.outcome()).isNull();
    assertThat(s.created()).isEqualTo(time.instant());
  }

  @Test
  void eachLook_isCountedAndAged_andTheOutcomeSettledOnce() {
    Scripted op = new Scripted().running(1).then(PollStateTest::done);
    PollState<String> s = state(op);
    List<PollResponse> heard = new ArrayList<>();
    s.addListener(heard::add);
    time.advance(Duration.ofSeconds(3));
    assertThat(s.poll().attempt()).isEqualTo(1);
    PollResponse last = s.poll();
    assertThat(last.status()).isEqualTo(PollStatus.SUCCEEDED);
    assertThat(last.elapsed()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.outcome().unwrap()).isEqualTo("result");
    assertThat(s.poll()).isSameAs(last);
    assertThat(s.lookUnlessSettled(CallScope.until(time.instant().plusSeconds(1)))).isNull();
    assertThat(s.recordUnlessSettled(done(), null)).isNull();
    assertThat(op.observes).hasValue(2);
    assertThat(heard).hasSize(2).endsWith(last);
  }

  @Test
  void theBlockingLook_isGivenTheWaitsScope() {
    Instant deadline = time.instant().plusSeconds(5);
    Scripted op = new Scripted().then(() -> Polled.running("running", null, null));
    assertThat(state(op).lookUnlessSettled(CallScope.until(deadline)).state()).isEqualTo("running");
    assertThat(op.deadlines).containsExactly(deadline);
  }

  @Test
  void aThrottledLook_isALookThatNothingChanged_withTheServersDelay() {
    PollState<String> s = state(new Scripted());
    s.recordUnlessSettled(Polled.running("running", "queued", 0.25), null);
    Polled<String> obs = s.recordUnlessSettled(null, new CompletionException(throttled()));
    assertThat(obs.status()).isEqualTo(PollStatus.IN_PROGRESS);
    assertThat(obs.state()).isEqualTo("running");
    assertThat(obs.phase()).isEqualTo("queued");
    assertThat(obs.progress()).isEqualTo(0.25);
    assertThat(obs.retryAfter()).isEqualTo(Duration.ofSeconds(9));
    assertThat(s.latest().attempt()).isEqualTo(2);
  }

  @Test
  void aFailedLook_isThrown_asIsOrWrapped() {
    LivyClientException reset = new LivyClientException("connection reset", null);
    PollState<String> s = state(new Scripted());
    assertThatThrownBy(() -> s.recordUnlessSettled(null, new CompletionException(reset)))
        .isSameAs(reset);
    IOException io = new IOException("closed");
    assertThatThrownBy(() -> s.recordUnlessSettled(null, io))
        .isInstanceOf(CompletionException.class)
        .hasCause(io);
    assertThat(s.latest().attempt()).isZero();
  }

  @Test
  void aResultThatCannotBeProduced_failsTheOutcome_andAbandonsOnce() {
    LivyException initFailed = new LivyException("init failed");
    Scripted op =
        new Scripted()
            .then(
                () ->
                    Polled.succeeded(
                        "idle",
                        null,
                        () -> {
                          throw initFailed;
                        }));
    PollState<String> s = state(op);
    assertThat(s.poll().status()).isEqualTo(PollStatus.FAILED);
    assertThatThrownBy(() -> s.outcome().unwrap()).isSameAs(initFailed);
    s.abandonOnce(new IllegalStateException("again"));
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void aCancelledOperation_settlesAsACancellation_withoutAbandoning() {
    Scripted op = new Scripted();
    PollState<String> s = state(op);
    s.cancel();
    assertThat(s.poll().status()).isEqualTo(PollStatus.CANCELLED);
    assertThatThrownBy(() -> s.outcome().unwrap())
        .isInstanceOf(CancellationException.class)
        .hasMessage("the test operation to finish: cancelled");
    s.cancel();
    assertThat(op.cancels).hasValue(1);
    assertThat(op.abandons).hasValue(0);
  }

  @Test
  void aListenerThatFails_isLoggedAndTheOthersStillHear() {
    PollState<String> s = state(new Scripted().then(PollStateTest::done));
    List<PollResponse> heard = new ArrayList<>();
    s.addListener(
        r -> {
          throw new IllegalStateException("listener bug");
        });
    s.addListener(heard::add);
    s.poll();
    assertThat(heard).hasSize(1);
    assertThat(s.outcome().unwrap()).isEqualTo("result");
  }

  @Test
  void timingOut_carriesTheLastStateAndTheCut_andAbandonsOnce() {
    Scripted op = new Scripted();
    PollState<String> s = state(op);
    s.poll();
    DeadlineExceededException cut = new DeadlineExceededException("cut", false);
    PollingTimeoutException e = s.timedOut(Duration.ofSeconds(2), cut);
    assertThat(e.lastState()).isEqualTo("running");
    assertThat(e.waited()).isEqualTo(Duration.ofSeconds(2));
    assertThat(e.getSuppressed()).containsExactly(cut);
    s.timedOut(Duration.ofSeconds(3), null);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void anInterrupt_tellsTheOperation_abandonsIt_andRestoresTheFlag() {
    Scripted op = new Scripted();
    PollState<String> s = state(op);
    try {
      LivyClientException e = s.interrupted(new InterruptedException());
      assertThat(e).hasMessage("Interrupted while waiting for the test operation to finish");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(op.interrupts).hasValue(1);
    assertThat(op.abandons).hasValue(1);
  }
}
