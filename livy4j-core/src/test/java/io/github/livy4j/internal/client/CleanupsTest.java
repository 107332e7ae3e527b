package io.github.livy4j.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Clean-up runs off the caller's thread, within its budget, and closing waits for it. */
class CleanupsTest {
  private final Clock clock = Clock.systemUTC();

  @Test
  void aCleanUp_runsOnItsOwnThread_underTheCloseBudget() throws Exception {
    Cleanups c = new Cleanups(clock, Duration.ofSeconds(30));
    AtomicReference<String> thread = new AtomicReference<>();
    AtomicReference<Instant> deadline = new AtomicReference<>();
    Instant before = clock.instant();
    c.run(
            "a session",
            call -> {
              thread.set(Thread.currentThread().getName());
              deadline.set(call.end().orElseThrow());
            })
        .get(10, TimeUnit.SECONDS);
    assertThat(thread.get()).startsWith("livy4j-cleanup-");
    assertThat(deadline.get()).isBetween(before.plusSeconds(30), clock.instant().plusSeconds(30));
    c.close(clock.instant());
  }

  @Test
  void closing_waitsForWhatRuns_andRunsLaterCleanUpsOnTheCallersThread() throws Exception {
    Cleanups c = new Cleanups(clock, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> running = c.run("a session", call -> await(release));
    CompletableFuture<Void> closing =
        CompletableFuture.runAsync(() -> c.close(clock.instant().plusSeconds(30)));
    assertThat(closing).as("close waits for the clean-up").isNotDone();
    release.countDown();
    closing.get(10, TimeUnit.SECONDS);
    assertThat(running).isDone();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    assertThat(c.run("after close", call -> ranOn.set(Thread.currentThread()))).isDone();
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void aCleanUpThatFails_isLogged_andCompletesItsFuture() throws Exception {
    Cleanups c = new Cleanups(clock, Duration.ofSeconds(30));
    c.run(
            "a session",
            call -> {
              throw new IllegalStateException("server gone");
            })
        .get(10, TimeUnit.SECONDS);
    c.close(clock.instant());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
