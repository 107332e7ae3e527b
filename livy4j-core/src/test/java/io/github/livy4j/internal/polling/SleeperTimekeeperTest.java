package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SleeperTimekeeperTest {
  private final RecordingSleeper sleeper = new RecordingSleeper(false);
  private final List<Runnable> handed = new ArrayList<>();

  /** Workers that run each task at once, on this thread, and remember it was handed on. */
  private final Executor workers =
      r -> {
        handed.add(r);
        r.run();
      };

  private final SleeperTimekeeper time = new SleeperTimekeeper(sleeper, workers);

  @Test
  void aDelay_isSleptThroughTheSleeper_onAWorker_thenTheTaskRuns() {
    List<String> seen = new ArrayList<>();
    time.after(
        () -> seen.add("task after " + sleeper.sleeps),
        Duration.ofSeconds(3),
        () -> seen.add("interrupted"));
    assertThat(handed).hasSize(1);
    assertThat(seen).containsExactly("task after [PT3S]");
  }

  @Test
  void aSleepCutShort_runsTheInterruptHandler_withTheFlagSetAgain() {
    List<String> seen = new ArrayList<>();
    boolean[] flagged = new boolean[1];
    Thread.currentThread().interrupt();
    time.after(
        () -> seen.add("task"),
        Duration.ofSeconds(1),
        () -> {
          flagged[0] = Thread.currentThread().isInterrupted();
          seen.add("interrupted");
        });
    assertThat(Thread.interrupted()).as("still interrupted").isTrue();
    assertThat(flagged[0]).isTrue();
    assertThat(seen).containsExactly("interrupted");
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void closedWorkers_rejectADelay() {
    SleeperTimekeeper closed =
        new SleeperTimekeeper(
            sleeper,
            r -> {
              throw new RejectedExecutionException("closed");
            });
    assertThatThrownBy(() -> closed.after(() -> {}, Duration.ZERO, () -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void aMomentOfRealTime_neverComes_andCancellingItIsHarmless() {
    Runnable cancel =
        time.at(
            () -> {
              throw new AssertionError("no real time passes here");
            },
            Duration.ZERO);
    cancel.run();
    assertThat(handed).isEmpty();
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void theTick_followsTheSleepersTime_whateverThePeriod() {
    int[] ticks = new int[1];
    time.everyTick(() -> ticks[0]++, Duration.ofSeconds(1));
    assertThat(ticks[0]).isZero();
    sleeper.timePassed();
    sleeper.timePassed();
    assertThat(ticks[0]).isEqualTo(2);
    assertThat(handed).as("on the thread that moved the time").isEmpty();
  }

  @Test
  void closing_holdsNothingToStop() {
    time.close();
    time.after(() -> {}, Duration.ofSeconds(2), () -> {});
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2));
  }
}
