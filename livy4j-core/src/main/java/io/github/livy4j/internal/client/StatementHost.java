package io.github.livy4j.internal.client;

import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.StatementId;
import io.github.livy4j.internal.http.CallScope;
import java.util.concurrent.CompletableFuture;

/**
 * What a statement needs of the session it runs in, beyond the session's parts it reads
 * ({@link SessionIdentity}, {@link SessionView}, {@link SessionLifetime}): the acts that concern
 * the whole session. The statement's submit and its wait depend on this, not on the session
 * handle.
 */
interface StatementHost {
  /** @return the client's context */
  ClientContext context();

  /** @return which remote session this is */
  SessionIdentity identity();

  /** @return what is known of the session */
  SessionView view();

  /** @return the session's life as the client runs it */
  SessionLifetime lifetime();

  /** @return the remote session's id */
  default SessionId id() {
    return identity().id();
  }

  /** Throws if the session was closed or has expired. */
  void ensureUsable();

  /** @return whether the session was closed by its owner (not detached) */
  boolean closedByOwner();

  /**
   * Reads the session, as {@link io.github.livy4j.LivySession#refresh()} does, for a call.
   *
   * @param call the scope of the call that reads it
   * @return the snapshot
   */
  SessionInfo refresh(CallScope call);

  /**
   * Waits for a starting session to become ready, within the call's deadline.
   *
   * @param call the scope of the call that waits
   */
  void awaitReady(CallScope call);

  /**
   * Waits for a starting session to become ready, within the call's deadline, without a thread
   * held while it waits.
   *
   * @param call the scope of the call that waits
   * @return completes when the session is ready
   */
  CompletableFuture<?> awaitReadyAsync(CallScope call);

  /** @return whether a lost session is replaced */
  boolean recoversLostSessions();

  /**
   * Replaces a lost session, unless that happened since {@code seenGeneration}.
   *
   * @param seenGeneration the generation the caller worked with
   * @param cause how the loss showed
   * @param call the scope of the call that found it lost, whose deadline the replacement's
   *     create and start count against
   * @return the session id that was lost, or {@code null} if another caller replaced it
   */
  SessionId recover(int seenGeneration, Throwable cause, CallScope call);

  /**
   * A statement was submitted through this session.
   *
   * @param statement the statement
   */
  void statementStarted(StatementId statement);

  /**
   * A statement followed here ended, or its wait gave up on it.
   *
   * @param statement the statement
   */
  void statementEnded(StatementId statement);

  /**
   * The server answered 404 for the session while a statement ran.
   *
   * @param statement the statement whose wait found out
   * @param started whether it had started running
   * @return the exception for that wait
   */
  SessionExpiredException gone(StatementId statement, boolean started);

  /**
   * Cancels a statement.
   *
   * @param statement the statement
   */
  void cancel(StatementId statement);

  /** @return the SQL row cap the session runs with */
  int sqlRowLimit();
}
