package io.github.livy4j;

import io.github.livy4j.internal.client.DefaultSessionPool;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Warm sessions of one spec, handed out in milliseconds instead of the minute a session takes
 * to start. Thread-safe.
 *
 * <pre>{@code
 * try (SessionPool pool = SessionPool.builder(client, SessionSpec.builder().kind(CodeKind.SQL)
 *         .idleTimeout(Duration.ofMinutes(30)).build())
 *     .min(2).max(8).build()) {
 *   try (LivySession s = pool.borrow()) {           // close() gives it back
 *     s.execute(Code.sql("SELECT 1"));
 *   }
 * }                                                   // deletes every session of the pool
 * }</pre>
 *
 * <p>The pool starts {@code min} sessions at once and keeps that many warm, replacing in the
 * background any it evicts; it starts more, up to {@code max}, while borrowers wait. A borrow
 * takes a warm session after checking its health (one state read: it must be idle and not
 * expired) and evicts (deletes) a broken one; with none warm and {@code max} reached it waits,
 * up to its deadline, then fails with a {@link PollingTimeoutException}. A session given back is
 * reset with the optional reset statement and kept, or evicted if that fails or it can no longer
 * run statements. The client keeps the pool's sessions alive on the server while it holds them
 * (unless the spec says {@link SessionSpec.Builder#noKeepAlive()}); their lifetime
 * ({@link SessionSpec#ttl()}, {@link SessionSpec#idleTimeout()}) applies in the pool too, and one
 * that expires is replaced in the background. On Fabric, a spec with
 * {@link SessionSpec.Builder#sharedSession(String)} pools REPLs of a high-concurrency session.
 */
public interface SessionPool extends AutoCloseable {

  /**
   * Starts building a pool.
   *
   * @param client the client whose sessions the pool holds
   * @param spec the spec of every session
   * @return the builder
   */
  static Builder builder(LivyClient client, SessionSpec spec) {
    return new Builder(client, spec);
  }

  /**
   * Borrows a session, waiting up to the pool's borrow timeout.
   *
   * @return a healthy, idle session; {@link LivySession#close()} gives it back
   * @throws PollingTimeoutException if none became free in time
   * @throws IllegalStateException if the pool is closed
   */
  LivySession borrow();

  /**
   * Borrows a session, waiting up to {@code timeout}.
   *
   * @param timeout the longest wait, positive
   * @return a healthy, idle session; {@link LivySession#close()} gives it back
   * @throws PollingTimeoutException if none became free in time
   * @throws IllegalStateException if the pool is closed
   */
  LivySession borrow(Duration timeout);

  /**
   * Borrows a session without blocking; the future fails as {@link #borrow(Duration)} throws,
   * and cancelling it gives up the place in the queue.
   *
   * @param timeout the longest wait, positive
   * @return the session, when one is free
   */
  CompletableFuture<LivySession> borrowAsync(Duration timeout);

  /** @return the pool's counts, at this moment */
  Stats stats();

  /** Deletes every session of the pool, borrowed ones too; waiting borrowers fail. */
  @Override
  void close();

  /**
   * What a pool holds.
   *
   * @param idle warm sessions ready to borrow
   * @param borrowed sessions handed out
   * @param starting sessions being created
   * @param waiting borrowers waiting for a session
   * @param created sessions created since the pool began
   * @param evicted sessions deleted because they were broken, expired or failed their reset
   */
  record Stats(int idle, int borrowed, int starting, int waiting, long created, long evicted) {}

  /** Builds a {@link SessionPool}. */
  final class Builder {
    private final LivyClient client;
    private final SessionSpec spec;
    private int min = 1;
    private int max = 4;
    private Duration borrowTimeout = Duration.ofMinutes(10);
    private Code resetStatement;

    private Builder(LivyClient client, SessionSpec spec) {
      this.client = Objects.requireNonNull(client, "client");
      this.spec = Objects.requireNonNull(spec, "spec");
    }

    /**
     * @param min how many sessions to keep warm, zero or more; default 1
     * @return this builder
     */
    public Builder min(int min) {
      if (min < 0) {
        throw new IllegalArgumentException("min must not be negative, was " + min);
      }
      this.min = min;
      return this;
    }

    /**
     * @param max the most sessions at once, borrowed or not, at least 1; default 4
     * @return this builder
     */
    public Builder max(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max must be at least 1, was " + max);
      }
      this.max = max;
      return this;
    }

    /**
     * @param timeout how long {@link SessionPool#borrow()} waits, positive; default 10 min
     *     (a session's start, when none is warm)
     * @return this builder
     */
    public Builder borrowTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("borrowTimeout must be positive, was " + timeout);
      }
      this.borrowTimeout = timeout;
      return this;
    }

    /**
     * A statement run on every session given back, such as one that clears cached tables; a
     * session whose reset fails is evicted.
     *
     * @param code the statement
     * @return this builder
     */
    public Builder resetStatement(Code code) {
      this.resetStatement = Objects.requireNonNull(code, "code");
      return this;
    }

    /**
     * Builds the pool and starts its {@code min} sessions in the background.
     *
     * @return the pool
     * @throws IllegalArgumentException if {@code min} is above {@code max}
     */
    public SessionPool build() {
      if (min > max) {
        throw new IllegalArgumentException("min (" + min + ") is above max (" + max + ")");
      }
      return DefaultSessionPool.create(client, spec, min, max, borrowTimeout, resetStatement);
    }
  }
}
