package io.github.livy4j.internal.client;

import io.github.livy4j.LivyAsyncClient;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.spi.Futures;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** The asynchronous view of a {@link DefaultLivyClient}. */
final class DefaultLivyAsyncClient implements LivyAsyncClient {
  private final DefaultLivyClient client;

  DefaultLivyAsyncClient(DefaultLivyClient client) {
    this.client = client;
  }

  @Override
  public CompletableFuture<LivyAsyncSession> createSession(SessionSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ClientContext ctx = client.context();
    CompletableFuture<LivyAsyncSession> result = new CompletableFuture<>();
    ObservedOperation op = ctx.observers.start(LivyOperation.SESSION_CREATE, null, null);
    // the create counts against the start's deadline, from now
    CallDeadline d = client.startDeadline();
    supply(op, () -> client.startCreate(spec, op, d))
        .whenComplete(
            (poller, createFailure) -> {
              if (createFailure != null) {
                result.completeExceptionally(createFailure);
                return;
              }
              CompletableFuture<LivySession> waiting = poller.waitAsync(d.start(), d.timeout());
              // cancelling the caller's future, even before the create answered, deletes the
              // session
              result.whenComplete(
                  (s, e) -> {
                    if (result.isCancelled()) {
                      waiting.cancel(true);
                    }
                  });
              waiting.whenComplete(
                  (s, e) -> {
                    if (e != null) {
                      result.completeExceptionally(e);
                    } else if (!result.complete(
                        new DefaultLivyAsyncSession((DefaultLivySession) s))) {
                      ((DefaultLivySession) s).close();
                    }
                  });
            });
    return result;
  }

  @Override
  public CompletableFuture<LivyAsyncSession> attach(SessionId id) {
    Objects.requireNonNull(id, "id");
    ObservedOperation op = client.context().observers.start(LivyOperation.SESSION_ATTACH, id, null);
    return supply(
        op, () -> new DefaultLivyAsyncSession((DefaultLivySession) client.attach(id, op)));
  }

  @Override
  public CompletableFuture<List<SessionInfo>> listSessions() {
    ObservedOperation op = client.context().observers.start(LivyOperation.SESSION_LIST, null, null);
    return supply(op, () -> client.listSessions(op));
  }

  @Override
  public LivyClient sync() {
    return client;
  }

  /** Runs the work of {@code op} on a client thread; a failure to start it ends the op. */
  private <T> CompletableFuture<T> supply(ObservedOperation op, Supplier<T> work) {
    CompletableFuture<T> f = supply(client.context(), work);
    f.whenComplete(
        (v, e) -> {
          if (e != null) {
            op.end(Futures.unwrap(e));
          }
        });
    return f;
  }

  static <T> CompletableFuture<T> supply(ClientContext ctx, Supplier<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      ctx.ensureOpen();
      ctx.scheduler()
          .execute(
              () -> {
                try {
                  f.complete(work.get());
                } catch (RuntimeException e) {
                  f.completeExceptionally(e);
                }
              });
    } catch (RejectedExecutionException e) {
      // closed meanwhile: said as the blocking call says it
      IllegalStateException closed = new IllegalStateException("this LivyClient is closed");
      closed.addSuppressed(e);
      f.completeExceptionally(closed);
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    }
    return f;
  }
}
