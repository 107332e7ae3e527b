package io.github.livy4j.internal.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many requests may be in flight at once, which bounds the connections: the JDK client
 * opens at most one HTTP/1.1 connection per request in flight. One client's, or shared by the
 * clients of one engine. Waiters are served first come, first served; an asynchronous waiter
 * holds no thread.
 */
public final class Permits {
  private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

  private final int max;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int used;

  /**
   * Creates the bound.
   *
   * @param max how many requests may be in flight at once, at least 1
   */
  public Permits(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    this.max = max;
  }

  /** @return completes when the caller holds a permit, which it must {@link #release} */
  CompletableFuture<Void> acquire() {
    synchronized (this) {
      if (used < max) {
        used++;
        return GRANTED;
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      waiting.add(f);
      return f;
    }
  }

  /**
   * Waits for a permit.
   *
   * @param max how long at most, or {@code null} for as long as it takes
   * @return whether the caller holds a permit
   * @throws InterruptedException if interrupted while waiting (holding none)
   */
  boolean acquire(Duration max) throws InterruptedException {
    CompletableFuture<Void> f = acquire();
    if (f.isDone()) {
      return true;
    }
    try {
      if (max == null) {
        f.get();
      } else {
        f.get(Math.max(0, max.toNanos()), TimeUnit.NANOSECONDS);
      }
      return true;
    } catch (TimeoutException | InterruptedException e) {
      synchronized (this) {
        if (waiting.remove(f)) {
          if (e instanceof InterruptedException ie) {
            throw ie;
          }
          return false;
        }
      }
      // granted while giving up: hand it back
      release();
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns a permit, handing it to the longest waiter. */
  void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        used--;
        return;
      }
    }
    next.complete(null);
  }
}
