package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivySession;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.spi.BackendCapabilities;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The asynchronous view of a session. Statements are submitted and polled without holding a
 * thread; the calls that have no asynchronous form run on the client's pool for blocking calls.
 * What the view's owner does on close (delete the session, or give it back to its pool) and
 * whether it may still be used is the owner's.
 */
final class DefaultLivyAsyncSession implements LivyAsyncSession {
  private final Supplier<DefaultLivySession> live;
  private final LivySession owner;
  private final ClientContext ctx;

  /**
   * The view of a session.
   *
   * @param live the session, or a failure if it may no longer be used (a pooled session given
   *     back)
   * @param owner the blocking session the view is of: its calls and its close are the view's
   * @param ctx the client's context
   */
  DefaultLivyAsyncSession(Supplier<DefaultLivySession> live, LivySession owner, ClientContext ctx) {
    this.live = live;
    this.owner = owner;
    this.ctx = ctx;
  }

  @Override
  public SessionId id() {
    return owner.id();
  }

  @Override
  public SessionInfo info() {
    return owner.info();
  }

  @Override
  public CompletableFuture<SessionInfo> refresh() {
    return observed(LivyOperation.SESSION_GET, (s, op) -> s.refresh(op));
  }

  @Override
  public CompletableFuture<StatementResult> execute(Code code) {
    return execute(code, ctx.config.polling().statementTimeout());
  }

  @Override
  public CompletableFuture<StatementResult> execute(Code code, Duration timeout) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    // refused at once, as by the blocking call; the submit counts against the deadline
    CallDeadline d = CallDeadline.from(ctx.config.clock(), timeout);
    CompletableFuture<StatementResult> result = new CompletableFuture<>();
    // cancelling the returned future before the submit finished cancels the statement as soon
    // as it exists
    submit(code, d)
        .whenComplete(
            (poller, submitFailure) -> {
              if (submitFailure != null) {
                result.completeExceptionally(submitFailure);
                return;
              }
              CompletableFuture<StatementResult> polling =
                  poller.poller().waitAsync(d.start(), d.timeout());
              relay(polling, result);
            });
    return result;
  }

  @Override
  public CompletableFuture<StatementResult> execute(String code) {
    Objects.requireNonNull(code, "code");
    return execute(new Code(live.get().kind(), code));
  }

  @Override
  public CompletableFuture<Table> read(String dataFrame) {
    return read(dataFrame, live.get().kind());
  }

  @Override
  public CompletableFuture<Table> read(String dataFrame, CodeKind kind) {
    DataFrameRead r = DataFrameRead.of(dataFrame, kind);
    return execute(r.makeView())
        .thenCompose(made -> execute(r.select()))
        .thenApply(StatementResult::table);
  }

  @Override
  public CompletableFuture<StatementPoller> beginExecute(Code code) {
    Objects.requireNonNull(code, "code");
    CallDeadline d = CallDeadline.from(ctx.config.clock(), ctx.config.polling().statementTimeout());
    return submit(code, d).thenApply(p -> p);
  }

  /**
   * Completes {@code to} as {@code from} completes; cancelling {@code to} cancels {@code from}
   * (and so the remote statement).
   */
  private static <T> void relay(CompletableFuture<T> from, CompletableFuture<T> to) {
    from.whenComplete(
        (r, e) -> {
          if (e != null) {
            to.completeExceptionally(e);
          } else {
            to.complete(r);
          }
        });
    to.whenComplete(
        (r, e) -> {
          if (to.isCancelled()) {
            from.cancel(true);
          }
        });
  }

  private CompletableFuture<DefaultStatementPoller> submit(Code code, CallDeadline d) {
    try {
      ctx.ensureOpen();
      return live.get().beginExecuteAsync(code, d);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<StatementInfo> statement(StatementId statement) {
    Objects.requireNonNull(statement, "statement");
    return observed(LivyOperation.STATEMENT_GET, (s, op) -> s.requests().statement(statement, op));
  }

  @Override
  public CompletableFuture<Void> cancel(StatementId statement) {
    Objects.requireNonNull(statement, "statement");
    return observed(
        LivyOperation.STATEMENT_CANCEL,
        (s, op) -> {
          s.requests().cancel(statement, op);
          return null;
        });
  }

  @Override
  public CompletableFuture<List<String>> log(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1, was " + lines);
    }
    if (lacks(BackendCapabilities::sessionLogs)) {
      return call(() -> owner.log(lines)); // refused before any operation, as by the blocking call
    }
    return observed(LivyOperation.SESSION_LOG, (s, op) -> s.requests().log(lines, op));
  }

  @Override
  public CompletableFuture<LogPage> log(int from, int size) {
    if (from < 0) {
      throw new IllegalArgumentException("from must not be negative, was " + from);
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    if (lacks(BackendCapabilities::sessionLogs)) {
      return call(() -> owner.log(from, size));
    }
    return observed(LivyOperation.SESSION_LOG, (s, op) -> s.requests().log(from, size, op));
  }

  @Override
  public CompletableFuture<List<String>> completions(Code code, int cursor) {
    Objects.requireNonNull(code, "code");
    if (cursor < 0 || cursor > code.code().length()) {
      throw new IllegalArgumentException(
          "cursor " + cursor + " is outside the code (0 to " + code.code().length() + ")");
    }
    if (lacks(BackendCapabilities::completion)) {
      return call(() -> owner.completions(code, cursor));
    }
    return observed(
        LivyOperation.STATEMENT_COMPLETION, (s, op) -> s.requests().completions(code, cursor, op));
  }

  @Override
  public CompletableFuture<Boolean> keepAlive() {
    if (lacks(BackendCapabilities::keepAlive)) {
      return call(owner::keepAlive); // answers false, sending nothing, as the blocking call does
    }
    return observed(LivyOperation.SESSION_KEEPALIVE, (s, op) -> s.requests().keepAlive(op));
  }

  @Override
  public SessionId detach() {
    return owner.detach();
  }

  @Override
  public LivySession sync() {
    return owner;
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    if (ctx.isClosed()) {
      // the client's close deleted it already: nothing is sent
      try {
        owner.close();
        return CompletableFuture.completedFuture(null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    if (!(owner instanceof DefaultLivySession s)) {
      // a pooled session goes back to its pool
      return call(
          () -> {
            owner.close();
            return null;
          });
    }
    ObservedOperation op;
    try {
      op = s.claimClose();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (op == null) {
      return CompletableFuture.completedFuture(null); // closed or detached before
    }
    return ctx.supply(
        op,
        () -> {
          s.finishClose(op);
          return null;
        });
  }

  @Override
  public void close() {
    owner.close();
  }

  /** Runs blocking work that starts no operation of its own on the client's pool. */
  private <T> CompletableFuture<T> call(Supplier<T> work) {
    return ctx.supply(work);
  }

  /**
   * Starts an operation of the session on the caller's thread, then runs its work on the
   * client's pool, and completes the caller's future with the operation's scopes open. A
   * session that may no longer be used through this view (a pooled one given back), or a closed
   * client, fails the future at once, no operation started.
   */
  private <T> CompletableFuture<T> observed(
      String name, BiFunction<DefaultLivySession, ObservedOperation, T> work) {
    try {
      ctx.ensureOpen();
      live.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    ObservedOperation op = ctx.observers.start(name, owner.id(), null);
    return ctx.supply(op, () -> work.apply(live.get(), op));
  }

  /** Whether the backend is known, without a request, not to do what {@code can} asks. */
  private boolean lacks(Predicate<BackendCapabilities> can) {
    return ctx.knownCapabilities().map(c -> !can.test(c)).orElse(false);
  }

  @Override
  public String toString() {
    return "LivyAsyncSession[id=" + owner.id() + "]";
  }
}
