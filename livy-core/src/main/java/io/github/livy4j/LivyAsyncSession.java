package io.github.livy4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a {@link LivySession}. {@code future.cancel(true)} on a statement's
 * future cancels the remote statement too.
 *
 * <pre>{@code
 * CompletableFuture<StatementResult> f = asyncSession.execute(Code.sql("SELECT 1"));
 * f.cancel(true);   // also cancels the statement on the server
 * }</pre>
 */
public interface LivyAsyncSession extends AutoCloseable {

  /** @return the session id */
  SessionId id();

  /** @return the last snapshot seen */
  SessionInfo info();

  /**
   * Runs code; the future completes with the result, up to the default statement deadline.
   *
   * @param code the code
   * @return the future result; failures are those of {@link LivySession#execute(Code)}
   */
  CompletableFuture<StatementResult> execute(Code code);

  /**
   * Runs code; the future completes with the result, up to a deadline.
   *
   * @param code the code
   * @param timeout the longest wait, positive
   * @return the future result
   */
  CompletableFuture<StatementResult> execute(Code code, Duration timeout);

  /** @return the future current snapshot */
  CompletableFuture<SessionInfo> refresh();

  /** @return the blocking session this is a view of */
  LivySession sync();

  /**
   * Deletes the remote session unless detached; see {@link LivySession#close()}.
   *
   * @return a future that completes when the session is deleted
   */
  CompletableFuture<Void> closeAsync();

  /** Deletes the remote session unless detached, blocking; see {@link LivySession#close()}. */
  @Override
  void close();
}
