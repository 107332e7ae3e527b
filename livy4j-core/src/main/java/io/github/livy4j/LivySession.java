package io.github.livy4j;

import io.github.livy4j.polling.StatementPoller;
import java.time.Duration;
import java.util.List;

/**
 * An interactive Livy session: runs statements and reads their results.
 *
 * <p>{@link #close()} deletes the remote session, unless {@link #detach()} was called first;
 * the client that created it also deletes it when the client is closed. Thread-safe:
 * statements submitted from several threads queue on the server.
 *
 * <pre>{@code
 * try (LivySession session = client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
 *   Table t = session.execute(Code.sql("SELECT id FROM range(5)")).table();
 * }
 * }</pre>
 */
public interface LivySession extends AutoCloseable {

  /** @return the session id */
  SessionId id();

  /** @return the last snapshot seen, without asking the server */
  SessionInfo info();

  /**
   * Reads the session's current snapshot.
   *
   * @return the snapshot
   * @throws SessionNotFoundException if the session was deleted or expired
   * @throws LivyException if the server cannot be asked
   */
  SessionInfo refresh();

  /**
   * Runs code and waits for its result, up to the client's default statement deadline.
   *
   * @param code the code
   * @return the result
   * @throws StatementFailedException if the code raised an error
   * @throws SessionFailedException if the session is finished or dies meanwhile
   * @throws SessionNotFoundException if the session was deleted or expired
   * @throws PollingTimeoutException if the deadline passes (the statement keeps running)
   * @throws java.util.concurrent.CancellationException if the statement was cancelled
   * @throws IllegalStateException if this session was closed
   * @throws LivyException for other failures
   */
  StatementResult execute(Code code);

  /**
   * Runs code of the session's own kind (the {@link SessionSpec.Builder#kind} it was created
   * with, or the one the server reports), as {@link #execute(Code)} does: {@code
   * session.execute("SELECT 1")} in a SQL session.
   *
   * @param code the code
   * @return the result
   * @throws IllegalStateException if the session has no kind of its own, or was closed
   * @throws LivyException as {@link #execute(Code)}
   */
  StatementResult execute(String code);

  /**
   * Reads a Spark DataFrame of the session's interpreter into the client, as a typed {@link
   * Table}: the frame is made a temporary view ({@code livy4j_read_<name>}, replaced on each
   * read) in the session's own kind, and read back with Spark SQL, so the SQL path's row cap
   * ({@code livy.rsc.sql.num-rows}) and {@link Table#truncated()} apply. Each of the two
   * statements has the default statement deadline.
   *
   * @param dataFrame the frame's variable, a plain identifier such as {@code "df"}
   * @return the table
   * @throws IllegalArgumentException if the name is not a plain identifier
   * @throws IllegalStateException if the session has no kind of its own, or its kind is SQL
   * @throws StatementFailedException if the interpreter has no such frame
   * @throws LivyException as {@link #execute(Code)}
   */
  Table read(String dataFrame);

  /**
   * Reads a Spark DataFrame of one of the session's interpreters; see {@link #read(String)}.
   *
   * @param dataFrame the frame's variable, a plain identifier such as {@code "df"}
   * @param kind the interpreter it lives in: {@code SPARK}, {@code PYSPARK} or {@code SPARKR}
   * @return the table
   * @throws IllegalArgumentException if the name is not a plain identifier, or the kind is SQL
   */
  Table read(String dataFrame, CodeKind kind);

  /**
   * Runs code and waits for its result, up to a deadline.
   *
   * @param code the code
   * @param timeout the longest wait, positive
   * @return the result
   * @throws StatementFailedException if the code raised an error
   * @throws SessionFailedException if the session is finished or dies meanwhile
   * @throws SessionNotFoundException if the session was deleted or expired
   * @throws PollingTimeoutException if the deadline passes (the statement keeps running)
   * @throws java.util.concurrent.CancellationException if the statement was cancelled
   * @throws IllegalStateException if this session was closed
   * @throws LivyException for other failures
   */
  StatementResult execute(Code code, Duration timeout);

  /**
   * Submits code and returns at once with a poller for its result. A session that is still
   * starting is waited for first.
   *
   * @param code the code
   * @return the statement's poller; its {@code cancel()} cancels the remote statement
   * @throws SessionFailedException if the session is finished
   * @throws SessionNotFoundException if the session was deleted or expired
   * @throws IllegalStateException if this session was closed
   * @throws LivyException if the submit fails
   */
  StatementPoller beginExecute(Code code);

  /**
   * Reads a statement of this session.
   *
   * @param statement the statement
   * @return the snapshot
   * @throws LivyServiceException with status 404 if the server no longer keeps it (Livy keeps
   *     the last 100)
   */
  StatementInfo statement(StatementId statement);

  /**
   * Asks the server to cancel a statement.
   *
   * @param statement the statement
   * @throws LivyException if the server cannot be asked
   */
  void cancel(StatementId statement);

  /**
   * Reads the last lines of the session's log.
   *
   * @param lines how many lines, at least 1
   * @return the lines
   * @throws UnsupportedOperationException if the backend has no session logs
   */
  List<String> log(int lines);

  /**
   * Reads a page of the session's log.
   *
   * @param from the first line, from 0
   * @param size how many lines, at least 1
   * @return the page
   * @throws UnsupportedOperationException if the backend has no session logs
   */
  LogPage log(int from, int size);

  /**
   * Asks the interpreter for code completions.
   *
   * @param code the code typed so far
   * @param cursor the cursor position, from 0 to the code's length
   * @return the candidates
   * @throws UnsupportedOperationException if the backend offers no completion
   */
  List<String> completions(Code code, int cursor);

  /**
   * Resets the server's idle timer without running code, where the backend has such a call
   * (Fabric's {@code reset-timeout}; Fabric reaps sessions idle for 20 minutes).
   *
   * @return {@code true} if the timer was reset, {@code false} if the backend has no such call
   * @throws SessionNotFoundException if the session was deleted or expired
   * @throws IllegalStateException if this session was closed
   */
  boolean keepAlive();

  /**
   * Leaves the remote session running: neither {@link #close()} nor the client's close will
   * delete it. The handle stays usable; reconnect later, from this or another process, with
   * {@link LivyClient#attach(SessionId)}.
   *
   * @return the session id, to attach to later
   */
  SessionId detach();

  /**
   * The asynchronous view of this session: every operation returning a {@link
   * java.util.concurrent.CompletableFuture}, with the same deadlines and exceptions. Closing the
   * view closes this session (a pooled one goes back to its pool).
   *
   * @return the view, the same one each time
   */
  LivyAsyncSession async();

  /**
   * Deletes the remote session unless it was detached; does nothing when already closed.
   * A session that is already gone on the server counts as deleted.
   *
   * @throws LivyException if the delete fails; the client then keeps the session and tries the
   *     delete again when it closes
   */
  @Override
  void close();
}
