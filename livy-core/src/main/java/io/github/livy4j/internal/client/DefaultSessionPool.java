package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.LogPage;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionPool;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementResult;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link SessionPool}: a lock around its counts, sessions started asynchronously. */
public final class DefaultSessionPool implements SessionPool {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultSessionPool.class);
  /** The pause before starting again after a session failed to start. */
  private static final Duration RESTART_PAUSE = Duration.ofSeconds(5);

  private final DefaultLivyClient client;
  private final SessionSpec spec;
  private final int min;
  private final int max;
  private final Duration borrowTimeout;
  private final Code resetStatement;
  private final Object lock = new Object();
  private final ArrayDeque<DefaultLivySession> idle = new ArrayDeque<>();
  private final Set<DefaultLivySession> borrowed = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<CompletableFuture<DefaultLivySession>> waiting = new ArrayDeque<>();
  private int starting;
  private long created;
  private long evicted;
  private boolean closed;
  private boolean pausedAfterFailure;

  private DefaultSessionPool(DefaultLivyClient client, SessionSpec spec, int min, int max,
      Duration borrowTimeout, Code resetStatement) {
    this.client = client;
    this.spec = spec;
    this.min = min;
    this.max = max;
    this.borrowTimeout = borrowTimeout;
    this.resetStatement = resetStatement;
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
  public static SessionPool create(LivyClient client, SessionSpec spec, int min, int max,
      Duration borrowTimeout, Code resetStatement) {
    if (!(client instanceof DefaultLivyClient c)) {
      throw new IllegalArgumentException("a SessionPool needs a client built by"
          + " LivyClient.builder()");
    }
    c.context().ensureOpen();
    DefaultSessionPool pool = new DefaultSessionPool(c, spec, min, max, borrowTimeout,
        resetStatement);
    c.onExpiry(pool::expired);
    pool.fill();
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
      throw new io.github.livy4j.LivyClientException("Interrupted while borrowing a session",
          e, false);
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
    DefaultLivySession s;
    CompletableFuture<DefaultLivySession> wait = null;
    synchronized (lock) {
      if (closed) {
        result.completeExceptionally(new IllegalStateException("the session pool is closed"));
        return;
      }
      s = idle.pollFirst();
      if (s != null) {
        borrowed.add(s);
      } else {
        wait = new CompletableFuture<>();
        waiting.add(wait);
      }
    }
    if (s != null) {
      checkAndHand(s, deadline, start, result);
      return;
    }
    fill();
    CompletableFuture<DefaultLivySession> queued = wait;
    Duration left = Duration.between(client.context().config.clock().instant(), deadline);
    queued.orTimeout(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS)
        .whenComplete((session, e) -> {
          if (e == null) {
            checkAndHand(session, deadline, start, result);
            return;
          }
          synchronized (lock) {
            waiting.remove(queued);
          }
          Throwable t = Futures.unwrap(e);
          result.completeExceptionally(t instanceof TimeoutException ? new PollingTimeoutException(
              "a session from the pool (" + stats() + ")", Duration.between(start,
              client.context().config.clock().instant()), "exhausted") : t);
        });
    result.whenComplete((v, e) -> {
      if (result.isCancelled()) {
        queued.cancel(false);
        synchronized (lock) {
          waiting.remove(queued);
        }
      }
    });
  }

  /** Checks a session's health (off the caller's lock) and hands it out, or evicts it. */
  private void checkAndHand(DefaultLivySession s, Instant deadline, Instant start,
      CompletableFuture<LivySession> result) {
    if (result.isDone()) {
      giveBack(s);
      return;
    }
    s.refresh(true).whenComplete((info, e) -> {
      if (e == null && info.state().isReady()) {
        if (!result.complete(new Pooled(s))) {
          giveBack(s);
        }
        return;
      }
      evict(s, e == null ? "its state is " + info.rawState() : Futures.unwrap(e).getMessage());
      take(deadline, start, result);
    });
  }

  /** The client's lifetime tick deleted a session: a warm one of this pool is replaced. */
  private void expired(io.github.livy4j.SessionExpiredException e) {
    DefaultLivySession gone = null;
    synchronized (lock) {
      for (DefaultLivySession s : idle) {
        if (s.id().equals(e.sessionId())) {
          gone = s;
        }
      }
      if (gone != null) {
        idle.remove(gone);
        evicted++;
      }
    }
    if (gone != null) {
      LOG.info("Evicting session {} from the pool: {}", gone.id(), e.getMessage());
      fill();
    }
  }

  /** A session given back: reset and kept, or evicted. */
  void giveBack(DefaultLivySession s) {
    if (resetStatement != null) {
      try {
        s.execute(resetStatement);
      } catch (LivyException | IllegalStateException e) {
        evict(s, "its reset statement failed: " + e.getMessage());
        return;
      }
    }
    CompletableFuture<DefaultLivySession> next;
    synchronized (lock) {
      borrowed.remove(s);
      if (closed) {
        next = null;
      } else {
        next = waiting.pollFirst();
        if (next == null) {
          idle.addFirst(s); // the most recently used first: the others can idle out
          return;
        }
        borrowed.add(s);
      }
    }
    if (next == null) {
      s.closeAfterFailure(new IllegalStateException("pool closed"));
    } else if (!next.complete(s)) {
      giveBack(s);
    }
  }

  private void evict(DefaultLivySession s, String why) {
    synchronized (lock) {
      borrowed.remove(s);
      idle.remove(s);
      evicted++;
    }
    LOG.info("Evicting session {} from the pool: {}", s.id(), why);
    try {
      s.close();
    } catch (LivyException | IllegalStateException e) {
      LOG.debug("Deleting evicted session {} failed: {}", s.id(), e.getMessage());
    }
    fill();
  }

  /** Starts sessions until {@code min} are there, or, while borrowers wait, up to {@code max}. */
  private void fill() {
    int toStart;
    synchronized (lock) {
      if (closed || pausedAfterFailure) {
        return;
      }
      int total = idle.size() + borrowed.size() + starting;
      int wanted = Math.max(min, Math.min(max, borrowed.size() + waiting.size()));
      toStart = Math.max(0, Math.min(max, wanted) - total);
      starting += toStart;
    }
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
    f.whenComplete((s, e) -> {
      DefaultLivySession session = s == null ? null : (DefaultLivySession) s.sync();
      if (session != null) {
        session.holdWarm(true); // kept alive while in the pool, borrowed or not
      }
      started(session, e);
    });
  }

  private void started(DefaultLivySession s, Throwable failure) {
    CompletableFuture<DefaultLivySession> next = null;
    boolean closeIt = false;
    synchronized (lock) {
      starting--;
      if (s != null) {
        created++;
        if (closed) {
          closeIt = true;
        } else {
          next = waiting.pollFirst();
          if (next == null) {
            idle.addLast(s);
          } else {
            borrowed.add(s);
          }
        }
      }
    }
    if (failure != null) {
      LOG.warn("A session for the pool failed to start: {}", Futures.unwrap(failure).getMessage());
      pauseThenFill();
      return;
    }
    if (closeIt) {
      s.closeAfterFailure(new IllegalStateException("pool closed"));
    } else if (next != null && !next.complete(s)) {
      giveBack(s);
    }
  }

  /** After a failed start, waits a moment before trying again, so failures do not spin. */
  private void pauseThenFill() {
    synchronized (lock) {
      if (pausedAfterFailure) {
        return;
      }
      pausedAfterFailure = true;
    }
    AtomicBoolean once = new AtomicBoolean();
    Runnable resume = () -> {
      if (once.compareAndSet(false, true)) {
        synchronized (lock) {
          pausedAfterFailure = false;
        }
        fill();
      }
    };
    try {
      client.context().scheduler().schedule(resume, RESTART_PAUSE, () -> { });
    } catch (RuntimeException e) {
      // the client is closed: nothing more to start
    }
  }

  @Override
  public Stats stats() {
    synchronized (lock) {
      return new Stats(idle.size(), borrowed.size(), starting, waiting.size(), created, evicted);
    }
  }

  @Override
  public void close() {
    List<DefaultLivySession> all;
    List<CompletableFuture<DefaultLivySession>> waiters;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(idle);
      all.addAll(borrowed);
      idle.clear();
      borrowed.clear();
      waiters = new ArrayList<>(waiting);
      waiting.clear();
    }
    IllegalStateException poolClosed = new IllegalStateException("the session pool is closed");
    waiters.forEach(w -> w.completeExceptionally(poolClosed));
    LivyException failed = null;
    for (DefaultLivySession s : all) {
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

  /** A borrowed session: closing it gives it back; after that it can no longer be used. */
  private final class Pooled implements LivySession {
    private final DefaultLivySession s;
    private final AtomicBoolean returned = new AtomicBoolean();

    Pooled(DefaultLivySession s) {
      this.s = s;
    }

    private DefaultLivySession live() {
      if (returned.get()) {
        throw new IllegalStateException("session " + s.id() + " was given back to the pool");
      }
      return s;
    }

    @Override
    public SessionId id() {
      return s.id();
    }

    @Override
    public SessionInfo info() {
      return s.info();
    }

    @Override
    public SessionInfo refresh() {
      return live().refresh();
    }

    @Override
    public StatementResult execute(Code code) {
      return live().execute(code);
    }

    @Override
    public StatementResult execute(Code code, Duration timeout) {
      return live().execute(code, timeout);
    }

    @Override
    public StatementPoller beginExecute(Code code) {
      return live().beginExecute(code);
    }

    @Override
    public StatementInfo statement(StatementId statement) {
      return live().statement(statement);
    }

    @Override
    public void cancel(StatementId statement) {
      live().cancel(statement);
    }

    @Override
    public List<String> log(int lines) {
      return live().log(lines);
    }

    @Override
    public LogPage log(int from, int size) {
      return live().log(from, size);
    }

    @Override
    public List<String> completions(Code code, int cursor) {
      return live().completions(code, cursor);
    }

    @Override
    public boolean keepAlive() {
      return live().keepAlive();
    }

    /** Takes the session out of the pool for good and leaves it running. */
    @Override
    public SessionId detach() {
      DefaultLivySession d = live();
      if (returned.compareAndSet(false, true)) {
        synchronized (lock) {
          borrowed.remove(d);
        }
        fill();
      }
      return d.detach();
    }

    /** Gives the session back to the pool. */
    @Override
    public void close() {
      if (returned.compareAndSet(false, true)) {
        giveBack(s);
      }
    }

    @Override
    public String toString() {
      return "LivySession[id=" + s.id() + ", pooled]";
    }
  }
}
