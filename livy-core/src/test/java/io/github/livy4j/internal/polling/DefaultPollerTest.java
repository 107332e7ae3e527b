package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.ServiceError;
import io.github.livy4j.TestTime;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.PollStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultPollerTest {
  private final TestTime time = new TestTime();
  private final Scheduler scheduler = new Scheduler(time);
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(800), 0.5);

  @AfterEach
  void close() {
    scheduler.close();
  }

  /** An operation that plays a script of observations. */
  static final class Scripted implements Operation<String> {
    final Deque<Supplier<Observation<String>>> script = new ArrayDeque<>();
    final AtomicInteger cancels = new AtomicInteger();
    final AtomicInteger abandons = new AtomicInteger();
    final AtomicInteger interrupts = new AtomicInteger();
    Supplier<Observation<String>> last = () -> Observation.running("running", null, 0.5);

    Scripted running(int n) {
      for (int i = 0; i < n; i++) {
        double p = (i + 1) / (double) (n + 1);
        script.add(() -> Observation.running("running", null, p));
      }
      return this;
    }

    Scripted then(Supplier<Observation<String>> o) {
      script.add(o);
      return this;
    }

    @Override
    public String description() {
      return "the test operation to finish";
    }

    @Override
    public Observation<String> observe() {
      Supplier<Observation<String>> next = script.poll();
      return (next != null ? next : last).get();
    }

    @Override
    public void cancel() {
      cancels.incrementAndGet();
      script.clear();
      last = () -> Observation.cancelled("cancelled");
    }

    @Override
    public void abandon(Throwable reason) {
      abandons.incrementAndGet();
    }

    @Override
    public void interrupted() {
      interrupts.incrementAndGet();
    }
  }

  private DefaultPoller<String> poller(Scripted op, Duration timeout) {
    return new DefaultPoller<>(op, BACKOFF, timeout,
        new DefaultPoller.Timing(time, time, () -> 0.5, scheduler), "waiting");
  }

  @Test
  void waitForCompletion_sleepsTheExactBackoffSequence_andReturnsTheResult() {
    Scripted op = new Scripted().running(6)
        .then(() -> Observation.succeeded("available", 1.0, () -> "result"));
    List<PollResponse> seen = new ArrayList<>();
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    p.addListener(seen::add);

    assertThat(p.waitForCompletion()).isEqualTo("result");
    assertThat(time.sleepMillis()).containsExactly(100L, 200L, 400L, 800L, 800L, 800L);
    assertThat(seen).hasSize(7);
    assertThat(seen).extracting(PollResponse::attempt).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(seen.get(6).status()).isEqualTo(PollStatus.SUCCEEDED);
    assertThat(seen.get(6).elapsed()).isEqualTo(Duration.ofMillis(3100));
    assertThat(p.isDone()).isTrue();
    assertThat(p.progress()).hasValue(1.0);
    assertThat(p.result()).isEqualTo("result");
    assertThat(op.abandons).hasValue(0);
  }

  @Test
  void waitForCompletion_deadline_lastPollAtTheDeadline_thenTimesOutAndAbandons() {
    Scripted op = new Scripted();
    DefaultPoller<String> p = poller(op, Duration.ofMillis(1000));
    assertThatThrownBy(p::waitForCompletion).isInstanceOfSatisfying(
        PollingTimeoutException.class, e -> {
          assertThat(e.waited()).isEqualTo(Duration.ofMillis(1000));
          assertThat(e.lastState()).isEqualTo("running");
          assertThat(e).hasMessageContaining("the test operation to finish")
              .hasMessageContaining("1 s");
        });
    // 100 + 200 + 400 = 700, then the remaining 300 so the last poll is at the deadline
    assertThat(time.sleepMillis()).containsExactly(100L, 200L, 400L, 300L);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void failure_isThrown_andTheOperationAbandonedOnce() {
    LivyException boom = new LivyException("boom");
    Scripted op = new Scripted().running(1).then(() -> Observation.failed("dead", boom));
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    assertThatThrownBy(p::waitForCompletion).isSameAs(boom);
    assertThatThrownBy(p::result).isSameAs(boom);
    assertThat(p.latest().status()).isEqualTo(PollStatus.FAILED);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void resultProductionFailure_failsTheWait() {
    LivyException initFailed = new LivyException("init statement failed");
    Scripted op = new Scripted().then(() -> Observation.succeeded("idle", null, () -> {
      throw initFailed;
    }));
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    assertThatThrownBy(p::waitForCompletion).isSameAs(initFailed);
    assertThat(p.latest().status()).isEqualTo(PollStatus.FAILED);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void throttledObservation_waitsAtLeastRetryAfter_andKeepsGoing() {
    Scripted op = new Scripted().then(() -> {
      throw new ThrottledException("429", new ServiceError(429, "GET", "http://h/x", null, null,
          ""), Duration.ofSeconds(9));
    }).then(() -> Observation.succeeded("available", 1.0, () -> "ok"));
    assertThat(poller(op, Duration.ofMinutes(1)).waitForCompletion()).isEqualTo("ok");
    assertThat(time.sleepMillis()).containsExactly(9000L);
  }

  @Test
  void otherObservationErrors_failTheWait_andAbandon() {
    LivyClientException io = new LivyClientException("connection reset", null);
    Scripted op = new Scripted().then(() -> {
      throw io;
    });
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    assertThatThrownBy(p::waitForCompletion).isSameAs(io);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void cancel_thenWait_throwsCancellation() {
    Scripted op = new Scripted();
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    p.poll();
    p.cancel();
    assertThat(op.cancels).hasValue(1);
    assertThatThrownBy(p::waitForCompletion).isInstanceOf(CancellationException.class);
    p.cancel(); // finished: nothing more to cancel
    assertThat(op.cancels).hasValue(1);
  }

  @Test
  void interruptedWait_cancelsRemotely_restoresTheFlag_andThrows() {
    Scripted op = new Scripted();
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(p::waitForCompletion).isInstanceOfSatisfying(
          LivyClientException.class, e -> assertThat(e).hasMessageContaining("Interrupted"));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(op.interrupts).hasValue(1);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void listenerFailure_doesNotStopTheWait() {
    Scripted op = new Scripted().running(1)
        .then(() -> Observation.succeeded("available", 1.0, () -> "done"));
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    p.addListener(r -> {
      throw new IllegalStateException("listener bug");
    });
    assertThat(p.waitForCompletion()).isEqualTo("done");
  }

  @Test
  void asyncDriver_followsTheSameSchedule() throws Exception {
    Scripted op = new Scripted().running(3)
        .then(() -> Observation.succeeded("available", 1.0, () -> "async result"));
    CompletableFuture<String> f = poller(op, Duration.ofMinutes(1)).waitAsync(
        Duration.ofMinutes(1));
    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("async result");
    assertThat(time.sleepMillis()).containsExactly(100L, 200L, 400L);
  }

  @Test
  void asyncDriver_timeout_completesExceptionally() {
    CompletableFuture<String> f = poller(new Scripted(), Duration.ofMinutes(1))
        .waitAsync(Duration.ofMillis(250));
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(PollingTimeoutException.class);
  }

  @Test
  void asyncDriver_cancelTrue_cancelsTheRemoteOperation() {
    Scripted op = new Scripted();
    op.last = () -> {
      throw new AssertionError("not reached");
    };
    op.script.add(() -> Observation.running("running", null, null));
    DefaultPoller<String> p = new DefaultPoller<>(op, Backoff.fixed(Duration.ofDays(1)),
        Duration.ofDays(2), new DefaultPoller.Timing(time, time, () -> 0.5,
            new Scheduler(io.github.livy4j.polling.Sleeper.system())), "waiting");
    CompletableFuture<String> f = p.waitAsync(Duration.ofDays(2));
    assertThat(f.cancel(true)).isTrue();
    assertThat(op.cancels).hasValue(1);
    assertThat(f).isCancelled();
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(() -> poller(new Scripted(), Duration.ofMinutes(1))
        .waitForCompletion(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
