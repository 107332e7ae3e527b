package io.github.livy4j.internal.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.TestTime;
import io.github.livy4j.polling.Sleeper;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private static final long PATIENCE_SECONDS = 20;

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("ran").isTrue();
  }

  @Test
  void itsThreads_areNamed_andNeverKeepTheJvmAlive() {
    java.util.concurrent.ThreadFactory threads = Scheduler.threads("livy4j-test-");
    Thread t = threads.newThread(() -> {});
    Thread u = threads.newThread(() -> {});
    assertThat(t.getName()).isEqualTo("livy4j-test-1");
    assertThat(u.getName()).isEqualTo("livy4j-test-2");
    assertThat(t.isDaemon()).isTrue();
    assertThat(u.isDaemon()).isTrue();
  }

  @Test
  void aPool_endsItsIdleThreads() {
    java.util.concurrent.ExecutorService pool = Scheduler.pool(3, "livy4j-test-");
    try {
      assertThat(pool)
          .isInstanceOfSatisfying(
              java.util.concurrent.ThreadPoolExecutor.class,
              p -> {
                assertThat(p.getMaximumPoolSize()).isEqualTo(3);
                assertThat(p.allowsCoreThreadTimeOut()).isTrue();
                assertThat(p.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(30);
              });
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void completions_runOnTheCallbackThreads_orOnTheCallerOnceClosed() throws Exception {
    Scheduler s = new Scheduler(new TestTime());
    CompletableFuture<String> open = new CompletableFuture<>();
    CompletableFuture<Thread> openedOn = open.thenApply(v -> Thread.currentThread());
    s.complete(open, "v", null);
    // waits on the dependent only: the thread that completes the future runs it
    assertThat(openedOn.get(PATIENCE_SECONDS, TimeUnit.SECONDS).getName())
        .startsWith("livy4j-callback-");
    assertThat(open.getNow(null)).isEqualTo("v");

    s.close();
    CompletableFuture<String> closed = new CompletableFuture<>();
    CompletableFuture<Thread> closedOn = closed.handle((v, e) -> Thread.currentThread());
    IllegalStateException boom = new IllegalStateException("boom");
    s.complete(closed, null, boom);
    assertThat(closedOn.getNow(null)).isSameAs(Thread.currentThread());
    assertThatThrownBy(closed::join).hasCause(boom);
  }

  @Test
  void onVirtualTime_aDelayIsSleptOnAWorker_andTimedTasksNeverRun() throws Exception {
    TestTime time = new TestTime();
    Scheduler s = new Scheduler(time);
    try {
      CountDownLatch ran = new CountDownLatch(1);
      s.schedule(ran::countDown, Duration.ofSeconds(3), () -> {});
      await(ran);
      assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
      Runnable cancel =
          s.at(
              () -> {
                throw new AssertionError("no real time passes here");
              },
              Duration.ZERO);
      cancel.run();
    } finally {
      s.close();
    }
  }

  @Test
  void onRealTime_timedTasksRun_andCanBeCancelled() throws Exception {
    Scheduler s = new Scheduler(Sleeper.system());
    try {
      CountDownLatch timed = new CountDownLatch(1);
      s.at(timed::countDown, Duration.ofMillis(1));
      await(timed);
      CountDownLatch scheduled = new CountDownLatch(1);
      s.schedule(
          () -> {
            assertThat(Thread.currentThread().getName()).startsWith("livy4j-worker-");
            scheduled.countDown();
          },
          Duration.ofMillis(1),
          () -> {});
      await(scheduled);
      s.at(() -> {}, Duration.ofDays(1)).run();
    } finally {
      s.close();
    }
    // closed: nothing is timed any more, and cancelling that nothing is harmless
    s.at(
            () -> {
              throw new AssertionError("closed");
            },
            Duration.ZERO)
        .run();
    assertThatThrownBy(() -> s.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aSleeperThatDeclaresRealTime_isTimedOnTheRealTimer_asTheSystemSleeperIs() throws Exception {
    // a wrapper of the system sleeper (to log, to count) is not the system sleeper itself
    RecordingSleeper wrapper = new RecordingSleeper(true);
    Scheduler s = new Scheduler(wrapper);
    try {
      CountDownLatch timed = new CountDownLatch(1);
      CountDownLatch scheduled = new CountDownLatch(1);
      CountDownLatch ticked = new CountDownLatch(1);
      s.at(timed::countDown, Duration.ZERO);
      s.schedule(scheduled::countDown, Duration.ofMillis(1), () -> {});
      s.everyTick(ticked::countDown, Duration.ofMillis(1));
      await(timed);
      await(scheduled);
      await(ticked);
      assertThat(wrapper.sleeps).as("asynchronous waits hold no thread").isEmpty();
      assertThat(wrapper.listeners).as("the tick is on the timer").isEmpty();
    } finally {
      s.close();
    }
  }

  @Test
  void onRealTime_theTickComesOnAWorker_untilClosed() throws Exception {
    Scheduler s = new Scheduler(Sleeper.system());
    CountDownLatch ticks = new CountDownLatch(2);
    String[] on = new String[1];
    try {
      s.everyTick(
          () -> {
            on[0] = Thread.currentThread().getName();
            ticks.countDown();
          },
          Duration.ofMillis(1));
      await(ticks);
      assertThat(on[0]).startsWith("livy4j-worker-");
    } finally {
      s.close();
    }
    s.everyTick(
        () -> {
          throw new AssertionError("closed");
        },
        Duration.ZERO);
  }

  @Test
  void onVirtualTime_theTickFollowsTheSleeper() {
    RecordingSleeper virtual = new RecordingSleeper(false);
    Scheduler s = new Scheduler(virtual);
    try {
      int[] ticks = new int[1];
      s.everyTick(() -> ticks[0]++, Duration.ofSeconds(1));
      assertThat(virtual.listeners).hasSize(1);
      virtual.timePassed();
      assertThat(ticks[0]).isOne();
    } finally {
      s.close();
    }
  }

  @Test
  void aSleepCutShort_runsTheInterruptHandlerInsteadOfTheTask() throws Exception {
    Scheduler s =
        new Scheduler(
            d -> {
              throw new InterruptedException();
            });
    try {
      CountDownLatch handled = new CountDownLatch(1);
      boolean[] interruptedThere = new boolean[1];
      s.schedule(
          () -> {
            throw new AssertionError("the task must not run");
          },
          Duration.ofSeconds(1),
          () -> {
            interruptedThere[0] = Thread.currentThread().isInterrupted();
            handled.countDown();
          });
      await(handled);
      assertThat(interruptedThere[0]).isTrue();
    } finally {
      s.close();
    }
  }
}
