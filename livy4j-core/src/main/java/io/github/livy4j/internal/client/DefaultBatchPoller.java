package io.github.livy4j.internal.client;

import io.github.livy4j.BatchId;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.PollListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A batch's poller: the shared poller plus the batch's id, snapshot and log. */
final class DefaultBatchPoller extends ForwardingPoller<SessionInfo> implements BatchPoller {
  private final ClientContext ctx;
  private final BatchRun op;

  DefaultBatchPoller(ClientContext ctx, SessionInfo first, ObservedOperation observed) {
    this(ctx, new BatchRun(ctx, first), first, observed);
  }

  private DefaultBatchPoller(
      ClientContext ctx, BatchRun op, SessionInfo first, ObservedOperation observed) {
    super(
        new DefaultPoller<>(
            op,
            DefaultPoller.Options.of(
                    ctx.config.polling().sessionBackoff(),
                    ctx.config.polling().statementTimeout(),
                    ctx.timing(),
                    first.rawState())
                .withObserved(observed)));
    this.ctx = ctx;
    this.op = op;
  }

  @Override
  public BatchId batchId() {
    return op.id();
  }

  @Override
  public SessionInfo info() {
    return op.info();
  }

  @Override
  public List<String> log(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1, was " + lines);
    }
    return log(lines, start(LivyOperation.BATCH_LOG));
  }

  private List<String> log(int lines, ObservedOperation observed) {
    return ClientContext.observed(
        observed, call -> ctx.backend.batchLog(ctx.transport(call), op.id(), -1, lines).lines());
  }

  @Override
  public LogPage log(int from, int size) {
    if (from < 0 || size < 1) {
      throw new IllegalArgumentException(
          "from must be at least 0 and size at least 1, were " + from + " and " + size);
    }
    return log(from, size, start(LivyOperation.BATCH_LOG));
  }

  private LogPage log(int from, int size, ObservedOperation observed) {
    return ClientContext.observed(
        observed, call -> ctx.backend.batchLog(ctx.transport(call), op.id(), from, size));
  }

  @Override
  public void delete() {
    delete(start(LivyOperation.BATCH_DELETE));
  }

  private void delete(ObservedOperation observed) {
    ClientContext.observed(
        observed,
        call -> {
          op.delete(call);
          return null;
        });
  }

  @Override
  public CompletableFuture<List<String>> logAsync(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1, was " + lines);
    }
    ObservedOperation observed = start(LivyOperation.BATCH_LOG);
    return ctx.supply(observed, () -> log(lines, observed));
  }

  @Override
  public CompletableFuture<LogPage> logAsync(int from, int size) {
    if (from < 0 || size < 1) {
      throw new IllegalArgumentException(
          "from must be at least 0 and size at least 1, were " + from + " and " + size);
    }
    ObservedOperation observed = start(LivyOperation.BATCH_LOG);
    return ctx.supply(observed, () -> log(from, size, observed));
  }

  @Override
  public CompletableFuture<Void> deleteAsync() {
    ObservedOperation observed = start(LivyOperation.BATCH_DELETE);
    return ctx.supply(
        observed,
        () -> {
          delete(observed);
          return null;
        });
  }

  @Override
  public BatchPoller addListener(PollListener listener) {
    poller.addListener(listener);
    return this;
  }

  /** Starts an operation of the user's on the batch, on the caller's thread. */
  private ObservedOperation start(String name) {
    return ctx.observers.start(name, null, null);
  }

  @Override
  public String toString() {
    return "BatchPoller[batch=" + op.id() + ", state=" + poller.latest().state() + "]";
  }
}
