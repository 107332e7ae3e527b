package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollStatus;
import io.github.livy4j.polling.PollingOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollStepTest {
  private static final Duration LONG = Duration.ofHours(1);

  private static List<Long> schedule(Backoff b, int n, double random) {
    List<Long> out = new ArrayList<>();
    Duration elapsed = Duration.ZERO;
    for (int attempt = 1; attempt <= n; attempt++) {
      PollStep.Decision d =
          PollStep.decide(PollStatus.IN_PROGRESS, attempt, elapsed, LONG, b, random, null);
      assertThat(d.action()).isEqualTo(PollStep.Action.WAIT);
      out.add(d.delay().toMillis());
      elapsed = elapsed.plus(d.delay());
    }
    return out;
  }

  @Test
  void defaultStatementSchedule_withoutJitterEffect_isExact() {
    assertThat(schedule(PollingOptions.defaults().statementBackoff(), 11, 0.5))
        .containsExactly(100L, 150L, 225L, 338L, 506L, 759L, 1139L, 1709L, 2000L, 2000L, 2000L);
  }

  @Test
  void defaultSessionSchedule_withoutJitterEffect_isExact() {
    assertThat(schedule(PollingOptions.defaults().sessionBackoff(), 8, 0.5))
        .containsExactly(500L, 750L, 1125L, 1688L, 2531L, 3797L, 5000L, 5000L);
  }

  @Test
  void jitter_staysWithinItsSpread_andNeverExceedsTheCap() {
    Backoff b = Backoff.exponential(Duration.ofMillis(1000), 2.0, Duration.ofMillis(3000), 0.2);
    assertThat(b.delay(1, 0.0)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(1, 0.999999)).isEqualTo(Duration.ofMillis(1200));
    assertThat(b.delay(5, 0.999999)).isEqualTo(Duration.ofMillis(3000));
    assertThat(b.delay(5, 0.0)).isEqualTo(Duration.ofMillis(2400));
  }

  @Test
  void delay_neverRunsPastTheDeadline_soTheLastPollIsAtTheDeadline() {
    Backoff b = Backoff.fixed(Duration.ofSeconds(10));
    PollStep.Decision d =
        PollStep.decide(
            PollStatus.IN_PROGRESS,
            3,
            Duration.ofSeconds(25),
            Duration.ofSeconds(30),
            b,
            0.5,
            null);
    assertThat(d.action()).isEqualTo(PollStep.Action.WAIT);
    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void deadlineReached_timesOut() {
    PollStep.Decision d =
        PollStep.decide(
            PollStatus.IN_PROGRESS,
            9,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Backoff.fixed(Duration.ofSeconds(1)),
            0.5,
            null);
    assertThat(d.action()).isEqualTo(PollStep.Action.TIMEOUT);
  }

  @Test
  void aRetryAfterEndingPastTheDeadline_isRefused_notWaitedOut() {
    Backoff b = Backoff.fixed(Duration.ofMillis(100));
    PollStep.Decision past =
        PollStep.decide(
            PollStatus.IN_PROGRESS,
            3,
            Duration.ofSeconds(50),
            Duration.ofMinutes(1),
            b,
            0.5,
            Duration.ofSeconds(11));
    assertThat(past)
        .isEqualTo(new PollStep.Decision(PollStep.Action.REFUSED, Duration.ofSeconds(11)));
    // one that ends just at the deadline is waited for: the last poll comes at the deadline
    PollStep.Decision atTheDeadline =
        PollStep.decide(
            PollStatus.IN_PROGRESS,
            3,
            Duration.ofSeconds(50),
            Duration.ofMinutes(1),
            b,
            0.5,
            Duration.ofSeconds(10));
    assertThat(atTheDeadline)
        .isEqualTo(new PollStep.Decision(PollStep.Action.WAIT, Duration.ofSeconds(10)));
    // a finished operation is done whatever the server asked
    assertThat(
            PollStep.decide(
                    PollStatus.SUCCEEDED,
                    3,
                    Duration.ofSeconds(50),
                    Duration.ofMinutes(1),
                    b,
                    0.5,
                    Duration.ofDays(1))
                .action())
        .isEqualTo(PollStep.Action.DONE);
  }

  @Test
  void retryAfter_longerThanBackoff_wins() {
    PollStep.Decision d =
        PollStep.decide(
            PollStatus.IN_PROGRESS,
            1,
            Duration.ZERO,
            LONG,
            Backoff.fixed(Duration.ofMillis(100)),
            0.5,
            Duration.ofSeconds(7));
    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(7));
    PollStep.Decision shorter =
        PollStep.decide(
            PollStatus.IN_PROGRESS,
            1,
            Duration.ZERO,
            LONG,
            Backoff.fixed(Duration.ofSeconds(2)),
            0.5,
            Duration.ofSeconds(1));
    assertThat(shorter.delay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void finishedStatuses_areDone_evenPastTheDeadline() {
    for (PollStatus s : List.of(PollStatus.SUCCEEDED, PollStatus.FAILED, PollStatus.CANCELLED)) {
      assertThat(
              PollStep.decide(
                      s,
                      100,
                      LONG.plusSeconds(1),
                      LONG,
                      Backoff.fixed(Duration.ofSeconds(1)),
                      0.5,
                      null)
                  .action())
          .isEqualTo(PollStep.Action.DONE);
    }
  }

  @Test
  void backoff_rejectsNonsense() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, 2, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial");
    assertThatThrownBy(
            () -> Backoff.exponential(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max");
    assertThatThrownBy(
            () -> Backoff.exponential(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier");
    assertThatThrownBy(
            () -> Backoff.exponential(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(1)).delay(0, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PollingOptions.builder().statementTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statementTimeout");
  }

  @Test
  void progressDelay_landsJustAfterThePredictedEnd_withinTheStatementsAge() {
    // half done after 10 s of 20 s running: the end is 10 s away, the age allows it
    assertThat(PollStep.progressDelay(0.5, Duration.ofSeconds(10), Duration.ofSeconds(20)))
        .isEqualTo(Duration.ofMillis(10_220));
    // early progress predicts far: no longer than the age, at least 1 s
    assertThat(PollStep.progressDelay(0.001, Duration.ofMillis(100), Duration.ofMillis(200)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(PollStep.progressDelay(0.01, Duration.ofSeconds(60), Duration.ofSeconds(90)))
        .isEqualTo(Duration.ofSeconds(90));
    // nearly done: soon, but not sooner than a fiftieth of the age
    assertThat(PollStep.progressDelay(0.9999, Duration.ofMinutes(10), Duration.ofMinutes(10)))
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(PollStep.progressDelay(0.99, Duration.ofMillis(100), Duration.ofMillis(150)))
        .isEqualTo(Duration.ofMillis(50));
    // progress that says nothing leaves the backoff in charge
    assertThat(PollStep.progressDelay(null, Duration.ofSeconds(1), Duration.ofSeconds(1))).isNull();
    assertThat(PollStep.progressDelay(0.0, Duration.ofSeconds(1), Duration.ofSeconds(1))).isNull();
    assertThat(PollStep.progressDelay(1.0, Duration.ofSeconds(1), Duration.ofSeconds(1))).isNull();
    assertThat(PollStep.progressDelay(0.5, null, Duration.ofSeconds(1))).isNull();
  }

  @Test
  void aSuggestedDelay_replacesTheBackoff_butStillStopsAtTheDeadline() {
    PollStep.Decision d =
        PollStep.decide(
            PollStatus.IN_PROGRESS,
            3,
            Duration.ofSeconds(5),
            Duration.ofSeconds(8),
            Backoff.fixed(Duration.ofMillis(100)),
            0.5,
            null,
            Duration.ofSeconds(10));
    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(3));
  }
}
