package io.github.livy4j.internal.client;

import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the session pool filled: starts sessions asynchronously until {@code min} are there,
 * or, while borrowers wait, up to {@code max}, and hands each started one to the first waiting
 * borrower or to the idle ones. After a failed start it pauses before trying again.
 */
final class PoolRefill {
  // logged under the pool's name, the one users configure
  private static final Logger LOG = LoggerFactory.getLogger(DefaultSessionPool.class);

  /** The pause before starting again after a session failed to start. */
  private static final Duration RESTART_PAUSE = Duration.ofSeconds(5);

  private final PoolReturns pool;
  private final DefaultLivyClient client;
  private final SessionSpec spec;
  private final int min;
  private final int max;
  private final PoolInventory<DefaultLivySession> inventory;

  /**
   * Creates the refill of a pool.
   *
   * @param pool the pool, which takes back a session a borrower no longer wanted
   * @param client the client the sessions are started with
   * @param spec the sessions' spec
   * @param min how many to keep warm
   * @param max the most at once
   * @param inventory the pool's bookkeeping
   */
  PoolRefill(
      PoolReturns pool,
      DefaultLivyClient client,
      SessionSpec spec,
      int min,
      int max,
      PoolInventory<DefaultLivySession> inventory) {
    this.pool = pool;
    this.client = client;
    this.spec = spec;
    this.min = min;
    this.max = max;
    this.inventory = inventory;
  }

  /** Starts sessions until {@code min} are there, or, while borrowers wait, up to {@code max}. */
  void fill() {
    int toStart = inventory.reserveStarts(min, max);
    for (int i = 0; i < toStart; i++) {
      startOne();
    }
  }

  private void startOne() {
    CompletableFuture<LivyAsyncSession> f;
    try {
      f = client.async().createSession(spec);
    } catch (RuntimeException e) {
      started(null, e);
      return;
    }
    f.whenComplete(
        (s, e) -> {
          DefaultLivySession session = s == null ? null : (DefaultLivySession) s.sync();
          if (session != null) {
            session.lifetime().holdWarm(true); // kept alive while in the pool, borrowed or not
          }
          started(session, e);
        });
  }

  /** Places a session started, or pauses after a failed start. */
  private void started(DefaultLivySession s, Throwable failure) {
    PoolInventory.Placed<DefaultLivySession> placed = inventory.placeStarted(s);
    if (failure != null) {
      LOG.warn("A session for the pool failed to start: {}", Futures.unwrap(failure).getMessage());
      pauseThenFill();
      return;
    }
    if (placed.poolClosed()) {
      s.closeAfterFailure(new IllegalStateException("pool closed"));
    } else if (placed.waiter() != null && !placed.waiter().complete(s)) {
      pool.giveBack(s);
    }
  }

  /** After a failed start, waits a moment before trying again, so failures do not spin. */
  private void pauseThenFill() {
    if (!inventory.pauseStarts()) {
      return;
    }
    AtomicBoolean once = new AtomicBoolean();
    Runnable resume =
        () -> {
          if (once.compareAndSet(false, true)) {
            inventory.resumeStarts();
            fill();
          }
        };
    try {
      client.context().scheduler().schedule(resume, RESTART_PAUSE, () -> {});
    } catch (RuntimeException e) {
      // the client is closed: nothing more to start
    }
  }
}
