package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.TestTime;
import io.github.livy4j.polling.Sleeper;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one choice between the two ways of keeping time. */
class TimekeeperTest {
  private static final Executor INLINE = Runnable::run;

  @Test
  void theSystemSleeper_getsARealTimer() {
    try (Timekeeper t = Timekeeper.of(Sleeper.system(), INLINE)) {
      assertThat(t).isInstanceOf(RealTimekeeper.class);
    }
  }

  @Test
  void aSleeperThatDeclaresRealTime_getsARealTimer_andIsNeverAskedToSleepOrTick() throws Exception {
    RecordingSleeper wrapper = new RecordingSleeper(true);
    try (Timekeeper t = Timekeeper.of(wrapper, INLINE)) {
      assertThat(t).isInstanceOf(RealTimekeeper.class);
      CountDownLatch ran = new CountDownLatch(2);
      t.after(ran::countDown, Duration.ofMillis(1), () -> {});
      t.at(ran::countDown, Duration.ZERO);
      t.everyTick(() -> {}, Duration.ofDays(1));
      assertThat(ran.await(20, TimeUnit.SECONDS)).as("timed on real time").isTrue();
      assertThat(wrapper.sleeps).isEmpty();
      assertThat(wrapper.listeners).isEmpty();
    }
  }

  @Test
  void aVirtualSleeper_keepsItsOwnTime() {
    TestTime time = new TestTime();
    try (Timekeeper t = Timekeeper.of(time, INLINE)) {
      assertThat(t).isInstanceOf(SleeperTimekeeper.class);
      boolean[] ran = new boolean[1];
      t.after(() -> ran[0] = true, Duration.ofSeconds(5), () -> {});
      assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
      assertThat(ran[0]).isTrue();
    }
  }

  @Test
  void aSleeperThatSaysNothing_andOneThatDeclaresOtherwise_keepTheirOwnTime() {
    Sleeper lambda = d -> {};
    RecordingSleeper virtual = new RecordingSleeper(false);
    try (Timekeeper t = Timekeeper.of(lambda, INLINE);
        Timekeeper u = Timekeeper.of(virtual, INLINE)) {
      assertThat(t).isInstanceOf(SleeperTimekeeper.class);
      assertThat(u).isInstanceOf(SleeperTimekeeper.class);
      int[] ticks = new int[1];
      boolean[] stopped = new boolean[1];
      u.everyTick(() -> ticks[0]++, Duration.ofSeconds(1), () -> stopped[0]);
      assertThat(virtual.listeners).hasSize(1);
      virtual.listeners.get(0).run();
      stopped[0] = true;
      virtual.listeners.get(0).run();
      assertThat(ticks[0]).as("ticks, the second after the end").isEqualTo(1);
    }
  }
}
