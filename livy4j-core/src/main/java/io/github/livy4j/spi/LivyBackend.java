package io.github.livy4j.spi;

import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Livy dialect: turns the SDK's operations into HTTP requests and parses the answers.
 *
 * <p>Every method makes its calls through the given {@link Transport} and returns at once:
 * backends never poll, retry or sleep. Implementations are thread-safe and may be shared by
 * several clients. A 404 for a session is thrown as
 * {@link io.github.livy4j.SessionNotFoundException}.
 *
 * <p>The calls the asynchronous API makes most ({@link #createSessionAsync},
 * {@link #submitStatementAsync}, {@link #getStatementAsync}, {@link #getSessionAsync},
 * {@link #getSessionStateAsync}, {@link #getBatchAsync}) also come without blocking, through {@link Transport#sendAsync}, so
 * that a client polls thousands of operations from a few threads. Their defaults call the
 * blocking method on the calling thread; a backend can write each once, over futures, and
 * implement the blocking method as {@code Futures.join(xAsync(transport.blocking(), ...))}.
 */
public interface LivyBackend {

  /** @return a short description for messages and logs, such as {@code "Apache Livy at http://host:8998"} */
  String description();

  /**
   * A short, fixed name of the dialect for metrics and traces, such as {@code apache} or
   * {@code fabric}: unlike {@link #description()} it names no server.
   *
   * @return the kind; {@code livy} unless the backend says otherwise
   */
  default String kind() {
    return "livy";
  }

  /**
   * How the backend's service says it turns requests away for now, beyond HTTP's own
   * {@code 429}: read by the transport before it decides whether to send a request again.
   *
   * @return the reading; {@link Throttling#NONE} unless the backend says otherwise
   */
  default Throttling throttling() {
    return Throttling.NONE;
  }

  /**
   * What the server can do; may ask the server once (its version) and remember the answer.
   *
   * @param transport the transport
   * @return the capabilities
   */
  BackendCapabilities capabilities(Transport transport);

  /**
   * Creates a session. Not idempotent: a failed create is not repeated by the transport.
   *
   * @param transport the transport
   * @param spec the spec; fields the capabilities do not accept must not be sent
   * @param name the unique session name to send
   * @return the new session's first snapshot
   */
  SessionInfo createSession(Transport transport, SessionSpec spec, String name);

  /**
   * Creates a session without blocking, like {@link #createSession}: not idempotent, never
   * repeated by the transport. Called once {@link #capabilities} has been read, so that it
   * needs no other request than the create's.
   *
   * @param transport the transport
   * @param spec the spec; fields the capabilities do not accept must not be sent
   * @param name the unique session name to send
   * @return the new session's first snapshot, when it comes
   */
  default CompletableFuture<SessionInfo> createSessionAsync(
      Transport transport, SessionSpec spec, String name) {
    return Futures.call(() -> createSession(transport, spec, name));
  }

  /**
   * Reads a session.
   *
   * @param transport the transport
   * @param id the session
   * @return the snapshot
   */
  SessionInfo getSession(Transport transport, SessionId id);

  /**
   * Reads a session without blocking, like {@link #getSession}.
   *
   * @param transport the transport
   * @param id the session
   * @return the snapshot, when it comes
   */
  default CompletableFuture<SessionInfo> getSessionAsync(Transport transport, SessionId id) {
    return Futures.call(() -> getSession(transport, id));
  }

  /**
   * Reads a session's state, with the cheapest call the server offers.
   *
   * @param transport the transport
   * @param id the session
   * @return a snapshot with at least the id and state
   */
  default SessionInfo getSessionState(Transport transport, SessionId id) {
    return getSession(transport, id);
  }

  /**
   * Reads a session's state without blocking, like {@link #getSessionState}.
   *
   * @param transport the transport
   * @param id the session
   * @return a snapshot with at least the id and state, when it comes
   */
  default CompletableFuture<SessionInfo> getSessionStateAsync(Transport transport, SessionId id) {
    return Futures.call(() -> getSessionState(transport, id));
  }

  /**
   * Lists all sessions the server knows, reading every page.
   *
   * @param transport the transport
   * @return the sessions
   */
  List<SessionInfo> listSessions(Transport transport);

  /**
   * Asks the server the cheapest question that shows it answers and takes the client's
   * credential, for a health check: a backend whose server pages its session list reads one
   * item of it. The default lists every session.
   *
   * @param transport the transport
   */
  default void ping(Transport transport) {
    listSessions(transport);
  }

  /**
   * Deletes a session.
   *
   * @param transport the transport
   * @param id the session
   * @throws io.github.livy4j.SessionNotFoundException if it does not exist
   */
  void deleteSession(Transport transport, SessionId id);

  /**
   * Reads a session's log.
   *
   * @param transport the transport
   * @param id the session
   * @param from the first line, or {@code -1} for the last {@code size} lines
   * @param size the number of lines
   * @return the page
   * @throws UnsupportedOperationException if the capabilities say there are no logs
   */
  LogPage sessionLog(Transport transport, SessionId id, int from, int size);

  /**
   * Submits a statement. Not idempotent: a failed submit is not repeated by the transport.
   *
   * @param transport the transport
   * @param id the session
   * @param code the code and its kind
   * @return the statement's first snapshot
   * @throws io.github.livy4j.SessionNotReadyException if the server says the session is not ready
   */
  StatementInfo submitStatement(Transport transport, SessionId id, Code code);

  /**
   * Submits a statement without blocking, like {@link #submitStatement}: not idempotent, never
   * repeated by the transport.
   *
   * @param transport the transport
   * @param id the session
   * @param code the code and its kind
   * @return the statement's first snapshot, when it comes
   */
  default CompletableFuture<StatementInfo> submitStatementAsync(
      Transport transport, SessionId id, Code code) {
    return Futures.call(() -> submitStatement(transport, id, code));
  }

  /**
   * Lists a session's statements, as far as the server keeps them; used to find a statement
   * whose submit answer was lost. The default says the backend cannot.
   *
   * @param transport the transport
   * @param id the session
   * @return the statements
   * @throws UnsupportedOperationException if the backend cannot list statements
   */
  default List<StatementInfo> listStatements(Transport transport, SessionId id) {
    throw new UnsupportedOperationException(description() + " cannot list statements");
  }

  /**
   * Reads a statement.
   *
   * @param transport the transport
   * @param id the session
   * @param statement the statement
   * @return the snapshot
   */
  StatementInfo getStatement(Transport transport, SessionId id, StatementId statement);

  /**
   * Reads a statement without blocking, like {@link #getStatement}.
   *
   * @param transport the transport
   * @param id the session
   * @param statement the statement
   * @return the snapshot, when it comes
   */
  default CompletableFuture<StatementInfo> getStatementAsync(
      Transport transport, SessionId id, StatementId statement) {
    return Futures.call(() -> getStatement(transport, id, statement));
  }

  /**
   * Cancels a statement.
   *
   * @param transport the transport
   * @param id the session
   * @param statement the statement
   */
  void cancelStatement(Transport transport, SessionId id, StatementId statement);

  /**
   * Asks the interpreter for completions.
   *
   * @param transport the transport
   * @param id the session
   * @param code the code typed so far
   * @param cursor the cursor position in the code
   * @return the candidates
   * @throws UnsupportedOperationException if the capabilities say there is no completion
   */
  List<String> completion(Transport transport, SessionId id, Code code, int cursor);

  /**
   * Resets a session's idle timer without running code (Fabric's {@code reset-timeout}).
   *
   * @param transport the transport
   * @param id the session
   * @throws UnsupportedOperationException if the capabilities say there is no such call
   */
  default void keepAlive(Transport transport, SessionId id) {
    throw new UnsupportedOperationException(description() + " has no keep-alive call");
  }

  /**
   * Submits a batch. Not idempotent: a failed submit is not repeated by the transport.
   *
   * @param transport the transport
   * @param spec the spec
   * @param name the unique batch name to send
   * @return the batch's first snapshot (its id is the batch id)
   * @throws UnsupportedOperationException if the backend runs no batches
   */
  default SessionInfo submitBatch(Transport transport, BatchSpec spec, String name) {
    throw new UnsupportedOperationException(description() + " runs no batches");
  }

  /**
   * Reads a batch.
   *
   * @param transport the transport
   * @param id the batch
   * @return the snapshot
   */
  default SessionInfo getBatch(Transport transport, BatchId id) {
    throw new UnsupportedOperationException(description() + " runs no batches");
  }

  /**
   * Reads a batch without blocking, like {@link #getBatch}.
   *
   * @param transport the transport
   * @param id the batch
   * @return the snapshot, when it comes
   */
  default CompletableFuture<SessionInfo> getBatchAsync(Transport transport, BatchId id) {
    return Futures.call(() -> getBatch(transport, id));
  }

  /**
   * Lists every batch the server knows, reading every page.
   *
   * @param transport the transport
   * @return the snapshots
   */
  default List<SessionInfo> listBatches(Transport transport) {
    throw new UnsupportedOperationException(description() + " runs no batches");
  }

  /**
   * Deletes (kills) a batch.
   *
   * @param transport the transport
   * @param id the batch
   * @throws io.github.livy4j.LivyServiceException with status 404 if it does not exist
   */
  default void deleteBatch(Transport transport, BatchId id) {
    throw new UnsupportedOperationException(description() + " runs no batches");
  }

  /**
   * Reads a batch's log.
   *
   * @param transport the transport
   * @param id the batch
   * @param from the first line, or {@code -1} for the last {@code size} lines
   * @param size the number of lines
   * @return the page
   */
  default LogPage batchLog(Transport transport, BatchId id, int from, int size) {
    throw new UnsupportedOperationException(description() + " has no batch logs");
  }
}
