package io.github.livy4j.internal.client;

import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.internal.polling.Pollable;
import io.github.livy4j.internal.polling.Polled;
import io.github.livy4j.spi.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A session on its way to ready; giving up on it deletes it. */
final class SessionStart implements Pollable<LivySession> {
  private final DefaultLivySession session;
  private final boolean deleteOnGiveUp;
  private volatile boolean cancelled;

  /** The delete of the session given up, once it is. */
  private volatile CompletableFuture<Void> cleanup = CompletableFuture.completedFuture(null);

  SessionStart(DefaultLivySession session, boolean deleteOnGiveUp) {
    this.session = session;
    this.deleteOnGiveUp = deleteOnGiveUp;
  }

  @Override
  public String description() {
    return "session " + session.id() + " to become ready";
  }

  @Override
  public Polled<LivySession> look() {
    return Futures.join(look(false));
  }

  @Override
  public CompletableFuture<Polled<LivySession>> lookAsync() {
    return look(true);
  }

  private CompletableFuture<Polled<LivySession>> look(boolean async) {
    if (cancelled) {
      return CompletableFuture.completedFuture(Polled.cancelled("deleted"));
    }
    SessionExpiredException expired = session.lifetime().expiry(session.id(), null);
    if (expired != null) {
      // the client ended it (time to live, idle timeout): say so, not that the server lost it
      return CompletableFuture.completedFuture(Polled.failed(session.info().rawState(), expired));
    }
    return session
        .view()
        .refresh(async)
        .handle(
            (info, e) -> {
              if (e != null) {
                Throwable t = Futures.unwrap(e);
                SessionExpiredException endedMeanwhile =
                    session.lifetime().expiry(session.id(), null);
                if (t instanceof SessionNotFoundException && endedMeanwhile != null) {
                  return Polled.failed(session.info().rawState(), endedMeanwhile);
                }
                if (t instanceof SessionNotFoundException
                    && NotFoundGrace.within(session.context(), session.lifetime().createdAt())) {
                  // the service has not caught up with the create yet
                  return Polled.running(session.info().rawState(), "not visible yet", null);
                }
                throw t instanceof RuntimeException r ? r : new CompletionException(t);
              }
              if (info.state().isReady()) {
                return Polled.succeeded(info.rawState(), null, session::afterReady);
              }
              if (info.state().isFinished()) {
                return Polled.failed(
                    info.rawState(), new SessionFailedException("Session failed to start", info));
              }
              return Polled.running(info.rawState(), info.phase().orElse(null), null);
            });
  }

  @Override
  public void cancel() {
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
