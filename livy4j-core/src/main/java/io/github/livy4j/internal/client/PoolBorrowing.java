package io.github.livy4j.internal.client;

import io.github.livy4j.LivySession;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Borrowing from the session pool: a healthy idle session at once, or a place in the queue
 * until one is given back or started, within the borrow's deadline. Each session is checked
 * before it is handed out; one that is not ready is evicted and the borrower tries again.
 */
final class PoolBorrowing {
  private final PoolReturns pool;
  private final DefaultLivyClient client;
  private final PoolInventory<DefaultLivySession> inventory;
  private final PoolRefill refill;

  /**
   * Creates the borrowing of a pool.
   *
   * @param pool the pool, which takes back and evicts sessions and tells its counts
   * @param client the client, whose clock times the borrows
   * @param inventory the pool's bookkeeping
   * @param refill starts sessions while borrowers wait
   */
  PoolBorrowing(
      PoolReturns pool,
      DefaultLivyClient client,
      PoolInventory<DefaultLivySession> inventory,
      PoolRefill refill) {
    this.pool = pool;
    this.client = client;
    this.inventory = inventory;
    this.refill = refill;
  }

  /**
   * Borrows a session.
   *
   * @param timeout how long to wait for one, positive
   * @return the borrowed session; it fails with a {@link PollingTimeoutException} when none
   *     was free in time
   */
  CompletableFuture<LivySession> borrowAsync(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    Instant start = client.context().config.clock().instant();
    CompletableFuture<LivySession> result = new CompletableFuture<>();
    take(start.plus(timeout), start, result);
    return result;
  }

  /** Hands out a healthy warm session, or queues the borrower until one is. */
  private void take(Instant deadline, Instant start, CompletableFuture<LivySession> result) {
    PoolInventory.Taken<DefaultLivySession> taken = inventory.takeOrQueue();
    if (taken == null) {
      result.completeExceptionally(new IllegalStateException("the session pool is closed"));
      return;
    }
    if (taken.session() != null) {
      checkAndHand(taken.session(), deadline, start, result);
      return;
    }
    refill.fill();
    CompletableFuture<DefaultLivySession> queued = taken.queued();
    Duration left = Duration.between(client.context().config.clock().instant(), deadline);
    queued
        .orTimeout(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS)
        .whenComplete(
            (session, e) -> {
              if (e == null) {
                checkAndHand(session, deadline, start, result);
                return;
              }
              inventory.unqueue(queued);
              Throwable t = Futures.unwrap(e);
              result.completeExceptionally(
                  t instanceof TimeoutException
                      ? new PollingTimeoutException(
                          "a session from the pool (" + pool.stats() + ")",
                          Duration.between(start, client.context().config.clock().instant()),
                          "exhausted")
                      : t);
            });
    result.whenComplete(
        (v, e) -> {
          if (result.isCancelled()) {
            queued.cancel(false);
            inventory.unqueue(queued);
          }
        });
  }

  /** Checks a session's health (off the caller's lock) and hands it out, or evicts it. */
  private void checkAndHand(
      DefaultLivySession s,
      Instant deadline,
      Instant start,
      CompletableFuture<LivySession> result) {
    if (result.isDone()) {
      pool.giveBack(s);
      return;
    }
    s.refreshAsync()
        .whenComplete(
            (info, e) -> {
              if (e == null && info.state().isReady()) {
                if (!result.complete(new PooledSession(s, pool, inventory, refill))) {
                  pool.giveBack(s);
                }
                return;
              }
              pool.evict(
                  s,
                  e == null ? "its state is " + info.rawState() : Futures.unwrap(e).getMessage());
              take(deadline, start, result);
            });
  }
}
