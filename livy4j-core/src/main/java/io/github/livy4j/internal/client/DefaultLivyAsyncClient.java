package io.github.livy4j.internal.client;

import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.LivyAsyncClient;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The asynchronous view of a {@link DefaultLivyClient}. A session's create is sent, and its
 * start polled, without holding a thread, so that many creates on a slow server keep no other
 * call waiting; the requests that have no asynchronous form run on the client's pool for
 * blocking calls, never on the threads that poll.
 */
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
    client
        .startCreateAsync(spec, op, d)
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
                    } else if (!result.complete(s.async())) {
                      s.close();
                    }
                  });
            });
    return result;
  }

  @Override
  public CompletableFuture<Poller<LivySession>> beginCreateSession(SessionSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ObservedOperation op =
        client.context().observers.start(LivyOperation.SESSION_CREATE, null, null);
    CallDeadline d = client.startDeadline();
    return client.startCreateAsync(spec, op, d).thenApply(p -> p);
  }

  @Override
  public CompletableFuture<LivyAsyncSession> attach(SessionId id) {
    Objects.requireNonNull(id, "id");
    ObservedOperation op = client.context().observers.start(LivyOperation.SESSION_ATTACH, id, null);
    return supply(op, () -> client.attach(id, op).async());
  }

  @Override
  public CompletableFuture<List<SessionInfo>> listSessions() {
    ObservedOperation op = start(LivyOperation.SESSION_LIST);
    return supply(op, () -> client.listSessions(op));
  }

  @Override
  public CompletableFuture<List<SessionInfo>> listSessions(String namePrefix) {
    String prefix = SessionNames.prefix(namePrefix); // refused at once, as by the blocking call
    ObservedOperation op = start(LivyOperation.SESSION_LIST);
    return supply(op, () -> client.listSessions(prefix, op));
  }

  @Override
  public CompletableFuture<Void> ping() {
    ObservedOperation op = start(LivyOperation.SERVER_PING);
    return supply(
        op,
        () -> {
          client.ping(op);
          return null;
        });
  }

  @Override
  public CompletableFuture<List<SessionInfo>> deleteOrphans(
      String namePrefix, Duration olderThan, boolean dryRun) {
    SessionNames.prefix(namePrefix);
    Objects.requireNonNull(olderThan, "olderThan");
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative, was " + olderThan);
    }
    ObservedOperation op = start(LivyOperation.SESSION_DELETE_ORPHANS);
    return supply(op, () -> client.deleteOrphans(namePrefix, olderThan, dryRun, op));
  }

  @Override
  public CompletableFuture<BatchPoller> submitBatch(BatchSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ObservedOperation op = start(LivyOperation.BATCH_SUBMIT);
    return supply(op, () -> client.submitBatch(spec, op));
  }

  @Override
  public CompletableFuture<BatchPoller> attachBatch(BatchId id) {
    Objects.requireNonNull(id, "id");
    ObservedOperation op = start(LivyOperation.BATCH_ATTACH);
    return supply(op, () -> client.attachBatch(id, op));
  }

  @Override
  public CompletableFuture<List<SessionInfo>> listBatches() {
    ObservedOperation op = start(LivyOperation.BATCH_LIST);
    return supply(op, () -> client.listBatches(op));
  }

  @Override
  public LivyClient sync() {
    return client;
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    // on a thread of its own: the client's close ends the client's threads and waits for them
    return CompletableFuture.runAsync(
        client::close,
        task -> {
          Thread t = new Thread(task, "livy4j-close");
          t.setDaemon(true);
          t.start();
        });
  }

  /** Starts an operation of the user's, on the caller's thread. */
  private ObservedOperation start(String name) {
    return client.context().observers.start(name, null, null);
  }

  /**
   * Runs the work of {@code op}, started on the caller's thread, on a client thread, and
   * completes the caller's future with the operation's scopes open; a failure of the work, or
   * to start it, ends the op.
   */
  private <T> CompletableFuture<T> supply(ObservedOperation op, Supplier<T> work) {
    return client.context().supply(op, work);
  }
}
