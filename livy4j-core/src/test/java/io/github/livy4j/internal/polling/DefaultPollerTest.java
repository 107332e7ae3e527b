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
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.PollStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
  static final class Scripted implements Pollable<String> {
    final Deque<Supplier<Polled<String>>> script = new ArrayDeque<>();
    final AtomicInteger cancels = new AtomicInteger();
    final AtomicInteger abandons = new AtomicInteger();
    final AtomicInteger interrupts = new AtomicInteger();
    final AtomicInteger observes = new AtomicInteger();

    /** The operation each look and each cancel ran within. */
    final List<ObservedOperation> within = new CopyOnWriteArrayList<>();

    /** The deadline each look's requests were given, or {@code null} for none. */
    final List<Instant> deadlines = new CopyOnWriteArrayList<>();

    volatile Duration longest;
    Supplier<Polled<String>> last = () -> Polled.running("running", null, 0.5);

    Scripted running(int n) {
      for (int i = 0; i < n; i++) {
        double p = (i + 1) / (double) (n + 1);
        script.add(() -> Polled.running("running", null, p));
      }
      return this;
    }

    Scripted then(Supplier<Polled<String>> o) {
      script.add(o);
      return this;
    }

    Scripted thenAlways(Supplier<Polled<String>> o) {
      last = o;
      return this;
    }

    @Override
    public String description() {
      return "the test operation to finish";
    }

    @Override
    public Polled<String> look(CallScope scope) {
      observes.incrementAndGet();
      within.add(scope.operation() == null ? NO_OP : scope.operation());
      deadlines.add(scope.end().orElse(null));
      Supplier<Polled<String>> next = script.poll();
      return (next != null ? next : last).get();
    }

    @Override
    public Duration longestDelay() {
      return longest;
    }

    @Override
    public void cancel(CallScope scope) {
      within.add(scope.operation() == null ? NO_OP : scope.operation());
      cancels.incrementAndGet();
      script.clear();
      last = () -> Polled.cancelled("cancelled");
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

  /** What {@link Scripted#within} holds for a look outside any operation. */
  private static final ObservedOperation NO_OP = Observers.NONE.start("none", null, null);

  private DefaultPoller<String> poller(Scripted op, Duration timeout) {
    return new DefaultPoller<>(
        op,
        DefaultPoller.Options.of(
            BACKOFF,
            timeout,
            new DefaultPoller.Timing(time, time, () -> 0.5, scheduler),
            "waiting"));
  }

  @Test
  void waitForCompletion_sleepsTheExactBackoffSequence_andReturnsTheResult() {
    Scripted op =
        new Scripted().running(6).then(() -> Polled.succeeded("available", 1.0, () -> "result"));
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
    assertThatThrownBy(p::waitForCompletion)
        .isInstanceOfSatisfying(
            PollingTimeoutException.class,
            e -> {
              assertThat(e.waited()).isEqualTo(Duration.ofMillis(1000));
              assertThat(e.lastState()).isEqualTo("running");
              assertThat(e)
                  .hasMessageContaining("the test operation to finish")
                  .hasMessageContaining("1 s");
              assertThat(e.getSuppressed()).isEmpty();
            });
    // 100 + 200 + 400 = 700, then the remaining 300 so the last poll is at the deadline
    assertThat(time.sleepMillis()).containsExactly(100L, 200L, 400L, 300L);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void failure_isThrown_andTheOperationAbandonedOnce() {
    LivyException boom = new LivyException("boom");
    Scripted op = new Scripted().running(1).then(() -> Polled.failed("dead", boom));
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    assertThatThrownBy(p::waitForCompletion).isSameAs(boom);
    assertThatThrownBy(p::result).isSameAs(boom);
    assertThat(p.latest().status()).isEqualTo(PollStatus.FAILED);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void resultProductionFailure_failsTheWait() {
    LivyException initFailed = new LivyException("init statement failed");
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
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    assertThatThrownBy(p::waitForCompletion).isSameAs(initFailed);
    assertThat(p.latest().status()).isEqualTo(PollStatus.FAILED);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void throttledObservation_waitsAtLeastRetryAfter_andKeepsGoing() {
    Scripted op =
        new Scripted()
            .then(
                () -> {
                  throw new ThrottledException(
                      "429",
                      new ServiceError(429, "GET", "http://h/x", null, null, ""),
                      Duration.ofSeconds(9));
                })
            .then(() -> Polled.succeeded("available", 1.0, () -> "ok"));
    assertThat(poller(op, Duration.ofMinutes(1)).waitForCompletion()).isEqualTo("ok");
    assertThat(time.sleepMillis()).containsExactly(9000L);
  }

  /** A look that found no server: no connection, after the transport's own attempts. */
  private static LivyClientException refused() {
    return new LivyClientException(
        "Could not connect for GET http://h/x: Connection refused",
        new java.net.ConnectException("Connection refused"),
        false);
  }

  @Test
  void aServerAway_forAFewLooks_isWaitedThrough_blockingAndAsync() throws Exception {
    for (boolean async : new boolean[] {false, true}) {
      Scripted op =
          new Scripted()
              .running(1)
              .then(
                  () -> {
                    throw refused();
                  })
              .then(
                  () -> {
                    throw refused();
                  })
              .then(
                  () -> {
                    throw refused();
                  })
              .then(() -> Polled.succeeded("available", 1.0, () -> "ok"));
      DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
      String result =
          async
              ? p.waitAsync(Duration.ofMinutes(1)).get(20, TimeUnit.SECONDS)
              : p.waitForCompletion();
      assertThat(result).as(async ? "async" : "blocking").isEqualTo("ok");
      assertThat(op.abandons).hasValue(0);
    }
  }

  @Test
  void aServerAwayUntilTheDeadline_isAPollingTimeout_carryingTheLastRefusal() {
    Scripted op =
        new Scripted()
            .running(1)
            .thenAlways(
                () -> {
                  throw refused();
                });
    DefaultPoller<String> p = poller(op, Duration.ofSeconds(30));
    assertThatThrownBy(p::waitForCompletion)
        .isInstanceOf(io.github.livy4j.PollingTimeoutException.class)
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .anySatisfy(x -> assertThat(x).hasMessageContaining("Connection refused")));
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void otherObservationErrors_failTheWait_andAbandon() {
    LivyClientException io = new LivyClientException("connection reset", null);
    Scripted op =
        new Scripted()
            .then(
                () -> {
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
      assertThatThrownBy(p::waitForCompletion)
          .isInstanceOfSatisfying(
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
    Scripted op =
        new Scripted().running(1).then(() -> Polled.succeeded("available", 1.0, () -> "done"));
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    p.addListener(
        r -> {
          throw new IllegalStateException("listener bug");
        });
    assertThat(p.waitForCompletion()).isEqualTo("done");
  }

  @Test
  void asyncDriver_followsTheSameSchedule() throws Exception {
    Scripted op =
        new Scripted()
            .running(3)
            .then(() -> Polled.succeeded("available", 1.0, () -> "async result"));
    CompletableFuture<String> f =
        poller(op, Duration.ofMinutes(1)).waitAsync(Duration.ofMinutes(1));
    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("async result");
    assertThat(time.sleepMillis()).containsExactly(100L, 200L, 400L);
  }

  @Test
  void asyncDriver_timeout_completesExceptionally() {
    CompletableFuture<String> f =
        poller(new Scripted(), Duration.ofMinutes(1)).waitAsync(Duration.ofMillis(250));
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(PollingTimeoutException.class);
  }

  @Test
  void asyncDriver_cancelTrue_cancelsTheRemoteOperation() {
    Scripted op = new Scripted();
    op.last =
        () -> {
          throw new AssertionError("not reached");
        };
    op.script.add(() -> Polled.running("running", null, null));
    DefaultPoller<String> p =
        new DefaultPoller<>(
            op,
            DefaultPoller.Options.of(
                Backoff.fixed(Duration.ofDays(1)),
                Duration.ofDays(2),
                new DefaultPoller.Timing(
                    time,
                    time,
                    () -> 0.5,
                    new Scheduler(io.github.livy4j.polling.Sleeper.system())),
                "waiting"));
    CompletableFuture<String> f = p.waitAsync(Duration.ofDays(2));
    assertThat(f.cancel(true)).isTrue();
    assertThat(op.cancels).hasValue(1);
    assertThat(f).isCancelled();
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(
            () -> poller(new Scripted(), Duration.ofMinutes(1)).waitForCompletion(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Polled<String> done() {
    return Polled.succeeded("available", 1.0, () -> "result");
  }

  private static Throwable failureOf(CompletableFuture<String> f) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(20, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    return t.getCause();
  }

  @Test
  void poll_looksOnceACall_untilTheEnd_thenOnlyTellsTheOutcome() {
    Scripted op = new Scripted().running(1).then(DefaultPollerTest::done);
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    List<PollResponse> heard = new ArrayList<>();
    assertThat(p.addListener(heard::add)).isSameAs(p);
    assertThat(p.latest().state()).isEqualTo("waiting");
    assertThat(p.isDone()).isFalse();

    PollResponse first = p.poll();
    assertThat(first.state()).isEqualTo("running");
    assertThat(first.attempt()).isEqualTo(1);
    assertThat(p.latest()).isSameAs(first);
    assertThat(p.isDone()).isFalse();
    assertThat(p.progress()).hasValue(0.5);

    PollResponse second = p.poll();
    assertThat(second.status()).isEqualTo(PollStatus.SUCCEEDED);
    assertThat(p.isDone()).isTrue();
    assertThat(p.poll()).isSameAs(second);
    assertThat(p.result()).isEqualTo("result");
    assertThat(p.waitForCompletion()).isEqualTo("result");
    assertThat(op.observes).hasValue(2);
    assertThat(heard).containsExactly(first, second);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void result_beforeTheEnd_waitsForIt() {
    Scripted op = new Scripted().running(2).then(DefaultPollerTest::done);
    assertThat(poller(op, Duration.ofMinutes(1)).result()).isEqualTo("result");
    assertThat(time.sleepMillis()).containsExactly(100L, 200L);
  }

  @Test
  void theOperationsLongestDelay_capsTheSchedule() {
    Scripted op = new Scripted().running(3).then(DefaultPollerTest::done);
    op.longest = Duration.ofMillis(150);
    assertThat(poller(op, Duration.ofMinutes(1)).waitForCompletion()).isEqualTo("result");
    assertThat(time.sleepMillis()).containsExactly(100L, 150L, 150L);
  }

  @Test
  void followingProgress_pollsByIt_insteadOfTheBackoff() {
    Supplier<Polled<String>> halfway =
        () -> Polled.runningFor("running", 0.5, Duration.ofSeconds(10));
    DefaultPoller.Timing timing = new DefaultPoller.Timing(time, time, () -> 0.5, scheduler);
    DefaultPoller<String> following =
        new DefaultPoller<>(
            new Scripted().then(halfway).then(DefaultPollerTest::done),
            DefaultPoller.Options.of(BACKOFF, Duration.ofMinutes(5), timing, "waiting")
                .withFollowProgress(true));
    DefaultPoller<String> notFollowing =
        new DefaultPoller<>(
            new Scripted().then(halfway).then(DefaultPollerTest::done),
            DefaultPoller.Options.of(BACKOFF, Duration.ofMinutes(5), timing, "waiting"));
    // twenty seconds old: the end that half done after 10 s predicts is 10 s away
    time.advance(Duration.ofSeconds(20));
    following.waitForCompletion();
    assertThat(time.sleepMillis()).containsExactly(10_220L);
    notFollowing.waitForCompletion();
    assertThat(time.sleepMillis()).containsExactly(10_220L, 100L);
  }

  @Test
  void aRequestCutAtTheDeadline_isAPollingTimeout_withTheCutAttached() {
    DeadlineExceededException cut = new DeadlineExceededException("cut", false);
    Scripted op =
        new Scripted()
            .running(1)
            .then(
                () -> {
                  throw cut;
                });
    assertThatThrownBy(() -> poller(op, Duration.ofMinutes(1)).waitForCompletion())
        .isInstanceOfSatisfying(
            PollingTimeoutException.class,
            e -> {
              assertThat(e.getSuppressed()).containsExactly(cut);
              assertThat(e.lastState()).isEqualTo("running");
            });
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void stateChanges_areLoggedOncePerState() {
    Scripted op = new Scripted().running(3).then(DefaultPollerTest::done);
    long mark = io.github.livy4j.CapturedLogs.mark();
    poller(op, Duration.ofMinutes(1)).waitForCompletion();
    assertThat(io.github.livy4j.CapturedLogs.since(mark))
        .filteredOn(l -> l.contains("the test operation to finish: state"))
        .containsExactly(
            "DEBUG io.github.livy4j.internal.polling.DefaultPoller the test"
                + " operation to finish: state running; next poll in 100 ms");
  }

  @Test
  void slack_isATenthOfTheWait_from100MillisTo2Seconds() {
    assertThat(DefaultPoller.slack(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(100));
    assertThat(DefaultPoller.slack(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(500));
    assertThat(DefaultPoller.slack(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void anObservedPoller_looksAndCancelsWithinItsOperation_andEndsIt() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Observers observers =
        new Observers(
            List.of(
                new io.github.livy4j.observe.LivyObserver() {
                  @Override
                  public io.github.livy4j.observe.OperationObserver operationStarted(
                      io.github.livy4j.observe.LivyOperation operation) {
                    return new io.github.livy4j.observe.OperationObserver() {
                      @Override
                      public void stateChanged(String from, String to) {
                        seen.add(from + " -> " + to);
                      }

                      @Override
                      public void ended(Throwable failure) {
                        seen.add("ended " + (failure == null ? "well" : failure.getMessage()));
                      }
                    };
                  }
                }),
            "livy",
            false);
    DefaultPoller.Timing timing = new DefaultPoller.Timing(time, time, () -> 0.5, scheduler);
    ObservedOperation observed = observers.start("statement.completion", null, null);
    Scripted op = new Scripted().running(2).then(DefaultPollerTest::done);
    DefaultPoller<String> p =
        new DefaultPoller<>(
            op,
            DefaultPoller.Options.of(BACKOFF, Duration.ofMinutes(1), timing, "waiting")
                .withObserved(observed));
    p.poll();
    assertThat(p.waitForCompletion()).isEqualTo("result");
    assertThat(op.within).hasSize(3).containsOnly(observed);
    assertThat(seen)
        .containsExactly(
            "null -> waiting", "waiting -> running", "running -> available", "ended well");

    ObservedOperation cancelling = observers.start("statement.completion", null, null);
    Scripted cancelled = new Scripted();
    DefaultPoller<String> c =
        new DefaultPoller<>(
            cancelled,
            DefaultPoller.Options.of(BACKOFF, Duration.ofMinutes(1), timing, "waiting")
                .withObserved(cancelling));
    c.cancel();
    assertThatThrownBy(c::waitForCompletion).isInstanceOf(CancellationException.class);
    assertThat(cancelled.within).containsExactly(cancelling, cancelling);
    assertThat(seen)
        .endsWith("waiting -> cancelled", "ended the test operation to finish: cancelled");

    LivyException boom = new LivyException("boom");
    ObservedOperation failing = observers.start("statement.completion", null, null);
    DefaultPoller<String> f =
        new DefaultPoller<>(
            new Scripted().then(() -> Polled.failed("dead", boom)),
            DefaultPoller.Options.of(BACKOFF, Duration.ofMinutes(1), timing, "waiting")
                .withObserved(failing));
    assertThatThrownBy(f::waitForCompletion).isSameAs(boom);
    assertThat(seen).endsWith("waiting -> dead", "ended boom");
  }

  @Test
  void anObservedPoller_givenUp_endsItsOperationWithWhy() {
    List<Throwable> ends = new CopyOnWriteArrayList<>();
    Observers observers =
        new Observers(
            List.of(
                new io.github.livy4j.observe.LivyObserver() {
                  @Override
                  public io.github.livy4j.observe.OperationObserver operationStarted(
                      io.github.livy4j.observe.LivyOperation operation) {
                    return new io.github.livy4j.observe.OperationObserver() {
                      @Override
                      public void ended(Throwable failure) {
                        ends.add(failure);
                      }
                    };
                  }
                }),
            "livy",
            false);
    Scripted op = new Scripted();
    DefaultPoller<String> p =
        new DefaultPoller<>(
            op,
            DefaultPoller.Options.of(
                    BACKOFF,
                    Duration.ofMinutes(1),
                    new DefaultPoller.Timing(time, time, () -> 0.5, scheduler),
                    "waiting")
                .withObserved(observers.start("statement.completion", null, null)));
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> p.waitForCompletion(Duration.ofSeconds(1)));
    assertThat(thrown).isInstanceOf(PollingTimeoutException.class);
    assertThat(ends).containsExactly(thrown);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void asyncDriver_anOutcomeAlreadyKnown_isTheResultAtOnce() throws Exception {
    Scripted op = new Scripted().then(DefaultPollerTest::done);
    DefaultPoller<String> p = poller(op, Duration.ofMinutes(1));
    p.poll();
    assertThat(p.waitAsync(Duration.ofMinutes(1)).get(20, TimeUnit.SECONDS)).isEqualTo("result");
    assertThat(op.observes).hasValue(1);
  }

  @Test
  void asyncDriver_throttled_waitsAtLeastRetryAfter() throws Exception {
    Scripted op =
        new Scripted()
            .then(
                () -> {
                  throw new ThrottledException(
                      "429",
                      new ServiceError(429, "GET", "http://h/x", null, null, ""),
                      Duration.ofSeconds(9));
                })
            .then(DefaultPollerTest::done);
    assertThat(
            poller(op, Duration.ofMinutes(1))
                .waitAsync(Duration.ofMinutes(1))
                .get(20, TimeUnit.SECONDS))
        .isEqualTo("result");
    assertThat(time.sleepMillis()).containsExactly(9000L);
  }

  @Test
  void asyncDriver_aFailedLook_failsTheWait_andAbandonsOnce() {
    LivyClientException reset = new LivyClientException("connection reset", null);
    Scripted op =
        new Scripted()
            .running(1)
            .then(
                () -> {
                  throw reset;
                });
    assertThat(failureOf(poller(op, Duration.ofMinutes(1)).waitAsync(Duration.ofMinutes(1))))
        .isSameAs(reset);
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void asyncDriver_aRequestCutAtTheDeadline_isAPollingTimeout() {
    DeadlineExceededException cut = new DeadlineExceededException("cut", false);
    Scripted op =
        new Scripted()
            .then(
                () -> {
                  throw cut;
                });
    assertThat(failureOf(poller(op, Duration.ofMinutes(1)).waitAsync(Duration.ofMinutes(1))))
        .isInstanceOfSatisfying(
            PollingTimeoutException.class, e -> assertThat(e.getSuppressed()).containsExactly(cut));
    assertThat(op.abandons).hasValue(1);
  }

  @Test
  void asyncDriver_aPauseCutShort_isAnInterruptedWait() {
    Scheduler interrupting =
        new Scheduler(
            d -> {
              throw new InterruptedException();
            });
    try {
      Scripted op = new Scripted();
      DefaultPoller<String> p =
          new DefaultPoller<>(
              op,
              DefaultPoller.Options.of(
                  BACKOFF,
                  Duration.ofMinutes(1),
                  new DefaultPoller.Timing(time, time, () -> 0.5, interrupting),
                  "waiting"));
      assertThat(failureOf(p.waitAsync(Duration.ofMinutes(1))))
          .isInstanceOf(LivyClientException.class)
          .hasMessage("Interrupted while waiting for the test operation to finish");
      assertThat(op.interrupts).hasValue(1);
      assertThat(op.abandons).hasValue(1);
    } finally {
      interrupting.close();
    }
  }

  @Test
  void asyncDriver_theClientClosedBetweenLooks_failsTheWait() {
    Scripted op =
        new Scripted()
            .then(
                () -> {
                  scheduler.close();
                  return Polled.running("running", null, null);
                });
    assertThat(failureOf(poller(op, Duration.ofMinutes(1)).waitAsync(Duration.ofMinutes(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("client is closed");
    assertThat(
            failureOf(
                poller(new Scripted(), Duration.ofMinutes(1)).waitAsync(Duration.ofMinutes(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("client is closed");
  }

  @Test
  void asyncDriver_cancelledAfterTheEnd_cancelsNothing() throws Exception {
    Scripted op = new Scripted().then(DefaultPollerTest::done);
    CompletableFuture<String> f =
        poller(op, Duration.ofMinutes(1)).waitAsync(Duration.ofMinutes(1));
    assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo("result");
    assertThat(f.cancel(true)).isFalse();
    assertThat(op.cancels).hasValue(0);
  }

  @Test
  void asyncDriver_timeoutMustBePositive() {
    assertThatThrownBy(
            () -> poller(new Scripted(), Duration.ofMinutes(1)).waitAsync(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void asyncDriver_onRealTime_endsAtTheDeadline_evenIfALookNeverEnds() {
    Scheduler real = new Scheduler(io.github.livy4j.polling.Sleeper.system());
    try {
      Pollable<String> hanging =
          new Pollable<>() {
            @Override
            public String description() {
              return "the hanging operation to finish";
            }

            @Override
            public Polled<String> look(CallScope scope) {
              throw new AssertionError("the asynchronous driver looks asynchronously");
            }

            @Override
            public CompletableFuture<Polled<String>> lookAsync(CallScope scope) {
              return new CompletableFuture<>();
            }

            @Override
            public void cancel(CallScope scope) {}
          };
      DefaultPoller<String> p =
          new DefaultPoller<>(
              hanging,
              DefaultPoller.Options.of(
                  BACKOFF,
                  Duration.ofMinutes(1),
                  new DefaultPoller.Timing(time, time, () -> 0.5, real),
                  "waiting"));
      assertThat(failureOf(p.waitAsync(Duration.ofMillis(50))))
          .isInstanceOfSatisfying(
              PollingTimeoutException.class, e -> assertThat(e.lastState()).isEqualTo("waiting"));
    } finally {
      real.close();
    }
  }
}
