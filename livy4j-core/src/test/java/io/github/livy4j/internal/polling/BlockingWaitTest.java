package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.ServiceError;
import io.github.livy4j.TestTime;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.polling.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BlockingWaitTest {
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(800), 0.5);

  private final TestTime time = new TestTime();

  /** The deadline each look and the abandoning saw. */
  private final List<Instant> looks = new CopyOnWriteArrayList<>();

  private final List<Throwable> abandons = new CopyOnWriteArrayList<>();

  /** An operation that runs for ever and notes the deadlines it is called under. */
  private final Pollable<String> forever =
      new Pollable<>() {
        @Override
        public String description() {
          return "the endless operation to finish";
        }

        @Override
        public Polled<String> look(CallScope scope) {
          looks.add(scope.end().orElse(null));
          return Polled.running("running", null, null);
        }

        @Override
        public void cancel(CallScope scope) {}

        @Override
        public void abandon(Throwable reason) {
          abandons.add(reason);
        }
      };

  private BlockingWait<String> waiting() {
    PollState<String> state = new PollState<>(forever, null, time, "waiting");
    PollSchedule<String> schedule =
        new PollSchedule<>(forever, BACKOFF, time, () -> 0.5, state.created(), false);
    return new BlockingWait<>(state, schedule, time, time);
  }

  @Test
  void everyLook_carriesTheWaitsDeadline_andTheOperationIsAbandonedOnce() {
    Instant start = time.instant();
    Instant deadline = start.plusMillis(1_100);
    Throwable thrown =
        catchThrowable(() -> waiting().await(start, Duration.ofSeconds(1), CallScope.NONE));
    assertThat(thrown).isInstanceOf(PollingTimeoutException.class);
    assertThat(looks).hasSize(5).containsOnly(deadline);
    assertThat(abandons).containsExactly(thrown);
  }

  @Test
  void anOuterDeadlineBeforeTheNextLook_endsTheWaitWithoutSleepingToIt() {
    Instant start = time.instant();
    Instant outer = start.plusMillis(150);
    assertThatThrownBy(() -> waiting().await(start, Duration.ofMinutes(1), CallScope.until(outer)))
        .isInstanceOfSatisfying(
            PollingTimeoutException.class,
            e -> assertThat(e.waited()).isEqualTo(Duration.ofMillis(100)));
    // looked at 0 and at 100 ms; the next look, 200 ms later, would be past the outer deadline
    assertThat(time.sleepMillis()).containsExactly(100L);
    assertThat(looks).containsExactly(outer, outer);
    assertThat(abandons).singleElement().isInstanceOf(PollingTimeoutException.class);
  }

  @Test
  void aWaitBeganEarlier_countsItsBeginAgainstTheTimeout() {
    Instant start = time.instant();
    time.advance(Duration.ofMillis(900));
    assertThatThrownBy(() -> waiting().await(start, Duration.ofSeconds(1), CallScope.NONE))
        .isInstanceOfSatisfying(
            PollingTimeoutException.class,
            e -> assertThat(e.waited()).isEqualTo(Duration.ofSeconds(1)));
    assertThat(time.sleepMillis()).containsExactly(100L);
  }

  /** An operation whose look fails, and whose abandoning starts a clean-up. */
  private Pollable<String> failing(CompletableFuture<Void> cleanup, boolean finishIt) {
    return new Pollable<>() {
      @Override
      public String description() {
        return "the failing operation to finish";
      }

      @Override
      public Polled<String> look(CallScope scope) {
        throw new IllegalStateException("the server said no");
      }

      @Override
      public void cancel(CallScope scope) {}

      @Override
      public void abandon(Throwable reason) {
        if (finishIt) {
          CompletableFuture.runAsync(() -> cleanup.complete(null));
        }
      }

      @Override
      public CompletableFuture<Void> cleanup() {
        return cleanup;
      }
    };
  }

  private BlockingWait<String> waiting(Pollable<String> op) {
    PollState<String> state = new PollState<>(op, null, time, "waiting");
    PollSchedule<String> schedule =
        new PollSchedule<>(op, BACKOFF, time, () -> 0.5, state.created(), false);
    return new BlockingWait<>(state, schedule, time, time);
  }

  @Test
  void aFailedWait_letsTheCleanUpFinish_beforeTheCallerHearsOfIt() {
    CompletableFuture<Void> cleanup = new CompletableFuture<>();
    assertThatThrownBy(
            () ->
                waiting(failing(cleanup, true))
                    .await(time.instant(), Duration.ofMinutes(1), CallScope.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the server said no");
    assertThat(cleanup).isDone();
  }

  @Test
  void aCleanUpThatHangs_holdsTheCallerNoLongerThanTheWaitsDeadline() {
    CompletableFuture<Void> cleanup = new CompletableFuture<>();
    long began = System.nanoTime();
    assertThatThrownBy(
            () ->
                waiting(failing(cleanup, false))
                    .await(time.instant(), Duration.ofMillis(200), CallScope.NONE))
        .isInstanceOf(IllegalStateException.class);
    // the deadline is 200 ms plus the 100 ms slack; the clean-up goes on
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
    assertThat(cleanup).isNotDone();
  }

  /** The server's refusal of a look: a 429 asking for a wait. */
  static ThrottledException slowDown(Duration asked) {
    return new ThrottledException(
        "GET http://livy/sessions/0/statements/0 answered 429: slow down",
        new ServiceError(429, "GET", "http://livy/sessions/0/statements/0", null, null, "{}"),
        asked);
  }

  /** An operation whose first looks the server turns away, asking for a wait each time. */
  private Pollable<String> throttled(Duration asked, int refusals) {
    return new Pollable<>() {
      @Override
      public String description() {
        return "the throttled operation to finish";
      }

      @Override
      public Polled<String> look(CallScope scope) {
        looks.add(scope.end().orElse(null));
        if (looks.size() <= refusals) {
          throw slowDown(asked);
        }
        return Polled.succeeded("available", 1.0, () -> "done");
      }

      @Override
      public void cancel(CallScope scope) {}

      @Override
      public void abandon(Throwable reason) {
        abandons.add(reason);
      }
    };
  }

  @Test
  void aWaitTheServerAsksFor_isTaken_whenItEndsBeforeTheDeadline() {
    assertThat(
            waiting(throttled(Duration.ofSeconds(20), 2))
                .await(time.instant(), Duration.ofMinutes(1), CallScope.NONE))
        .isEqualTo("done");
    assertThat(time.sleepMillis()).containsExactly(20_000L, 20_000L);
    assertThat(abandons).isEmpty();
  }

  @Test
  void aWaitTheServerAsksFor_endingPastTheDeadline_endsTheWaitAtOnce_namingIt() {
    Throwable thrown =
        catchThrowable(
            () ->
                waiting(throttled(Duration.ofMinutes(2), 50))
                    .await(time.instant(), Duration.ofMinutes(1), CallScope.NONE));
    assertThat(thrown)
        .isInstanceOfSatisfying(
            ThrottledException.class,
            e -> {
              assertThat(e)
                  .hasMessage(
                      "GET http://livy/sessions/0/statements/0 answered 429: slow down; the"
                          + " server asked to wait 120 s before trying again, past the deadline"
                          + " (60 s left)")
                  .hasCauseInstanceOf(ThrottledException.class);
              assertThat(e.retryAfter()).contains(Duration.ofMinutes(2));
              assertThat(e.statusCode()).isEqualTo(429);
            });
    assertThat(time.sleeps()).isEmpty();
    assertThat(looks).hasSize(1);
    assertThat(abandons).containsExactly(thrown);
  }

  @Test
  void aWaitTheServerAsksFor_endingPastAnOuterDeadline_endsTheWaitAtOnce() {
    Instant start = time.instant();
    assertThatThrownBy(
            () ->
                waiting(throttled(Duration.ofSeconds(20), 50))
                    .await(start, Duration.ofMinutes(1), CallScope.until(start.plusSeconds(10))))
        .isInstanceOf(ThrottledException.class)
        .hasMessageEndingWith(
            "asked to wait 20 s before trying again, past the deadline (10 s left)");
    assertThat(time.sleeps()).isEmpty();
  }
}
