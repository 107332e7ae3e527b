package io.github.livy4j;

import io.github.livy4j.polling.StatementPoller;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a {@link LivySession}: every operation of the blocking session,
 * returning a {@link CompletableFuture} instead of blocking, with the same deadlines, the same
 * exceptions (as the future's failure) and the same progress. Obtain it with {@link
 * LivySession#async()} or from {@link LivyAsyncClient}; a pooled session's view gives the
 * session back to its pool when closed.
 *
 * <p>Futures complete on livy4j's callback threads; a dependent action that blocks delays other
 * callbacks, never the polling. {@code future.cancel(true)} on a statement's future cancels the
 * remote statement too.
 *
 * <pre>{@code
 * LivyAsyncSession s = session.async();
 * s.beginExecute(Code.sql("SELECT count(*) FROM t"))
 *     .thenCompose(p -> p.addListener(r -> show(r.progressValue())).waitAsync())
 *     .thenAccept(r -> System.out.println(r.table()));
 * }</pre>
 */
public interface LivyAsyncSession extends AutoCloseable {

  /** @return the session id */
  SessionId id();

  /** @return the last snapshot seen */
  SessionInfo info();

  /**
   * Reads the session's current snapshot; see {@link LivySession#refresh()}.
   *
   * @return the future snapshot
   */
  CompletableFuture<SessionInfo> refresh();

  /**
   * Runs code; the future completes with the result, up to the default statement deadline.
   *
   * @param code the code
   * @return the future result; failures are those of {@link LivySession#execute(Code)}
   */
  CompletableFuture<StatementResult> execute(Code code);

  /**
   * Runs code; the future completes with the result, up to a deadline that counts from this
   * call (the submit included).
   *
   * @param code the code
   * @param timeout the longest wait, positive
   * @return the future result
   * @throws IllegalArgumentException at once if the timeout is not positive
   */
  CompletableFuture<StatementResult> execute(Code code, Duration timeout);

  /**
   * Runs code of the session's own kind; see {@link LivySession#execute(String)}.
   *
   * @param code the code
   * @return the future result
   * @throws IllegalStateException at once if the session has no kind of its own
   */
  CompletableFuture<StatementResult> execute(String code);

  /**
   * Reads a Spark DataFrame into the client; see {@link LivySession#read(String)}. It runs
   * two statements, two operations to an observer: the first starts on the caller's thread,
   * the second when the first has ended, on one of the client's threads inside the first's
   * {@linkplain io.github.livy4j.observe.OperationObserver#resumed() scopes}, opened after its
   * end: {@code LivyTracing} and {@code LivyObservations} then make the caller's context current
   * again, so both statements' spans have the caller's as their parent.
   *
   * @param dataFrame the frame's variable
   * @return the future table
   * @throws IllegalArgumentException at once if the name is not a plain identifier
   * @throws IllegalStateException at once if the session has no kind of its own, or it is SQL
   */
  CompletableFuture<Table> read(String dataFrame);

  /**
   * Reads a Spark DataFrame of one of the session's interpreters; see {@link
   * LivySession#read(String, CodeKind)}.
   *
   * @param dataFrame the frame's variable
   * @param kind the interpreter it lives in
   * @return the future table
   * @throws IllegalArgumentException at once if the name is not a plain identifier, or the kind
   *     is SQL
   */
  CompletableFuture<Table> read(String dataFrame, CodeKind kind);

  /**
   * Submits code and completes with its poller once submitted, to follow its progress ({@link
   * StatementPoller#addListener}) and wait for it without blocking ({@link
   * StatementPoller#waitAsync()}); see {@link LivySession#beginExecute(Code)}. The submit counts
   * against the default statement deadline.
   *
   * @param code the code
   * @return the future poller
   */
  CompletableFuture<StatementPoller> beginExecute(Code code);

  /**
   * Reads one statement; see {@link LivySession#statement(StatementId)}.
   *
   * @param statement the statement
   * @return the future snapshot
   */
  CompletableFuture<StatementInfo> statement(StatementId statement);

  /**
   * Cancels a statement; see {@link LivySession#cancel(StatementId)}.
   *
   * @param statement the statement
   * @return completes once the server took the cancel
   */
  CompletableFuture<Void> cancel(StatementId statement);

  /**
   * Reads the last lines of the session's log; see {@link LivySession#log(int)}.
   *
   * @param lines how many, at least 1
   * @return the future lines
   */
  CompletableFuture<List<String>> log(int lines);

  /**
   * Reads a page of the session's log; see {@link LivySession#log(int, int)}.
   *
   * @param from the first line, from 0
   * @param size how many lines, at least 1
   * @return the future page
   */
  CompletableFuture<LogPage> log(int from, int size);

  /**
   * Asks for code completions; see {@link LivySession#completions(Code, int)}.
   *
   * @param code the code
   * @param cursor where the cursor is in it
   * @return the future candidates
   */
  CompletableFuture<List<String>> completions(Code code, int cursor);

  /**
   * Tells the server the session is in use; see {@link LivySession#keepAlive()}.
   *
   * @return the future of whether the backend keeps sessions alive this way
   */
  CompletableFuture<Boolean> keepAlive();

  /**
   * Stops owning the session, which keeps running on the server; nothing is sent. See {@link
   * LivySession#detach()}.
   *
   * @return the session id, to attach to later
   */
  SessionId detach();

  /** @return the blocking session this is a view of */
  LivySession sync();

  /**
   * Deletes the remote session unless detached (a pooled session goes back to its pool); see
   * {@link LivySession#close()}.
   *
   * @return a future that completes when the session is deleted
   */
  CompletableFuture<Void> closeAsync();

  /** Deletes the remote session unless detached, blocking; see {@link LivySession#close()}. */
  @Override
  void close();
}
