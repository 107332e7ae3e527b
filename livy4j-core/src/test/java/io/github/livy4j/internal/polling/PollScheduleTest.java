package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.TestTime;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(800), 0.5);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final TestTime time = new TestTime();
  private final AtomicInteger askedLongest = new AtomicInteger();
  private volatile Duration longest;

  /** An operation that only answers how long the poller may wait. */
  private final Pollable<String> op =
      new Pollable<>() {
        @Override
        public String description() {
          return "the scheduled operation";
        }

        @Override
        public Polled<String> look(CallScope scope) {
          throw new AssertionError("a schedule does not look");
        }

        @Override
        public Duration longestDelay() {
          askedLongest.incrementAndGet();
          return longest;
        }

        @Override
        public void cancel(CallScope scope) {}
      };

  private PollSchedule<String> schedule(boolean followProgress) {
    return new PollSchedule<>(op, BACKOFF, time, () -> 0.5, time.instant(), followProgress);
  }

  private static Polled<String> running() {
    return Polled.running("running", null, null);
  }

  private static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }

  @Test
  void followsTheBackoff_byTheAttempt() {
    PollSchedule<String> s = schedule(false);
    assertThat(s.next(running(), 1, Duration.ZERO, MINUTE))
        .isEqualTo(new PollStep.Decision(PollStep.Action.WAIT, millis(100)));
    assertThat(s.next(running(), 3, Duration.ZERO, MINUTE).delay()).isEqualTo(millis(400));
  }

  @Test
  void aFinishedOperation_isDone_andThePastDeadline_aTimeout() {
    PollSchedule<String> s = schedule(false);
    assertThat(
            s.next(Polled.succeeded("available", 1.0, () -> "r"), 1, Duration.ZERO, MINUTE)
                .action())
        .isEqualTo(PollStep.Action.DONE);
    assertThat(s.next(Polled.cancelled("cancelled"), 1, Duration.ZERO, MINUTE).action())
        .isEqualTo(PollStep.Action.DONE);
    assertThat(s.next(running(), 2, MINUTE, MINUTE).action()).isEqualTo(PollStep.Action.TIMEOUT);
    longest = millis(1);
    s.next(running(), 2, MINUTE, MINUTE);
    assertThat(askedLongest).as("only a wait asks for the longest delay").hasValue(0);
  }

  @Test
  void theServersRetryAfter_lengthensTheDelay() {
    Polled<String> throttled =
        new Polled<>(
            PollStatus.IN_PROGRESS, "running", null, null, null, null, Duration.ofSeconds(9), null);
    assertThat(schedule(false).next(throttled, 1, Duration.ZERO, MINUTE).delay())
        .isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void theLastPoll_isAtTheDeadline() {
    assertThat(schedule(false).next(running(), 4, millis(59_950), MINUTE).delay())
        .isEqualTo(millis(50));
  }

  @Test
  void theOperationsLongestDelay_capsTheDelay_butNeverLengthensIt() {
    PollSchedule<String> s = schedule(false);
    longest = millis(150);
    assertThat(s.next(running(), 3, Duration.ZERO, MINUTE))
        .isEqualTo(new PollStep.Decision(PollStep.Action.WAIT, millis(150)));
    longest = Duration.ofSeconds(10);
    assertThat(s.next(running(), 1, Duration.ZERO, MINUTE).delay()).isEqualTo(millis(100));
  }

  @Test
  void followingProgress_pollsByIt_whileNotFollowing_keepsTheBackoff() {
    PollSchedule<String> following = schedule(true);
    PollSchedule<String> notFollowing = schedule(false);
    Polled<String> halfway = Polled.runningFor("running", 0.5, Duration.ofSeconds(10));
    time.advance(Duration.ofSeconds(20));
    // twenty seconds old: the end that half done after 10 s predicts is 10 s away
    assertThat(following.next(halfway, 1, Duration.ZERO, Duration.ofMinutes(5)).delay())
        .isEqualTo(millis(10_220));
    assertThat(notFollowing.next(halfway, 1, Duration.ZERO, Duration.ofMinutes(5)).delay())
        .isEqualTo(millis(100));
    // progress that says nothing leaves the backoff in charge
    assertThat(following.next(running(), 2, Duration.ZERO, Duration.ofMinutes(5)).delay())
        .isEqualTo(millis(200));
  }

  @Test
  void theProgressSuggestion_isCappedByTheLongestDelay_too() {
    PollSchedule<String> s = schedule(true);
    time.advance(Duration.ofSeconds(20));
    longest = Duration.ofSeconds(1);
    assertThat(
            s.next(
                    Polled.runningFor("running", 0.5, Duration.ofSeconds(10)),
                    1,
                    Duration.ZERO,
                    Duration.ofMinutes(5))
                .delay())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void logTransition_returnsTheStateSeen() {
    PollSchedule<String> s = schedule(false);
    assertThat(s.logTransition(null, "starting", millis(100))).isEqualTo("starting");
    assertThat(s.logTransition("starting", "idle", millis(100))).isEqualTo("idle");
  }

  @Test
  void theDeadline_isTheTimeoutPlusItsSlack() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(PollSchedule.slack(millis(500))).isEqualTo(millis(100));
    assertThat(PollSchedule.slack(Duration.ofSeconds(5))).isEqualTo(millis(500));
    assertThat(PollSchedule.slack(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(2));
    assertThat(PollSchedule.deadline(start, Duration.ofSeconds(5)))
        .isEqualTo(start.plusMillis(5_500));
    assertThat(DefaultPoller.slack(MINUTE)).isEqualTo(PollSchedule.slack(MINUTE));
  }
}
