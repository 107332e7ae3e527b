package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivySession;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import io.github.livy4j.polling.StatementPoller;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session borrowed from the pool: closing it gives it back, detaching takes it out of the
 * pool for good; after either it can no longer be used through this handle.
 */
final class PooledSession implements LivySession {
  private final DefaultLivySession s;
  private final PoolReturns pool;
  private final PoolInventory<DefaultLivySession> inventory;
  private final PoolRefill refill;
  private final AtomicBoolean returned = new AtomicBoolean();
  private volatile LivyAsyncSession async;

  /**
   * Wraps a borrowed session.
   *
   * @param s the session
   * @param pool the pool it goes back to
   * @param inventory the pool's bookkeeping, which forgets it when detached
   * @param refill starts a replacement when it is detached
   */
  PooledSession(
      DefaultLivySession s,
      PoolReturns pool,
      PoolInventory<DefaultLivySession> inventory,
      PoolRefill refill) {
    this.s = s;
    this.pool = pool;
    this.inventory = inventory;
    this.refill = refill;
  }

  /** The session, unless it was given back or detached. */
  /** @return the session, unless it was given back to the pool */
  DefaultLivySession live() {
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
  public StatementResult execute(String code) {
    return live().execute(code);
  }

  @Override
  public Table read(String dataFrame) {
    return live().read(dataFrame);
  }

  @Override
  public Table read(String dataFrame, CodeKind kind) {
    return live().read(dataFrame, kind);
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
  public LivyAsyncSession async() {
    LivyAsyncSession a = async;
    if (a == null) {
      a = new DefaultLivyAsyncSession(this::live, this, s.context());
      async = a;
    }
    return a;
  }

  @Override
  public SessionId detach() {
    DefaultLivySession d = live();
    if (returned.compareAndSet(false, true)) {
      inventory.release(d);
      d.lifetime().holdWarm(false); // no pool holds it any more
      refill.fill();
    }
    return d.detach();
  }

  /** Gives the session back to the pool. */
  @Override
  public void close() {
    if (returned.compareAndSet(false, true)) {
      pool.giveBack(s);
    }
  }

  @Override
  public String toString() {
    return "LivySession[id=" + s.id() + ", pooled]";
  }
}
