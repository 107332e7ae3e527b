package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.StatementResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The asynchronous view of a {@link DefaultLivySession}. */
final class DefaultLivyAsyncSession implements LivyAsyncSession {
  private final DefaultLivySession session;

  DefaultLivyAsyncSession(DefaultLivySession session) {
    this.session = session;
  }

  @Override
  public SessionId id() {
    return session.id();
  }

  @Override
  public SessionInfo info() {
    return session.info();
  }

  @Override
  public CompletableFuture<StatementResult> execute(Code code) {
    return execute(code, session.context().config.polling().statementTimeout());
  }

  @Override
  public CompletableFuture<StatementResult> execute(Code code, Duration timeout) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    // submit without blocking, then poll asynchronously; cancelling the returned future before
    // the submit finished cancels the statement as soon as it exists
    // refused at once, as by the blocking call; the submit counts against the deadline
    CallDeadline d = CallDeadline.from(session.context().config.clock(), timeout);
    CompletableFuture<StatementResult> result = new CompletableFuture<>();
    CompletableFuture<DefaultStatementPoller> submitting;
    try {
      submitting = session.beginExecuteAsync(code, d);
    } catch (RuntimeException e) {
      submitting = CompletableFuture.failedFuture(e);
    }
    submitting
        .thenApply(DefaultStatementPoller::poller)
        .whenComplete(
            (poller, submitFailure) -> {
              if (submitFailure != null) {
                result.completeExceptionally(submitFailure);
                return;
              }
              CompletableFuture<StatementResult> polling = poller.waitAsync(d.start(), d.timeout());
              polling.whenComplete(
                  (r, e) -> {
                    if (e != null) {
                      result.completeExceptionally(e);
                    } else {
                      result.complete(r);
                    }
                  });
              result.whenComplete(
                  (r, e) -> {
                    if (result.isCancelled()) {
                      polling.cancel(true);
                    }
                  });
            });
    return result;
  }

  @Override
  public CompletableFuture<SessionInfo> refresh() {
    return DefaultLivyAsyncClient.supply(session.context(), session::refresh);
  }

  @Override
  public LivySession sync() {
    return session;
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    return DefaultLivyAsyncClient.supply(
        session.context(),
        () -> {
          session.close();
          return null;
        });
  }

  @Override
  public void close() {
    session.close();
  }

  @Override
  public String toString() {
    return "LivyAsyncSession[id=" + session.id() + "]";
  }
}
