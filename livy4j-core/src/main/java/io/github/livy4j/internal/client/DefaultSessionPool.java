package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionPool;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionPool}: its counts kept by a {@link PoolInventory}, its sessions started
 * asynchronously by a {@link PoolRefill}, lent by a {@link PoolBorrowing} as
 * {@link PooledSession}s; this class takes them back, evicts them, and closes the pool.
 */
public final class DefaultSessionPool implements SessionPool, PoolReturns {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultSessionPool.class);

  private final Duration borrowTimeout;
  private final Code resetStatement;
  private final PoolInventory<DefaultLivySession> inventory = new PoolInventory<>();
  private final PoolRefill refill;
  private final PoolBorrowing borrowing;

  private DefaultSessionPool(
      DefaultLivyClient client,
      SessionSpec spec,
      int min,
      int max,
      Duration borrowTimeout,
      Code resetStatement) {
    this.borrowTimeout = borrowTimeout;
    this.resetStatement = resetStatement;
    this.refill = new PoolRefill(this, client, spec, min, max, inventory);
    this.borrowing = new PoolBorrowing(this, client, inventory, refill);
  }

  /**
   * Creates a pool and starts its warm sessions.
   *
   * @param client the client, a livy4j one
   * @param spec the sessions' spec
   * @param min how many to keep warm
   * @param max the most at once
   * @param borrowTimeout the default borrow wait
   * @param resetStatement run on each session given back, or {@code null}
   * @return the pool
   */
  public static SessionPool create(
      LivyClient client,
      SessionSpec spec,
      int min,
      int max,
      Duration borrowTimeout,
      Code resetStatement) {
    if (!(client instanceof DefaultLivyClient c)) {
      throw new IllegalArgumentException(
          "a SessionPool needs a client built by" + " LivyClient.builder()");
    }
    c.context().ensureOpen();
    DefaultSessionPool pool =
        new DefaultSessionPool(c, spec, min, max, borrowTimeout, resetStatement);
    c.onExpiry(pool::expired);
    pool.refill.fill();
    return pool;
  }

  @Override
  public LivySession borrow() {
    return borrow(borrowTimeout);
  }

  @Override
  public LivySession borrow(Duration timeout) {
    CompletableFuture<LivySession> f = borrowAsync(timeout);
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new LivyClientException("Interrupted while borrowing a session", e, false);
    } catch (ExecutionException e) {
      Throwable t = Futures.unwrap(e);
      if (t instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(t);
    }
  }

  @Override
  public CompletableFuture<LivySession> borrowAsync(Duration timeout) {
    return borrowing.borrowAsync(timeout);
  }

  /** The client's lifetime tick deleted a session: a warm one of this pool is replaced. */
  private void expired(SessionExpiredException e) {
    DefaultLivySession gone = inventory.removeIdle(s -> s.id().equals(e.sessionId()));
    if (gone != null) {
      LOG.info("Evicting session {} from the pool: {}", gone.id(), e.getMessage());
      refill.fill();
    }
  }

  /**
   * Takes a session back: reset and handed to the next waiting borrower or kept, evicted if
   * the reset fails, or deleted if the pool was closed meanwhile.
   *
   * @param s the session
   */
  @Override
  public void giveBack(DefaultLivySession s) {
    if (resetStatement != null) {
      try {
        s.execute(resetStatement);
      } catch (LivyException | IllegalStateException e) {
        evict(s, "its reset statement failed: " + e.getMessage());
        return;
      }
    }
    PoolInventory.Placed<DefaultLivySession> placed = inventory.placeReturned(s);
    if (placed.poolClosed()) {
      s.closeAfterFailure(new IllegalStateException("pool closed"));
    } else if (placed.waiter() != null && !placed.waiter().complete(s)) {
      giveBack(s);
    }
  }

  /**
   * Takes a session out of the pool and deletes it, then starts a replacement if one is due.
   *
   * @param s the session
   * @param why for the log
   */
  @Override
  public void evict(DefaultLivySession s, String why) {
    inventory.evict(s);
    LOG.info("Evicting session {} from the pool: {}", s.id(), why);
    try {
      s.close();
    } catch (LivyException | IllegalStateException e) {
      LOG.debug("Deleting evicted session {} failed: {}", s.id(), e.getMessage());
    }
    refill.fill();
  }

  @Override
  public Stats stats() {
    return inventory.stats();
  }

  @Override
  public void close() {
    PoolInventory.Emptied<DefaultLivySession> emptied = inventory.close();
    if (emptied == null) {
      return;
    }
    IllegalStateException poolClosed = new IllegalStateException("the session pool is closed");
    emptied.waiters().forEach(w -> w.completeExceptionally(poolClosed));
    LivyException failed = null;
    for (DefaultLivySession s : emptied.sessions()) {
      try {
        s.close();
      } catch (LivyException e) {
        failed = ClientContext.addSuppressed(failed, e);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  @Override
  public String toString() {
    return "SessionPool[" + stats() + "]";
  }
}
