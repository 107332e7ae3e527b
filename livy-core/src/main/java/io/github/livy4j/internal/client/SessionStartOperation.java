package io.github.livy4j.internal.client;

import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.internal.polling.Observation;
import io.github.livy4j.internal.polling.Operation;
import io.github.livy4j.spi.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A session on its way to ready; giving up on it deletes it. */
final class SessionStartOperation implements Operation<LivySession> {
  private final DefaultLivySession session;
  private final boolean deleteOnGiveUp;
  private volatile boolean cancelled;

  SessionStartOperation(DefaultLivySession session, boolean deleteOnGiveUp) {
    this.session = session;
    this.deleteOnGiveUp = deleteOnGiveUp;
  }

  @Override
  public String description() {
    return "session " + session.id() + " to become ready";
  }

  @Override
  public Observation<LivySession> observe() {
    return Futures.join(look(false));
  }

  @Override
  public CompletableFuture<Observation<LivySession>> observeAsync() {
    return look(true);
  }

  private CompletableFuture<Observation<LivySession>> look(boolean async) {
    if (cancelled) {
      return CompletableFuture.completedFuture(Observation.cancelled("deleted"));
    }
    SessionExpiredException expired = session.expiry(null);
    if (expired != null) {
      // the client ended it (time to live, idle timeout): say so, not that the server lost it
      return CompletableFuture.completedFuture(
          Observation.failed(session.info().rawState(), expired));
    }
    return session.view().refresh(async).handle((info, e) -> {
      if (e != null) {
        Throwable t = Futures.unwrap(e);
        SessionExpiredException endedMeanwhile = session.expiry(null);
        if (t instanceof SessionNotFoundException && endedMeanwhile != null) {
          return Observation.failed(session.info().rawState(), endedMeanwhile);
        }
        if (t instanceof SessionNotFoundException
            && NotFoundGrace.within(session.context(), session.createdAt())) {
          // the service has not caught up with the create yet
          return Observation.running(session.info().rawState(), "not visible yet", null);
        }
        throw t instanceof RuntimeException r ? r : new CompletionException(t);
      }
      if (info.state().isReady()) {
        return Observation.succeeded(info.rawState(), null, session::afterReady);
      }
      if (info.state().isFinished()) {
        return Observation.failed(info.rawState(),
            new SessionFailedException("Session failed to start", info));
      }
      return Observation.running(info.rawState(), info.phase().orElse(null), null);
    });
  }

  @Override
  public void cancel() {
    cancelled = true;
    session.close();
  }

  @Override
  public void abandon(Throwable reason) {
    if (deleteOnGiveUp) {
      session.closeInBackground();
    }
  }
}
