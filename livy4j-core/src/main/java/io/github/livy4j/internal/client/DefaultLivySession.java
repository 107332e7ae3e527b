package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session handle, owned by its client until closed or detached: the public facade, and the
 * coordinator of the session's parts: which remote session it is ({@link SessionIdentity}),
 * what is known of it ({@link SessionView}), its life as the client runs it
 * ({@link SessionLifetime}), its statements' submits ({@link StatementSubmitter}) and the
 * window of results Livy keeps ({@link RetainedWindow}).
 */
final class DefaultLivySession implements LivySession, StatementHost, SessionStart.Host {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLivySession.class);

  private final SessionOwner owner;
  private final ClientContext ctx;
  private final SessionSpec spec;
  private final List<Code> initStatements;
  private final SessionIdentity identity;
  private final SessionView view;
  private final SessionLifetime lifetime;
  private final RetainedWindow window;
  private final StatementSubmitter submitter;
  private final SessionRequests requests;
  private final SessionClosing closing;
  private final LivyAsyncSession async;
  private final SessionEnding ending;
  private final ReentrantLock recovering = new ReentrantLock();

  /**
   * A session handle whose life the client runs.
   *
   * @param owner the client's parts the session uses
   * @param first the session's first snapshot
   * @param initStatements what runs once it is ready
   * @param createdAt when this client created the session, or {@code null} when attached
   * @param spec the spec with its lifetime, or {@code null} for none
   */
  DefaultLivySession(
      SessionOwner owner,
      SessionInfo first,
      List<Code> initStatements,
      Instant createdAt,
      SessionSpec spec) {
    this.owner = owner;
    this.ctx = owner.ctx();
    this.spec = spec;
    this.initStatements = List.copyOf(initStatements);
    this.identity = new SessionIdentity(ctx, first);
    this.closing = new SessionClosing(identity, owner, () -> owner.owned().release(this));
    this.view = new SessionView(ctx, identity, first, closing::isLive);
    this.lifetime = new SessionLifetime(ctx.config.clock(), spec, createdAt);
    this.window = new RetainedWindow(SessionConf.retainedStatements(spec));
    this.submitter = new StatementSubmitter(this);
    this.requests = new SessionRequests(this);
    this.async = new DefaultLivyAsyncSession(() -> this, this, ctx);
    this.ending = new SessionEnding(this::id, lifetime, owner.events(), this::close);
  }

  @Override
  public ClientContext context() {
    return ctx;
  }

  @Override
  public SessionIdentity identity() {
    return identity;
  }

  @Override
  public SessionView view() {
    return view;
  }

  @Override
  public SessionLifetime lifetime() {
    return lifetime;
  }

  @Override
  public int sqlRowLimit() {
    return SessionConf.sqlRowLimit(spec);
  }

  @Override
  public boolean recoversLostSessions() {
    return spec != null && spec.recoversLostSessions() && lifetime.createdAt() != null;
  }

  /**
   * Replaces the remote session, lost as {@code cause} says, by a new one of the same spec,
   * ready and with its init statements run, unless that happened already since
   * {@code seenGeneration}.
   *
   * @param seenGeneration the generation the caller worked with
   * @param cause how the loss showed
   * @return the session id that was lost, or {@code null} if another caller already replaced it
   * @throws LivyException if the replacement could not be created or its init failed (it is
   *     deleted then, and the session handle stays lost)
   */
  @Override
  public SessionId recover(int seenGeneration, Throwable cause, CallScope call) {
    // a lock, not a monitor: the replacement's start is waited for under it, and a virtual
    // thread waiting under a monitor would hold its carrier thread all that time
    recovering.lock();
    try {
      return replace(seenGeneration, cause, call);
    } finally {
      recovering.unlock();
    }
  }

  private SessionId replace(int seenGeneration, Throwable cause, CallScope call) {
    if (identity.generation() != seenGeneration) {
      return null;
    }
    if (!closing.isLive()) {
      throw new IllegalStateException("session " + id() + " is closed");
    }
    SessionId lost = id();
    LOG.info("Session {} was lost ({}); creating a replacement", lost, cause.getMessage());
    try {
      identity.deleteIfStillOurs(call);
    } catch (LivyException e) {
      LOG.debug("Deleting lost session {}: {}", lost, e.getMessage());
    }
    SessionInfo first =
        owner.creates().session(spec, SessionNames.of(spec, ctx.config.clock()), call);
    Instant now = ctx.config.clock().instant();
    ctx.observers.sessionStateChanged(lost, view.info().state(), null);
    identity.replaceWith(first);
    view.reset(first, now);
    ctx.observers.sessionStateChanged(id(), null, first.state());
    lifetime.restart(now);
    submitter.reset();
    window.clear();
    SessionStart.await(this, true, call);
    LOG.info("Session {} replaces lost session {}", id(), lost);
    owner.events().recovered(lost, id());
    return lost;
  }

  @Override
  public void statementStarted(StatementId statement) {
    lifetime.statementStarted();
    window.submitted(id(), statement);
  }

  @Override
  public void statementEnded(StatementId statement) {
    window.read(statement);
    lifetime.statementEnded();
  }

  @Override
  public SessionExpiredException gone(StatementId statement, boolean started) {
    return ending.gone(statement, started);
  }

  /**
   * Ends the session for a reason of the client's: deletes it and tells the listeners.
   *
   * @param reason why
   */
  void expire(SessionExpiredException.Reason reason) {
    ending.expire(reason);
  }

  @Override
  public SessionId id() {
    return identity.id();
  }

  @Override
  public SessionInfo info() {
    return view.info();
  }

  @Override
  public SessionInfo refresh() {
    return ctx.observed(LivyOperation.SESSION_GET, id(), this::refresh);
  }

  /**
   * Reads the whole snapshot, as {@code op}.
   *
   * @param op the operation, started on the caller's thread
   * @return the snapshot
   */
  SessionInfo refresh(ObservedOperation op) {
    return ClientContext.observed(op, this::refresh);
  }

  @Override
  public SessionInfo refresh(CallScope call) {
    return Futures.join(view.refresh(call, false));
  }

  /**
   * Reads the whole snapshot without blocking.
   *
   * @return the snapshot
   */
  CompletableFuture<SessionInfo> refreshAsync() {
    return view.refresh(CallScope.NONE, true);
  }

  @Override
  public void awaitReady(CallScope call) {
    SessionStart.await(this, false, call);
  }

  @Override
  public CompletableFuture<?> awaitReadyAsync(CallScope call) {
    return SessionStart.awaitAsync(this, call);
  }

  /**
   * Runs the spec's init statements once ready; a failure deletes the session.
   *
   * @param call the session start's call, whose deadline the init statements keep
   * @return this session
   */
  @Override
  public LivySession afterReady(CallScope call) {
    if (lifetime.becameReady()) {
      for (Code code : initStatements) {
        execute(code, ctx.config.polling().statementTimeout(), call);
      }
    }
    return this;
  }

  /**
   * @return the kind of the session's plain code
   * @throws IllegalStateException if it has none
   */
  CodeKind kind() {
    return DataFrameRead.kindOf(id(), spec == null ? Optional.empty() : spec.kind(), view.info());
  }

  @Override
  public StatementResult execute(String code) {
    Objects.requireNonNull(code, "code");
    return execute(new Code(kind(), code));
  }

  @Override
  public Table read(String dataFrame) {
    return read(dataFrame, kind());
  }

  @Override
  public Table read(String dataFrame, CodeKind kind) {
    return DataFrameRead.of(dataFrame, kind).read(this);
  }

  @Override
  public StatementResult execute(Code code) {
    return execute(code, ctx.config.polling().statementTimeout());
  }

  @Override
  public StatementResult execute(Code code, Duration timeout) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    return execute(code, timeout, CallScope.NONE);
  }

  private StatementResult execute(Code code, Duration timeout, CallScope outer) {
    CallDeadline d = CallDeadline.from(ctx.config.clock(), timeout);
    return submitter
        .beginExecute(code, ctx.observers.start(LivyOperation.STATEMENT_RUN, id(), code), d, outer)
        .poller()
        .waitForCompletion(d.start(), timeout, outer);
  }

  @Override
  public StatementPoller beginExecute(Code code) {
    Objects.requireNonNull(code, "code");
    return submitter.beginExecute(
        code,
        ctx.observers.start(LivyOperation.STATEMENT_RUN, id(), code),
        CallDeadline.from(ctx.config.clock(), ctx.config.polling().statementTimeout()),
        CallScope.NONE);
  }

  /**
   * Begins a statement without blocking.
   *
   * @param code the code
   * @param d the call's deadline, which the submit counts against
   * @return the statement's poller, once submitted
   */
  CompletableFuture<DefaultStatementPoller> beginExecuteAsync(Code code, CallDeadline d) {
    return submitter.beginExecuteAsync(code, d);
  }

  @Override
  public StatementInfo statement(StatementId statement) {
    return requests.statement(statement);
  }

  @Override
  public void cancel(StatementId statement) {
    requests.cancel(statement);
  }

  @Override
  public List<String> log(int lines) {
    return requests.log(lines);
  }

  @Override
  public LogPage log(int from, int size) {
    return requests.log(from, size);
  }

  @Override
  public List<String> completions(Code code, int cursor) {
    return requests.completions(code, cursor);
  }

  @Override
  public boolean keepAlive() {
    return requests.keepAlive();
  }

  /** @return the single requests the session makes for its user, each as an operation */
  SessionRequests requests() {
    return requests;
  }

  @Override
  public LivyAsyncSession async() {
    return async;
  }

  @Override
  public SessionId detach() {
    closing.detach();
    return id();
  }

  @Override
  public boolean closedByOwner() {
    return closing.closedByOwner();
  }

  @Override
  public void close() {
    closing.close(lifetime.expired());
  }

  /**
   * Begins the close for its owner on the caller's thread; see {@link SessionClosing#claimClose}.
   *
   * @return the delete's operation, for {@link #finishClose}, or {@code null} if there is
   *     nothing to delete
   */
  ObservedOperation claimClose() {
    return closing.claimClose(lifetime.expired());
  }

  /**
   * Deletes the session as the operation {@link #claimClose} started.
   *
   * @param op the delete's operation
   */
  void finishClose(ObservedOperation op) {
    closing.finishClose(op);
  }

  /**
   * Gives the session up after its start failed or timed out; see {@link SessionClosing}.
   *
   * @return completes when the delete has ended
   */
  @Override
  public CompletableFuture<Void> closeInBackground() {
    return closing.closeInBackground();
  }

  /**
   * Closes it for the client, which tries again a delete that failed before.
   *
   * @param call the scope of the delete (the client's close budget)
   */
  void closeByClient(CallScope call) {
    closing.closeByClient(call);
  }

  /**
   * Deletes after a failure, attaching a delete failure to the reason.
   *
   * @param reason the failure
   */
  void closeAfterFailure(Throwable reason) {
    closing.closeAfterFailure(reason);
  }

  /** @return whether the handle neither was closed nor detached */
  boolean isLive() {
    return closing.isLive();
  }

  @Override
  public void ensureUsable() {
    SessionExpiredException e = lifetime.expiry(id(), null);
    if (e != null) {
      throw e;
    }
    if (closing.isClosed()) {
      throw new IllegalStateException("session " + id() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "LivySession[id=" + id() + ", state=" + view.info().rawState() + "]";
  }
}
