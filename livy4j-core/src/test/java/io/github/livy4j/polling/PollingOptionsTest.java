package io.github.livy4j.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PollingOptionsTest {
  private static final Backoff FAST = Backoff.fixed(Duration.ofMillis(10));
  private static final Backoff SLOW = Backoff.fixed(Duration.ofSeconds(10));

  @Test
  void theBuilder_setsEachOption_andKeepsTheRest() {
    PollingOptions o =
        PollingOptions.builder()
            .statementBackoff(FAST)
            .sessionBackoff(SLOW)
            .sessionStartTimeout(Duration.ofMinutes(3))
            .statementTimeout(Duration.ofMinutes(7))
            .followProgress(false)
            .build();
    assertThat(o)
        .isEqualTo(
            new PollingOptions(FAST, SLOW, Duration.ofMinutes(3), Duration.ofMinutes(7), false));
    PollingOptions both = o.toBuilder().timeout(Duration.ofHours(2)).build();
    assertThat(both)
        .isEqualTo(new PollingOptions(FAST, SLOW, Duration.ofHours(2), Duration.ofHours(2), false));
    assertThat(PollingOptions.defaults().toBuilder().build()).isEqualTo(PollingOptions.defaults());
    assertThat(PollingOptions.defaults().followProgress()).isTrue();
    assertThat(PollingOptions.defaults().sessionStartTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(PollingOptions.defaults().statementTimeout()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void deadlinesMustBePositive_andBackoffsPresent() {
    PollingOptions.Builder b = PollingOptions.builder();
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertThatThrownBy(() -> b.sessionStartTimeout(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sessionStartTimeout must be positive, was " + bad);
      assertThatThrownBy(() -> b.timeout(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> b.statementTimeout(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.statementBackoff(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.sessionBackoff(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> new PollingOptions(FAST, SLOW, Duration.ofSeconds(1), Duration.ZERO, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statementTimeout");
    assertThat(b.statementTimeout(Duration.ofNanos(1)).build().statementTimeout())
        .isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void backoff_acceptsTheEdgesOfItsRanges() {
    assertThat(
            Backoff.exponential(Duration.ofMillis(100), 1.0, Duration.ofMillis(100), 1.0)
                .delay(1, 0.0))
        .isEqualTo(Duration.ZERO);
    assertThat(
            Backoff.exponential(Duration.ofMillis(100), 1.0, Duration.ofMillis(100), 0.0)
                .delay(3, 0.0))
        .isEqualTo(Duration.ofMillis(100));
    assertThatThrownBy(
            () -> Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), -0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Backoff.exponential(
                    Duration.ofMillis(100), Double.POSITIVE_INFINITY, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> Backoff.exponential(Duration.ofMillis(100), Double.NaN, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPollResponse_tellsItsProgressAndPhase_whenKnown() {
    PollResponse known =
        new PollResponse(PollStatus.IN_PROGRESS, "running", "compiling", 0.25, 1, Duration.ZERO);
    assertThat(known.progressValue()).isEqualTo(OptionalDouble.of(0.25));
    assertThat(known.phaseValue()).contains("compiling");
    PollResponse unknown =
        new PollResponse(PollStatus.IN_PROGRESS, "running", null, null, 1, Duration.ZERO);
    assertThat(unknown.progressValue()).isEmpty();
    assertThat(unknown.phaseValue()).isEmpty();
    assertThat(PollStatus.IN_PROGRESS.isDone()).isFalse();
    assertThat(PollStatus.CANCELLED.isDone()).isTrue();
  }

  @Test
  void theSystemSleeper_blocksForReal_andHearsInterrupts() throws Exception {
    Sleeper system = Sleeper.system();
    assertThat(system).isSameAs(Sleeper.system()).isNotNull();
    system.sleep(Duration.ofNanos(1));
    Thread.currentThread().interrupt();
    try {
      // nothing to wait for: an interrupt is not heard
      system.sleep(Duration.ZERO);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThatThrownBy(() -> system.sleep(Duration.ofMillis(1)))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
    system.onTimePassed(
        () -> {
          throw new AssertionError("real time is timed by the client");
        });
  }
}
