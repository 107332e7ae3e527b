package io.github.livy4j.internal.client;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.observe.LivyOperation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a session handle is let go: closed by its owner (the remote session deleted within the
 * close budget), given up after a failed start (deleted off the caller's thread), closed by the
 * client, or detached (left running). The client keeps owning the session until its delete
 * succeeds, so that a delete that failed is tried again when the client closes.
 */
final class SessionClosing {
  private static final Logger LOG = LoggerFactory.getLogger(SessionClosing.class);

  private final SessionIdentity session;
  private final SessionOwner owner;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean detached;

  /**
   * Creates the closing of a session.
   *
   * @param session which remote session it is
   * @param owner the client's parts
   * @param release lets the client stop owning the session
   */
  SessionClosing(SessionIdentity session, SessionOwner owner, Runnable release) {
    this.session = session;
    this.owner = owner;
    this.release = release;
  }

  /** @return whether the handle was closed (by its owner or the client) */
  boolean isClosed() {
    return closed.get();
  }

  /** @return whether the handle still stands for a session it owns: neither closed nor detached */
  boolean isLive() {
    return !closed.get() && !detached;
  }

  /** @return whether the handle was closed, not detached */
  boolean closedByOwner() {
    return closed.get() && !detached;
  }

  /** Lets the session go without deleting it. */
  void detach() {
    if (!closed.get()) {
      detached = true;
      release.run();
      LOG.debug("Detached session {}; it keeps running", session.id());
    }
  }

  /**
   * Closes the handle for its owner: deletes the session within the close budget.
   *
   * @param background whether no caller waits for it (an expiry)
   */
  void close(boolean background) {
    ObservedOperation op = claimClose(background);
    if (op != null) {
      finishClose(op);
    }
  }

  /**
   * Begins the close of the handle for its owner, on the caller's thread: marks it closed and
   * starts the delete's operation there, for {@link #finishClose} to carry out, perhaps on
   * another thread. If the delete never runs, the client's close deletes the session.
   *
   * @param background whether no caller waits for it (an expiry)
   * @return the delete's operation, or {@code null} if the handle was closed or detached before
   */
  ObservedOperation claimClose(boolean background) {
    if (detached || !closed.compareAndSet(false, true)) {
      return null;
    }
    return owner
        .ctx()
        .observers
        .start(LivyOperation.SESSION_DELETE, session.id(), null, background);
  }

  /**
   * Deletes the session within the close budget, as the operation {@link #claimClose} started,
   * which this ends.
   *
   * @param op the delete's operation
   */
  void finishClose(ObservedOperation op) {
    ClientContext ctx = owner.ctx();
    Duration budget = ctx.config.closeTimeout();
    try {
      delete(op, CallScope.until(ctx.config.clock().instant().plus(budget)));
    } catch (DeadlineExceededException e) {
      throw new LivyClientException(
          "Could not delete session "
              + session.id()
              + " within the"
              + " close budget of "
              + budget.toMillis()
              + " ms (LivyClient.Builder.closeTimeout);"
              + " the client still owns it and tries again when it is closed",
          e,
          e.outcomeUnknown());
    }
  }

  /**
   * Gives the session up after its start failed or timed out: it is deleted off the caller's
   * thread, within the client's close budget (and again by the client's close if that fails).
   *
   * @return completes when the delete has ended, whatever its outcome
   */
  CompletableFuture<Void> closeInBackground() {
    if (detached || !closed.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    return owner.cleanups().run("session " + session.id(), call -> delete(true, call));
  }

  /**
   * Closes it for the client, which tries again a delete that failed before.
   *
   * @param call the scope of the delete's requests (the client's close budget)
   */
  void closeByClient(CallScope call) {
    if (detached) {
      return;
    }
    closed.set(true);
    delete(true, call);
  }

  /**
   * Closes the handle after a failure, attaching a delete failure to it.
   *
   * @param reason the failure
   */
  void closeAfterFailure(Throwable reason) {
    try {
      close(false);
    } catch (LivyException e) {
      Failures.suppress(reason, e);
    }
  }

  /**
   * Deletes the session; the client lets it go once the server no longer has it.
   *
   * @param background whether no caller waits for it
   * @param within the scope whose deadline the delete's requests keep
   */
  private void delete(boolean background, CallScope within) {
    delete(
        owner.ctx().observers.start(LivyOperation.SESSION_DELETE, session.id(), null, background),
        within);
  }

  /**
   * Deletes the session as {@code op}, which this ends; the client lets it go once the server
   * no longer has it.
   *
   * @param op the delete's operation
   * @param within the scope whose deadline the delete's requests keep
   */
  private void delete(ObservedOperation op, CallScope within) {
    ClientContext.observed(
        op,
        ignored -> {
          try {
            session.deleteIfStillOurs(within.with(op));
          } catch (SessionNotFoundException e) {
            LOG.debug("Session {} was already gone", session.id());
          }
          return null;
        });
    release.run();
  }
}
