package io.github.livy4j.internal.client;

import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.internal.polling.Pollable;
import io.github.livy4j.internal.polling.Polled;
import io.github.livy4j.spi.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A session on its way to ready; giving up on it deletes it. */
final class SessionStart implements Pollable<LivySession> {
  /** What a session's start needs of the session. */
  interface Host {
    /** @return the client's context */
    ClientContext context();

    /** @return the session's id */
    SessionId id();

    /** @return what is known of the session */
    SessionView view();

    /** @return its life as the client runs it */
    SessionLifetime lifetime();

    /**
     * Runs what follows a start (the init statements), within the start's call.
     *
     * @param call the start's call
     * @return the session, ready
     */
    LivySession afterReady(CallScope call);

    /** Deletes the session, within the client's close budget. */
    void close();

    /** @return the delete of the session in the background, done when it has ended */
    CompletableFuture<Void> closeInBackground();
  }

  private final Host session;
  private final boolean deleteOnGiveUp;
  private volatile boolean cancelled;

  /** The delete of the session given up, once it is. */
  private volatile CompletableFuture<Void> cleanup = CompletableFuture.completedFuture(null);

  SessionStart(Host session, boolean deleteOnGiveUp) {
    this.session = session;
    this.deleteOnGiveUp = deleteOnGiveUp;
  }

  /**
   * The poller of a session's start.
   *
   * @param session the session
   * @param deleteOnGiveUp whether giving up deletes the session
   * @param op the operation the poller ends, or {@code null} to wait within the call's
   * @return the poller
   */
  static DefaultPoller<LivySession> poller(
      Host session, boolean deleteOnGiveUp, ObservedOperation op) {
    ClientContext ctx = session.context();
    return new DefaultPoller<>(
        new SessionStart(session, deleteOnGiveUp),
        DefaultPoller.Options.of(
                ctx.config.polling().sessionBackoff(),
                ctx.config.polling().sessionStartTimeout(),
                ctx.timing(),
                session.view().info().rawState())
            .withObserved(op));
  }

  /**
   * Waits for a session to start, as part of a call.
   *
   * @param session the session
   * @param deleteOnGiveUp whether giving up deletes the session
   * @param call the call, whose deadline and operation the wait keeps
   */
  static void await(Host session, boolean deleteOnGiveUp, CallScope call) {
    ClientContext ctx = session.context();
    poller(session, deleteOnGiveUp, null)
        .waitForCompletion(
            ctx.config.clock().instant(), ctx.config.polling().sessionStartTimeout(), call);
  }

  /**
   * Waits for a session to start, as part of a call, without a thread held while it waits.
   *
   * @param session the session
   * @param call the call, whose deadline and operation the wait keeps
   * @return the session, ready
   */
  static CompletableFuture<LivySession> awaitAsync(Host session, CallScope call) {
    ClientContext ctx = session.context();
    return poller(session, false, null)
        .waitAsync(ctx.config.clock().instant(), ctx.config.polling().sessionStartTimeout(), call);
  }

  @Override
  public String description() {
    return "session " + session.id() + " to become ready";
  }

  @Override
  public Polled<LivySession> look(CallScope scope) {
    return Futures.join(look(scope, false));
  }

  @Override
  public CompletableFuture<Polled<LivySession>> lookAsync(CallScope scope) {
    return look(scope, true);
  }

  private CompletableFuture<Polled<LivySession>> look(CallScope scope, boolean async) {
    if (cancelled) {
      return CompletableFuture.completedFuture(Polled.cancelled("deleted"));
    }
    SessionExpiredException expired = session.lifetime().expiry(session.id(), null);
    if (expired != null) {
      // the client ended it (time to live, idle timeout): say so, not that the server lost it
      return CompletableFuture.completedFuture(
          Polled.failed(session.view().info().rawState(), expired));
    }
    return session
        .view()
        .refresh(scope, async)
        .handle(
            (info, e) -> {
              if (e != null) {
                Throwable t = Futures.unwrap(e);
                SessionExpiredException endedMeanwhile =
                    session.lifetime().expiry(session.id(), null);
                if (t instanceof SessionNotFoundException && endedMeanwhile != null) {
                  return Polled.failed(session.view().info().rawState(), endedMeanwhile);
                }
                if (t instanceof SessionNotFoundException
                    && NotFoundGrace.within(session.context(), session.lifetime().createdAt())) {
                  // the service has not caught up with the create yet
                  return Polled.running(session.view().info().rawState(), "not visible yet", null);
                }
                throw t instanceof RuntimeException r ? r : new CompletionException(t);
              }
              if (info.state().isReady()) {
                return Polled.succeeded(info.rawState(), null, () -> session.afterReady(scope));
              }
              if (info.state().isFinished()) {
                return Polled.failed(
                    info.rawState(), new SessionFailedException("Session failed to start", info));
              }
              return Polled.running(info.rawState(), info.phase().orElse(null), null);
            });
  }

  @Override
  public void cancel(CallScope scope) {
    cancelled = true;
    session.close();
  }

  @Override
  public CompletableFuture<Void> cleanup() {
    return cleanup;
  }

  @Override
  public void abandon(Throwable reason) {
    if (deleteOnGiveUp) {
      cleanup = session.closeInBackground();
    }
  }
}
