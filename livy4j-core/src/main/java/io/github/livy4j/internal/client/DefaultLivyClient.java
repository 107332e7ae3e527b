package io.github.livy4j.internal.client;

import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.LivyAsyncClient;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.SessionField;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client: the public facade over its parts, which create ({@link RemoteCreate}), own
 * ({@link OwnedSessions}), tick ({@link LifetimeTicker}), sweep ({@link OrphanSweeper}) and
 * clean up ({@link Cleanups}) its sessions.
 */
public final class DefaultLivyClient implements LivyClient {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLivyClient.class);

  private final ClientContext ctx;
  private final Cleanups cleanups;
  private final OwnedSessions owned;
  private final SessionOwner owner;
  private final LifetimeTicker ticker;
  private final OrphanSweeper sweeper;
  private final Object attachLock = new Object();
  private final DefaultLivyAsyncClient async;

  /**
   * Creates the client.
   *
   * @param config the configuration
   */
  public DefaultLivyClient(ClientConfig config) {
    this(config, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Creates the client with a source of randomness, for tests of jitter.
   *
   * @param config the configuration
   * @param random uniform random numbers in [0, 1)
   */
  public DefaultLivyClient(ClientConfig config, DoubleSupplier random) {
    this.ctx = new ClientContext(config, random);
    ctx.engine().register(this);
    this.cleanups = new Cleanups(config.clock(), config.closeTimeout());
    this.owned = new OwnedSessions(ctx);
    this.owner =
        new SessionOwner(
            ctx,
            new RemoteCreate(ctx, cleanups),
            new SessionEvents(config.sessionListeners()),
            owned,
            cleanups);
    this.ticker = new LifetimeTicker(ctx, owned, owner.events());
    this.sweeper = new OrphanSweeper(ctx, owned);
    this.async = new DefaultLivyAsyncClient(this);
  }

  ClientContext context() {
    return ctx;
  }

  @Override
  public LivySession createSession(SessionSpec spec) {
    CallDeadline d = startDeadline();
    return startCreate(spec, ctx.observers.start(LivyOperation.SESSION_CREATE, null, null), d)
        .waitForCompletion(d.start(), d.timeout(), CallScope.NONE);
  }

  @Override
  public Poller<LivySession> beginCreateSession(SessionSpec spec) {
    return startCreate(
        spec, ctx.observers.start(LivyOperation.SESSION_CREATE, null, null), startDeadline());
  }

  /** @return the deadline of a session start made now, the create included */
  CallDeadline startDeadline() {
    return CallDeadline.from(ctx.config.clock(), ctx.config.polling().sessionStartTimeout());
  }

  /**
   * Creates a session and returns the poller of its start, which ends {@code op}.
   *
   * @param spec the spec
   * @param op the operation, started on the caller's thread
   * @param deadline the deadline of the start, which the create counts against
   * @return the poller
   */
  DefaultPoller<LivySession> startCreate(
      SessionSpec spec, ObservedOperation op, CallDeadline deadline) {
    return ClientContext.begun(
        op,
        opScope -> {
          Objects.requireNonNull(spec, "spec");
          ctx.ensureOpen();
          String name = SessionNames.of(spec, ctx.config.clock());
          SessionInfo first =
              deadline.begin(
                  () -> "session '" + name + "' to be created",
                  opScope,
                  call -> {
                    owner.creates().checkFields(spec, call);
                    return owner.creates().session(spec, name, call);
                  });
          return created(spec, name, first, op);
        });
  }

  /**
   * {@link #startCreate} without a thread held while the create is in flight (see {@link
   * RemoteCreate#sessionAsync}); the future is completed on the threads that complete callers'
   * futures, so that what a caller chains on it cannot stall the client's own threads.
   *
   * @param spec the spec
   * @param op the operation, started on the caller's thread
   * @param deadline the deadline of the start, which the create counts against
   * @return the poller, once the session is created
   */
  CompletableFuture<DefaultPoller<LivySession>> startCreateAsync(
      SessionSpec spec, ObservedOperation op, CallDeadline deadline) {
    CompletableFuture<DefaultPoller<LivySession>> result = new CompletableFuture<>();
    try {
      Objects.requireNonNull(spec, "spec");
      ctx.ensureOpen();
      String name = SessionNames.of(spec, ctx.config.clock());
      CallScope call = CallScope.of(op).within(deadline.end());
      ctx.capabilitiesAsync(call)
          .thenCompose(
              caps -> {
                owner.creates().checkFields(spec, caps);
                return owner.creates().sessionAsync(spec, name, call);
              })
          .thenApply(first -> created(spec, name, first, op))
          .whenComplete(
              (poller, e) -> {
                Throwable failure = e == null ? null : Futures.unwrap(e);
                if (failure instanceof DeadlineExceededException cut) {
                  failure = deadline.timedOut("session '" + name + "' to be created", cut);
                }
                if (failure != null) {
                  op.end(failure);
                }
                ctx.complete(result, poller, failure, op);
              });
    } catch (RuntimeException e) {
      op.end(e);
      result.completeExceptionally(e);
    }
    return result;
  }

  /** A session the server created: owned, and its start to be polled, which ends {@code op}. */
  private DefaultPoller<LivySession> created(
      SessionSpec spec, String name, SessionInfo first, ObservedOperation op) {
    op.identified(first.id().value());
    DefaultLivySession session =
        new DefaultLivySession(
            owner, first, spec.initStatements(), ctx.config.clock().instant(), spec);
    owned.own(session);
    if (session.lifetime().hasLifetime()) {
      ticker.start();
    }
    LOG.debug("Created session {} ({}) in state {}", first.id(), name, first.rawState());
    return SessionStart.poller(session, true, op);
  }

  @Override
  public LivySession attach(SessionId id) {
    return attach(id, ctx.observers.start(LivyOperation.SESSION_ATTACH, id, null));
  }

  /**
   * Attaches, as {@code op}.
   *
   * @param id the session
   * @param op the operation, started on the caller's thread
   * @return the session
   */
  LivySession attach(SessionId id, ObservedOperation op) {
    return ClientContext.observed(op, call -> attachObserved(id, call));
  }

  private LivySession attachObserved(SessionId id, CallScope call) {
    Objects.requireNonNull(id, "id");
    ctx.ensureOpen();
    synchronized (attachLock) {
      // a session this client already owns keeps its one owner: one close, one DELETE
      Optional<DefaultLivySession> mine = owned.find(id);
      if (mine.isPresent() && mine.get().lifetime().heldWarm()) {
        // its close would delete it while the pool lends it
        throw new IllegalStateException(
            "session "
                + id
                + " belongs to a SessionPool of this client: use the LivySession the pool"
                + " lent (its async() is the asynchronous view), and close that to give it back");
      }
      if (mine.isPresent()) {
        return mine.get();
      }
      SessionInfo info = ctx.backend.getSession(ctx.transport(call), id);
      DefaultLivySession session = new DefaultLivySession(owner, info, List.of(), null, null);
      owned.own(session);
      return session;
    }
  }

  @Override
  public List<SessionInfo> listSessions() {
    return listSessions(ctx.observers.start(LivyOperation.SESSION_LIST, null, null));
  }

  /**
   * Lists sessions, as {@code op}.
   *
   * @param op the operation, started on the caller's thread
   * @return the sessions
   */
  List<SessionInfo> listSessions(ObservedOperation op) {
    return ClientContext.observed(op, this::listSessions);
  }

  private List<SessionInfo> listSessions(CallScope call) {
    ctx.ensureOpen();
    return ctx.backend.listSessions(ctx.transport(call));
  }

  @Override
  public List<SessionInfo> listSessions(String namePrefix) {
    String prefix = SessionNames.prefix(namePrefix);
    return OrphanSweeper.withPrefix(listSessions(), prefix);
  }

  /**
   * Lists the sessions of a prefix, as {@code op}.
   *
   * @param prefix the prefix, checked
   * @param op the operation, started on the caller's thread
   * @return the sessions
   */
  List<SessionInfo> listSessions(String prefix, ObservedOperation op) {
    return OrphanSweeper.withPrefix(listSessions(op), prefix);
  }

  @Override
  public void ping() {
    ping(ctx.observers.start(LivyOperation.SERVER_PING, null, null));
  }

  /**
   * Asks the server one cheap question, as {@code op}.
   *
   * @param op the operation, started on the caller's thread
   */
  void ping(ObservedOperation op) {
    ClientContext.observed(
        op,
        call -> {
          ctx.ensureOpen();
          ctx.backend.ping(ctx.transport(call));
          return null;
        });
  }

  @Override
  public List<SessionInfo> deleteOrphans(String namePrefix, Duration olderThan, boolean dryRun) {
    return deleteOrphans(
        namePrefix,
        olderThan,
        dryRun,
        ctx.observers.start(LivyOperation.SESSION_DELETE_ORPHANS, null, null));
  }

  /**
   * Deletes (or lists) orphans, as {@code op}.
   *
   * @param namePrefix the prefix
   * @param olderThan how old an orphan is at least
   * @param dryRun whether only to list them
   * @param op the operation, started on the caller's thread
   * @return the sessions deleted, or that would be
   */
  List<SessionInfo> deleteOrphans(
      String namePrefix, Duration olderThan, boolean dryRun, ObservedOperation op) {
    return ClientContext.observed(
        op, call -> sweeper.sweep(namePrefix, olderThan, dryRun, call, () -> listSessions(call)));
  }

  @Override
  public BatchPoller submitBatch(BatchSpec spec) {
    return submitBatch(spec, ctx.observers.start(LivyOperation.BATCH_SUBMIT, null, null));
  }

  /**
   * Submits a batch, as {@code op}, which its poller ends.
   *
   * @param spec the batch
   * @param op the operation, started on the caller's thread
   * @return the batch's poller
   */
  BatchPoller submitBatch(BatchSpec spec, ObservedOperation op) {
    return ClientContext.begun(op, opScope -> submitBatch(spec, op, opScope));
  }

  private BatchPoller submitBatch(BatchSpec spec, ObservedOperation op, CallScope opScope) {
    Objects.requireNonNull(spec, "spec");
    ctx.ensureOpen();
    String name = SessionNames.of(spec.name(), spec.namePrefix(), ctx.config.clock());
    CallDeadline d = CallDeadline.from(ctx.config.clock(), ctx.config.polling().statementTimeout());
    SessionInfo first =
        d.begin(
            () -> "batch '" + name + "' to be submitted",
            opScope,
            call -> {
              requireBatches(call);
              if (!spec.tags().isEmpty() && !ctx.capabilities(call).accepts(SessionField.TAGS)) {
                throw new IllegalArgumentException(
                    ctx.backend.description()
                        + " does not accept tags; remove them from the BatchSpec");
              }
              return owner.creates().batch(spec, name, call);
            });
    LOG.debug("Submitted batch {} ({}) in state {}", first.id(), name, first.rawState());
    op.identified(first.id().value());
    return new DefaultBatchPoller(ctx, first, op);
  }

  @Override
  public BatchPoller attachBatch(BatchId id) {
    return attachBatch(id, ctx.observers.start(LivyOperation.BATCH_ATTACH, null, null));
  }

  /**
   * Attaches to a batch, as {@code op}, which its poller ends.
   *
   * @param id the batch
   * @param op the operation, started on the caller's thread
   * @return the batch's poller
   */
  BatchPoller attachBatch(BatchId id, ObservedOperation op) {
    return ClientContext.begun(
        op,
        call -> {
          Objects.requireNonNull(id, "id");
          ctx.ensureOpen();
          requireBatches(call);
          op.identified(id.value());
          return new DefaultBatchPoller(ctx, ctx.backend.getBatch(ctx.transport(call), id), op);
        });
  }

  @Override
  public List<SessionInfo> listBatches() {
    return listBatches(ctx.observers.start(LivyOperation.BATCH_LIST, null, null));
  }

  /**
   * Lists batches, as {@code op}.
   *
   * @param op the operation, started on the caller's thread
   * @return the batches
   */
  List<SessionInfo> listBatches(ObservedOperation op) {
    return ClientContext.observed(
        op,
        call -> {
          ctx.ensureOpen();
          requireBatches(call);
          return ctx.backend.listBatches(ctx.transport(call));
        });
  }

  private void requireBatches(CallScope call) {
    if (!ctx.capabilities(call).batches()) {
      throw new UnsupportedOperationException(ctx.backend.description() + " runs no batches");
    }
  }

  @Override
  public LivyAsyncClient async() {
    return async;
  }

  /**
   * Adds an internal listener for expiries (a pool's).
   *
   * @param listener the listener
   */
  void onExpiry(Consumer<SessionExpiredException> listener) {
    owner.events().onExpiry(listener);
  }

  @Override
  public void close() {
    if (!ctx.markClosed()) {
      return;
    }
    Instant deadline = ctx.config.clock().instant().plus(ctx.config.closeTimeout());
    try {
      // the clean-ups still running first (they delete sessions this client still owns), then
      // whatever is left, all within the one budget
      cleanups.close(deadline);
      owned.closeAll(deadline);
    } finally {
      ctx.shutdownThreads();
      owned.removeShutdownHook();
      ctx.engine().unregister(this);
    }
  }

  @Override
  public String toString() {
    return "LivyClient[" + ctx.backend.description() + ", sessions=" + owned.size() + "]";
  }
}
