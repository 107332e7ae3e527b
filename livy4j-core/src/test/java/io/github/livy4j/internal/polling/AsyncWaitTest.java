package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.livy4j.TestTime;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.polling.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncWaitTest {
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(800), 0.5);

  private final TestTime time = new TestTime();
  private final Scheduler scheduler = new Scheduler(time);

  /** The deadline each asynchronous look began under. */
  private final List<Instant> looks = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    scheduler.close();
  }

  /** An operation that finishes at its third look and notes each look's deadline. */
  private final Pollable<String> third =
      new Pollable<>() {
        @Override
        public String description() {
          return "the third-time operation to finish";
        }

        @Override
        public Polled<String> look(CallScope scope) {
          throw new AssertionError("the asynchronous driver looks asynchronously");
        }

        @Override
        public CompletableFuture<Polled<String>> lookAsync(CallScope scope) {
          looks.add(scope.end().orElse(null));
          return CompletableFuture.completedFuture(
              looks.size() < 3
                  ? Polled.running("running", null, null)
                  : Polled.succeeded("available", 1.0, () -> "done"));
        }

        @Override
        public void cancel(CallScope scope) {}
      };

  private CompletableFuture<String> begin(Scheduler on, Instant start, Duration timeout) {
    PollState<String> state = new PollState<>(third, null, time, "waiting");
    PollSchedule<String> schedule =
        new PollSchedule<>(third, BACKOFF, time, () -> 0.5, state.created(), false);
    return AsyncWait.begin(
        state, schedule, new DefaultPoller.Timing(time, time, () -> 0.5, on), start, timeout);
  }

  @Test
  void eachLook_beginsUnderTheWaitsDeadline_andTheScheduleSpacesThem() throws Exception {
    Instant start = time.instant();
    assertThat(begin(scheduler, start, Duration.ofMinutes(1)).get(20, TimeUnit.SECONDS))
        .isEqualTo("done");
    assertThat(looks).hasSize(3).containsOnly(start.plusSeconds(62));
    assertThat(time.sleepMillis()).containsExactly(100L, 200L);
  }

  @Test
  void aClosedScheduler_failsTheWaitAtOnce() {
    scheduler.close();
    Throwable t =
        catchThrowable(
            () ->
                begin(scheduler, time.instant(), Duration.ofMinutes(1)).get(20, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("client is closed");
    assertThat(looks).isEmpty();
  }

  /** An operation whose looks the server turns away, asking for a wait each time, until {@code refusals} have been. */
  private Pollable<String> throttled(Duration asked, int refusals) {
    return new Pollable<>() {
      @Override
      public String description() {
        return "the throttled operation to finish";
      }

      @Override
      public Polled<String> look(CallScope scope) {
        throw new AssertionError("the asynchronous driver looks asynchronously");
      }

      @Override
      public CompletableFuture<Polled<String>> lookAsync(CallScope scope) {
        looks.add(scope.end().orElse(null));
        return looks.size() <= refusals
            ? CompletableFuture.failedFuture(BlockingWaitTest.slowDown(asked))
            : CompletableFuture.completedFuture(Polled.succeeded("available", 1.0, () -> "done"));
      }

      @Override
      public void cancel(CallScope scope) {}
    };
  }

  private CompletableFuture<String> begin(Pollable<String> op, Duration timeout) {
    PollState<String> state = new PollState<>(op, null, time, "waiting");
    PollSchedule<String> schedule =
        new PollSchedule<>(op, BACKOFF, time, () -> 0.5, state.created(), false);
    return AsyncWait.begin(
        state,
        schedule,
        new DefaultPoller.Timing(time, time, () -> 0.5, scheduler),
        time.instant(),
        timeout);
  }

  @Test
  void aWaitTheServerAsksFor_isTaken_whenItEndsBeforeTheDeadline() throws Exception {
    assertThat(
            begin(throttled(Duration.ofSeconds(20), 2), Duration.ofMinutes(1))
                .get(20, TimeUnit.SECONDS))
        .isEqualTo("done");
    assertThat(time.sleepMillis()).containsExactly(20_000L, 20_000L);
  }

  @Test
  void aWaitTheServerAsksFor_endingPastTheDeadline_failsTheWaitAtOnce_namingIt() {
    Throwable t =
        catchThrowable(
            () ->
                begin(throttled(Duration.ofMinutes(2), 50), Duration.ofMinutes(1))
                    .get(20, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause())
        .isInstanceOfSatisfying(
            ThrottledException.class,
            e -> {
              assertThat(e)
                  .hasMessageEndingWith(
                      "slow down; the server asked to wait 120 s before trying again, past the"
                          + " deadline (60 s left)");
              assertThat(e.retryAfter()).contains(Duration.ofMinutes(2));
            });
    assertThat(time.sleeps()).isEmpty();
    assertThat(looks).hasSize(1);
  }
}
