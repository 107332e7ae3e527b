package io.github.livy4j.internal.client;

import io.github.livy4j.BatchId;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionState;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.polling.Pollable;
import io.github.livy4j.internal.polling.Polled;
import io.github.livy4j.spi.Futures;
import java.util.concurrent.CompletableFuture;

/** A batch running to its end; cancelling deletes (kills) it. */
final class BatchRun implements Pollable<SessionInfo> {
  private final ClientContext ctx;
  private final BatchId id;
  private volatile SessionInfo info;
  private volatile boolean cancelled;

  BatchRun(ClientContext ctx, SessionInfo first) {
    this.ctx = ctx;
    this.id = BatchId.of(first.id().value());
    this.info = first;
  }

  BatchId id() {
    return id;
  }

  SessionInfo info() {
    return info;
  }

  @Override
  public String description() {
    return "batch " + id + " to finish";
  }

  @Override
  public Polled<SessionInfo> look(CallScope scope) {
    return Futures.join(look(scope, false));
  }

  @Override
  public CompletableFuture<Polled<SessionInfo>> lookAsync(CallScope scope) {
    return look(scope, true);
  }

  private CompletableFuture<Polled<SessionInfo>> look(CallScope scope, boolean async) {
    if (cancelled) {
      return CompletableFuture.completedFuture(Polled.cancelled("deleted"));
    }
    CompletableFuture<SessionInfo> read =
        async
            ? ctx.backend.getBatchAsync(ctx.transport(scope), id)
            : Futures.call(() -> ctx.backend.getBatch(ctx.transport(scope), id));
    return read.thenApply(
        now -> {
          info = now;
          if (now.state() == SessionState.SUCCESS) {
            return Polled.succeeded(now.rawState(), 1.0, () -> now);
          }
          if (now.state().isFinished() && now.state() != SessionState.SHUTTING_DOWN) {
            return Polled.failed(
                now.rawState(),
                new SessionFailedException("Batch " + id + " ended " + now.rawState(), now));
          }
          return Polled.running(now.rawState(), now.phase().orElse(null), null);
        });
  }

  @Override
  public void cancel(CallScope scope) {
    cancelled = true;
    delete(scope);
  }

  void delete(CallScope scope) {
    try {
      ctx.backend.deleteBatch(ctx.transport(scope), id);
    } catch (LivyServiceException e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
  }
}
