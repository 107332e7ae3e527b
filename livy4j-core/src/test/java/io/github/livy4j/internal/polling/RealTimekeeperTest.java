package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RealTimekeeperTest {
  private static final long PATIENCE_SECONDS = 20;

  private final ExecutorService workers = Scheduler.pool(2, "test-worker-");
  private final RealTimekeeper time = new RealTimekeeper(workers);

  @AfterEach
  void stop() {
    time.close();
    workers.shutdownNow();
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("ran").isTrue();
  }

  @Test
  void aDelay_isTimedOnTheTimer_andTheTaskRunsOnAWorker() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    String[] on = new String[1];
    time.after(
        () -> {
          on[0] = Thread.currentThread().getName();
          ran.countDown();
        },
        Duration.ofMillis(1),
        () -> {
          throw new AssertionError("not interrupted");
        });
    await(ran);
    assertThat(on[0]).startsWith("test-worker-");
  }

  @Test
  void aDelayEndingOnClosedWorkers_runsTheInterruptHandlerInstead() throws Exception {
    workers.shutdownNow();
    CountDownLatch handled = new CountDownLatch(1);
    time.after(
        () -> {
          throw new AssertionError("the task must not run");
        },
        Duration.ZERO,
        handled::countDown);
    await(handled);
  }

  @Test
  void aMoment_comesOnTheTimersThread_andCanBeCancelled() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    String[] on = new String[1];
    time.at(
        () -> {
          on[0] = Thread.currentThread().getName();
          ran.countDown();
        },
        Duration.ZERO);
    await(ran);
    assertThat(on[0]).startsWith("livy4j-timer-");
    CountDownLatch cancelled = new CountDownLatch(1);
    time.at(cancelled::countDown, Duration.ofDays(1)).run();
    assertThat(cancelled.getCount()).isOne();
  }

  @Test
  void theTick_comesAgainAndAgainOnAWorker_oneAtATime() throws Exception {
    CountDownLatch ticks = new CountDownLatch(3);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger offWorker = new AtomicInteger();
    time.everyTick(
        () -> {
          if (running.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          if (!Thread.currentThread().getName().startsWith("test-worker-")) {
            offWorker.incrementAndGet();
          }
          running.decrementAndGet();
          ticks.countDown();
        },
        Duration.ofMillis(1));
    await(ticks);
    assertThat(overlaps).hasValue(0);
    assertThat(offWorker).hasValue(0);
  }

  @Test
  void theTick_endsWhenStopped_andNothingIsTimedForItAfterwards() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(3);
    CountDownLatch after = new CountDownLatch(1);
    time.everyTick(
        () -> {
          ticks.incrementAndGet();
          third.countDown();
        },
        Duration.ofMillis(1),
        () -> third.getCount() == 0);
    await(third);
    // a task timed after the last tick's next one: by then that one has come and found the end
    time.after(after::countDown, Duration.ofMillis(50), () -> {});
    await(after);
    assertThat(time.timed()).as("tasks still timed").isZero();
    assertThat(ticks.get()).isBetween(3, 4);
  }

  @Test
  void aTickThatFails_doesNotStopTheNext() throws Exception {
    CountDownLatch ticks = new CountDownLatch(2);
    time.everyTick(
        () -> {
          ticks.countDown();
          throw new IllegalStateException("boom");
        },
        Duration.ofMillis(1));
    await(ticks);
  }

  @Test
  void onceClosed_nothingIsTimed() {
    time.close();
    assertThatThrownBy(() -> time.after(() -> {}, Duration.ZERO, () -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    time.at(
            () -> {
              throw new AssertionError("closed");
            },
            Duration.ZERO)
        .run();
    time.everyTick(
        () -> {
          throw new AssertionError("closed");
        },
        Duration.ZERO);
  }
}
