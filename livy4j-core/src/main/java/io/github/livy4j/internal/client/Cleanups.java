package io.github.livy4j.internal.client;

import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.polling.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote clean-up that follows a failed or abandoned operation (deleting a session whose
 * start timed out, or one whose create answer was lost): it runs on a few threads of its own,
 * each task within the client's close budget, so that the caller gets its exception at once and
 * no wait pays for the clean-up. Closing the client waits for what is still running, within the
 * same budget. The threads exist only while there is clean-up to do.
 */
final class Cleanups {
  private static final Logger LOG = LoggerFactory.getLogger(Cleanups.class);
  private static final int THREADS = 4;

  private final Clock clock;
  private final Duration budget;
  private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private ExecutorService pool;
  private boolean closed;

  /**
   * Creates the clean-up of one client.
   *
   * @param clock the clock deadlines are measured with
   * @param budget how long one clean-up may take: the client's close budget
   */
  Cleanups(Clock clock, Duration budget) {
    this.clock = clock;
    this.budget = budget;
  }

  /**
   * Runs a clean-up in the background within the close budget, or on this thread (within the
   * same budget) once the client is closing.
   *
   * @param what what is cleaned up, for the log
   * @param task the clean-up, given the scope of its requests (the budget's deadline); what it
   *     throws is logged
   * @return completes when the clean-up has ended, whatever its outcome
   */
  CompletableFuture<Void> run(String what, Consumer<CallScope> task) {
    CallScope within = CallScope.until(clock.instant().plus(budget));
    Runnable bounded =
        () -> {
          try {
            task.accept(within);
          } catch (RuntimeException e) {
            LOG.warn("Could not clean up {}: {}", what, e.getMessage());
          }
        };
    ExecutorService p;
    synchronized (lock) {
      if (!closed && pool == null) {
        pool = Scheduler.pool(THREADS, "livy4j-cleanup-");
      }
      p = closed ? null : pool;
    }
    if (p == null) {
      bounded.run();
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f;
    try {
      f = CompletableFuture.runAsync(bounded, p);
    } catch (RejectedExecutionException e) {
      bounded.run();
      return CompletableFuture.completedFuture(null);
    }
    pending.add(f);
    f.whenComplete((v, e) -> pending.remove(f));
    return f;
  }

  /**
   * Stops taking clean-ups in the background and waits for those running, until
   * {@code deadline}.
   *
   * @param deadline when to stop waiting
   */
  void close(Instant deadline) {
    ExecutorService p;
    synchronized (lock) {
      closed = true;
      p = pool;
    }
    if (p == null) {
      return;
    }
    p.shutdown();
    Duration left = Duration.between(clock.instant(), deadline);
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | ExecutionException e) {
      LOG.debug("Clean-up still running at close: {}", e.toString());
    }
    p.shutdownNow();
  }
}
