package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.ServiceError;
import io.github.livy4j.LivySession;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionNotReadyException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementResult;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.Deadline;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.observe.Op;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A session handle; owned by its client until closed or detached. */
final class DefaultLivySession implements LivySession {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLivySession.class);

  private final DefaultLivyClient client;
  private final ClientContext ctx;
  /** The remote session; another one after a recovery. */
  private volatile SessionId id;
  private final List<Code> initStatements;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean initialized = new AtomicBoolean();
  private volatile boolean detached;
  private volatile SessionInfo info;
  /** The name of the session this handle stands for, to tell it from one given its id later. */
  private volatile String ownName;
  /** Its Spark application, once known, for the same check on an unnamed session. */
  private volatile String ownAppId;
  private volatile Instant createdAt;
  private final SessionSpec spec;
  /** How many times the session was replaced; written under this object's lock. */
  private volatile int generation;
  private final Object stateLock = new Object();
  private volatile Instant stateSeenAt;
  /** The session read in flight for {@link #recentState}, if any; guarded by stateLock. */
  private CompletableFuture<SessionInfo> stateRead;
  /** A little over the lifetime tick, so a wait woken for an expiry finds it done. */
  private static final Duration EXPIRY_SLACK = Duration.ofMillis(1100);
  private final Duration ttl;
  private final Duration idleTimeout;
  private final Duration keepAliveInterval;
  /** Statements submitted through this handle whose end it has not seen. */
  private final AtomicInteger running = new AtomicInteger();
  /** When a statement was last submitted or seen ending (or the session created). */
  private volatile Instant lastUse;
  /** When the server last saw activity it counts against its own idle reaper. */
  private volatile Instant lastActivity;
  private volatile SessionExpiredException expiry;
  /** Whether a pool holds the session warm: kept alive while it waits to be borrowed. */
  private volatile boolean heldWarm;
  /** The highest statement id this handle has seen, -1 before any. */
  private volatile long highestSeen = -1;

  /**
   * A session handle.
   *
   * @param createdAt when this client created the session, or {@code null} when attached
   */
  DefaultLivySession(DefaultLivyClient client, SessionInfo first, List<Code> initStatements,
      Instant createdAt) {
    this(client, first, initStatements, createdAt, null);
  }

  /**
   * A session handle whose life the client runs.
   *
   * @param createdAt when this client created the session, or {@code null} when attached
   * @param spec the spec with its lifetime, or {@code null} for none
   */
  DefaultLivySession(DefaultLivyClient client, SessionInfo first, List<Code> initStatements,
      Instant createdAt, SessionSpec spec) {
    this.client = client;
    this.ctx = client.context();
    this.id = first.id();
    this.info = first;
    this.ownName = first.name().orElse(null);
    this.ownAppId = first.appId().orElse(null);
    this.initStatements = List.copyOf(initStatements);
    this.createdAt = createdAt;
    this.spec = spec;
    this.stateSeenAt = ctx.config.clock().instant();
    this.ttl = spec == null ? null : spec.ttl().orElse(null);
    this.idleTimeout = spec == null ? null : spec.idleTimeout().orElse(null);
    this.keepAliveInterval = spec == null ? null : spec.keepAliveInterval().orElse(null);
    this.lastUse = stateSeenAt;
    this.lastActivity = stateSeenAt;
  }

  /**
   * Marks the session as held warm by a pool, which the keep-alive then counts as use.
   *
   * @param warm whether a pool holds it
   */
  void holdWarm(boolean warm) {
    this.heldWarm = warm;
  }

  /** Livy's default for {@code livy.rsc.retained-statements}. */
  static final int DEFAULT_RETAINED_STATEMENTS = 100;
  /** How close to the end of the retained window the warning comes. */
  private static final int RETAINED_MARGIN = 10;
  /** The ids of statements submitted here whose results were not read yet. */
  private final java.util.concurrent.ConcurrentSkipListSet<Long> unread =
      new java.util.concurrent.ConcurrentSkipListSet<>();
  private volatile long warnedAbout = -1;

  /** Livy's default for {@code livy.rsc.sql.num-rows}. */
  static final int DEFAULT_SQL_ROW_LIMIT = 1000;

  /**
   * @return the SQL row cap this session runs with: its spec's {@code livy.rsc.sql.num-rows},
   *     else Livy's default
   */
  int sqlRowLimit() {
    String v = spec == null ? null : spec.conf().get("livy.rsc.sql.num-rows");
    if (v != null) {
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return DEFAULT_SQL_ROW_LIMIT;
  }

  /** @return whether a lost session is replaced ({@link SessionSpec#recoversLostSessions()}) */
  boolean recoversLostSessions() {
    return spec != null && spec.recoversLostSessions() && createdAt != null;
  }

  /** @return how many times the session was replaced */
  int generation() { // read without the lock: polls must not wait while a recovery runs
    return generation;
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
  synchronized SessionId recover(int seenGeneration, Throwable cause) {
    if (generation != seenGeneration) {
      return null;
    }
    if (closed.get() || detached) {
      throw new IllegalStateException("session " + id + " is closed");
    }
    SessionId lost = id;
    LOG.info("Session {} was lost ({}); creating a replacement", lost, cause.getMessage());
    try {
      deleteIfStillOurs();
    } catch (LivyException e) {
      LOG.debug("Deleting lost session {}: {}", lost, e.getMessage());
    }
    String name = client.newName(spec);
    SessionInfo first = client.createRemote(spec, name);
    Instant now = ctx.config.clock().instant();
    ctx.observers.sessionStateChanged(lost, info.state(), null);
    id = first.id();
    info = first;
    ctx.observers.sessionStateChanged(id, null, first.state());
    ownName = first.name().orElse(null);
    ownAppId = first.appId().orElse(null);
    createdAt = now;
    lastUse = now;
    lastActivity = now;
    stateSeenAt = now;
    highestSeen = -1;
    running.set(0);
    unread.clear();
    initialized.set(false);
    generation++;
    startPoller(true).waitForCompletion();
    LOG.info("Session {} replaces lost session {}", id, lost);
    client.notifyRecovered(lost, id);
    return lost;
  }

  /**
   * Submits a statement again on the replacement of a lost session.
   *
   * @param code the code
   * @return the new statement's first snapshot
   */
  StatementInfo resubmit(Code code) {
    StatementInfo first = submit(code);
    seen(first.id());
    statementStarted(first.id());
    return first;
  }

  /** @return whether the client has anything to do for this session on its own */
  boolean hasLifetime() {
    return ttl != null || idleTimeout != null || keepAliveInterval != null;
  }

  /**
   * A statement was submitted: the session is in use, and the server saw activity. Warns when
   * the oldest statement whose result was not read yet is about to leave the window of
   * statements Livy keeps.
   *
   * @param statement the statement
   */
  void statementStarted(StatementId statement) {
    Instant now = ctx.config.clock().instant();
    running.incrementAndGet();
    lastUse = now;
    lastActivity = now;
    long n = numeric(statement);
    if (n == Long.MAX_VALUE) {
      return;
    }
    unread.add(n);
    long oldest = unread.first();
    int retained = retainedStatements();
    if (n - oldest >= retained - RETAINED_MARGIN && warnedAbout != oldest) {
      warnedAbout = oldest;
      LOG.warn("Session {} ran {} statements since statement {}, whose result is not read yet:"
          + " Livy keeps only the last {} (livy.rsc.retained-statements), so it is lost unless"
          + " read soon", id, n - oldest, oldest, retained);
    }
  }

  /** @return how many statements the server keeps: the spec's conf, else Livy's default */
  private int retainedStatements() {
    String v = spec == null ? null : spec.conf().get("livy.rsc.retained-statements");
    try {
      return v == null ? DEFAULT_RETAINED_STATEMENTS : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return DEFAULT_RETAINED_STATEMENTS;
    }
  }

  /**
   * A statement the client followed ended (its result read), or its wait gave up on it.
   *
   * @param statement the statement
   */
  void statementEnded(StatementId statement) {
    unread.remove(numeric(statement));
    Instant now = ctx.config.clock().instant();
    running.updateAndGet(n -> Math.max(0, n - 1)); // a recovery starts the count again
    lastUse = now;
    lastActivity = now;
  }

  /**
   * The expiry that ended this session, as a wait for {@code statement} should throw it.
   *
   * @param statement the statement waited for, or {@code null}
   * @return the exception, or {@code null} while the session lives
   */
  SessionExpiredException expiry(StatementId statement) {
    SessionExpiredException e = expiry;
    return e == null ? null : new SessionExpiredException(id, e.reason(),
        e.limit().orElse(null), statement, statement != null);
  }

  /**
   * The server answered 404 for this session while a statement ran: it is gone, and every later
   * use says so without asking the server.
   *
   * @param statement the statement whose wait found out
   * @param started whether it had started running
   * @return the exception for that wait
   */
  SessionExpiredException gone(StatementId statement, boolean started) {
    SessionExpiredException e = new SessionExpiredException(id, SessionExpiredException.Reason.GONE,
        null, statement, started);
    if (expiry == null) {
      expiry = new SessionExpiredException(id, SessionExpiredException.Reason.GONE, null, null,
          false);
      // still owned: close() (the user's, or the client's) sends the DELETE, because a 404
      // can come from a proxy or a server that forgets for a while, and a session that still
      // lives must not be left behind (a real 404 costs one more 404)
      LOG.info("{}", e.getMessage());
      client.notifyExpired(e);
    }
    return e;
  }

  /**
   * How long from now until just after the session's time to live ends (the lifetime tick
   * runs at least once a second), or {@code null} without one.
   *
   * @return the delay, or {@code null}
   */
  Duration untilExpiry() {
    if (ttl == null || createdAt == null) {
      return null;
    }
    Duration left = Duration.between(ctx.config.clock().instant(), createdAt.plus(ttl))
        .plus(EXPIRY_SLACK);
    return left.compareTo(EXPIRY_SLACK) < 0 ? EXPIRY_SLACK : left;
  }

  /**
   * Does what is due at {@code now}: deletes the session past its time to live or idle timeout,
   * or keeps it alive while it is in use. Runs on the client's lifetime tick.
   *
   * @param now the moment
   */
  void lifetimeTick(Instant now) {
    if (closed.get() || detached || expiry != null || createdAt == null) {
      return;
    }
    if (ttl != null && !now.isBefore(createdAt.plus(ttl))) {
      expire(SessionExpiredException.Reason.TTL, ttl);
      return;
    }
    boolean busy = running.get() > 0;
    // idle counts from when the session became ready: a session starting is not idle
    if (idleTimeout != null && !busy && initialized.get()
        && !now.isBefore(lastUse.plus(idleTimeout))) {
      // the server has the last word: a statement the client does not follow keeps it busy
      SessionInfo seen;
      try {
        seen = ClientContext.observed(ctx.observers.start(LivyOperation.SESSION_GET, id, null,
            true), () -> Futures.join(refreshState(false)));
      } catch (SessionNotFoundException e) {
        expire(SessionExpiredException.Reason.IDLE_TIMEOUT, idleTimeout);
        return;
      } catch (LivyException e) {
        LOG.debug("Could not read session {} before its idle timeout: {}", id, e.getMessage());
        return; // looked at again on the next tick
      }
      if (seen.state() == SessionState.BUSY) {
        lastUse = now;
      } else {
        expire(SessionExpiredException.Reason.IDLE_TIMEOUT, idleTimeout);
        return;
      }
    }
    // in use: a statement runs, or the session is inside its idle timeout, or a pool keeps it
    // warm (once ready)
    boolean inUse = busy || info.state().isReady() && (heldWarm
        || idleTimeout != null && now.isBefore(lastUse.plus(idleTimeout)));
    if (keepAliveInterval != null && inUse && !now.isBefore(lastActivity.plus(keepAliveInterval))
        && ctx.capabilities().keepAlive()) {
      lastActivity = now;
      try {
        ClientContext.observed(ctx.observers.start(LivyOperation.SESSION_KEEPALIVE, id, null,
            true), () -> {
              ctx.backend.keepAlive(ctx.transport, id);
              return null;
            });
        LOG.debug("Kept session {} alive", id);
        client.notifyKeepAlive(id);
      } catch (LivyException e) {
        LOG.warn("Could not keep session {} alive: {}", id, e.getMessage());
      }
    }
  }

  private void expire(SessionExpiredException.Reason reason, Duration limit) {
    SessionExpiredException e = new SessionExpiredException(id, reason, limit, null, false);
    expiry = e;
    LOG.info("{}", e.getMessage());
    try {
      close();
    } catch (LivyException failure) {
      LOG.warn("Could not delete expired session {}: {}", id, failure.getMessage());
    }
    client.notifyExpired(e);
  }

  /**
   * Whether a 404 at this moment may be the service not having caught up with something that
   * happened at {@code since}.
   */
  boolean withinNotFoundGrace(Instant since) {
    Duration grace = ctx.capabilities().transientNotFound();
    return since != null && !grace.isZero()
        && Duration.between(since, ctx.config.clock().instant()).compareTo(grace) < 0;
  }

  Instant createdAt() {
    return createdAt;
  }

  ClientContext context() {
    return ctx;
  }

  @Override
  public SessionId id() {
    return id;
  }

  @Override
  public SessionInfo info() {
    return info;
  }

  @Override
  public SessionInfo refresh() {
    return ctx.observed(LivyOperation.SESSION_GET, id, () -> Futures.join(refresh(false)));
  }

  /**
   * Takes a new snapshot of the session as its view, telling observers of a new state.
   *
   * @param next the snapshot
   */
  private void seen(SessionInfo next) {
    SessionInfo before = info;
    info = next;
    if (before.state() != next.state() && !closed.get() && !detached) {
      ctx.observers.sessionStateChanged(id, before.state(), next.state());
    }
  }

  /**
   * Reads the whole snapshot.
   *
   * @param async whether to send without blocking
   * @return the snapshot
   */
  CompletableFuture<SessionInfo> refresh(boolean async) {
    CompletableFuture<SessionInfo> read = async
        ? ctx.backend.getSessionAsync(ctx.transport, id)
        : Futures.call(() -> ctx.backend.getSession(ctx.transport, id));
    return read.thenApply(s -> {
      String other = otherSession(s);
      if (other != null) {
        throw replaced(other);
      }
      if (ownAppId == null && s.appId().isPresent()) {
        ownAppId = s.appId().get();
      }
      seen(s);
      stateSeenAt = ctx.config.clock().instant();
      return s;
    });
  }

  /**
   * The session's state as seen at most {@code maxAge} ago: the view a session's statements
   * share, so that however many of them run, the session is looked at once per interval, and
   * by one request at a time.
   *
   * @param maxAge how old the view may be
   * @param async whether to send without blocking
   * @return the state
   */
  CompletableFuture<SessionInfo> recentState(Duration maxAge, boolean async) {
    CompletableFuture<SessionInfo> read;
    synchronized (stateLock) {
      if (Duration.between(stateSeenAt, ctx.config.clock().instant()).compareTo(maxAge) < 0) {
        return CompletableFuture.completedFuture(info);
      }
      if (stateRead != null && !stateRead.isDone()) {
        return stateRead;
      }
      read = new CompletableFuture<>();
      stateRead = read;
    }
    refreshState(async).whenComplete((seen, e) -> {
      if (e == null) {
        stateSeenAt = ctx.config.clock().instant();
        read.complete(seen);
      } else {
        read.completeExceptionally(Futures.unwrap(e));
      }
    });
    return read;
  }

  private CompletableFuture<SessionInfo> refreshState(boolean async) {
    if (!ctx.capabilities().sessionStateCall()) {
      return refresh(async);
    }
    CompletableFuture<SessionInfo> read = async
        ? ctx.backend.getSessionStateAsync(ctx.transport, id)
        : Futures.call(() -> ctx.backend.getSessionState(ctx.transport, id));
    return read.thenCompose(s -> {
      if (s.state().isFinished()) {
        // fetch the full snapshot for the log tail of the failure
        return refresh(async);
      }
      SessionInfo prev = info;
      if (prev.state() != s.state()) {
        seen(SessionInfo.builder(id, s.rawState()).state(s.state())
            .name(prev.name().orElse(null)).kind(prev.kind().orElse(null))
            .appId(prev.appId().orElse(null)).build());
      }
      return CompletableFuture.completedFuture(s);
    });
  }

  /** Poller for the session becoming ready, waited for within the current operation. */
  DefaultPoller<LivySession> startPoller(boolean deleteOnGiveUp) {
    return startPoller(deleteOnGiveUp, null);
  }

  /**
   * Poller for the session becoming ready.
   *
   * @param deleteOnGiveUp whether giving up deletes the session
   * @param op the operation the poller ends, or {@code null} to wait within the current one
   * @return the poller
   */
  DefaultPoller<LivySession> startPoller(boolean deleteOnGiveUp, Op op) {
    return new DefaultPoller<>(new SessionStartOperation(this, deleteOnGiveUp),
        DefaultPoller.Options.of(ctx.config.polling().sessionBackoff(),
            ctx.config.polling().sessionStartTimeout(), ctx.timing(), info.rawState())
            .withObserved(op));
  }

  /** Runs the spec's init statements once ready; a failure deletes the session. */
  LivySession afterReady() {
    if (initialized.compareAndSet(false, true)) {
      lastUse = ctx.config.clock().instant(); // idle from now, not from the create
      for (Code code : initStatements) {
        execute(code);
      }
    }
    return this;
  }

  @Override
  public StatementResult execute(Code code) {
    return execute(code, ctx.config.polling().statementTimeout());
  }

  @Override
  public StatementResult execute(Code code, Duration timeout) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    CallDeadline d = CallDeadline.from(ctx.config.clock(), timeout);
    return beginExecute(code, ctx.observers.start(LivyOperation.STATEMENT_RUN, id, code), d)
        .poller().waitForCompletion(d.start(), timeout);
  }

  @Override
  public StatementPoller beginExecute(Code code) {
    Objects.requireNonNull(code, "code");
    return beginExecute(code, ctx.observers.start(LivyOperation.STATEMENT_RUN, id, code),
        statementDeadline());
  }

  /** @return the deadline of a statement run from now, its submit included */
  CallDeadline statementDeadline() {
    return CallDeadline.from(ctx.config.clock(), ctx.config.polling().statementTimeout());
  }

  private DefaultStatementPoller beginExecute(Code code, Op op, CallDeadline d) {
    return ClientContext.begun(op, () -> d.begin(this::submitting, () -> {
      ensureUsable();
      prepareToSubmit();
      long before = highestSeen;
      int gen = generation();
      StatementInfo first;
      try {
        first = ctx.backend.submitStatement(ctx.transport, id, code);
      } catch (RuntimeException e) {
        first = afterFailedSubmit(code, e, before, gen);
      }
      return submitted(first, code, op);
    }));
  }

  /** @return what a statement's call awaits before it has an id */
  private String submitting() {
    return "a statement to be submitted to session " + id;
  }

  /**
   * Begins a statement without blocking: when the session is ready, the submit is sent
   * asynchronously; the rare paths (a session still starting, a lost answer, a lost session)
   * continue on a worker with the blocking logic.
   *
   * @param code the code
   * @return the statement's poller, once submitted
   */
  CompletableFuture<DefaultStatementPoller> beginExecuteAsync(Code code, CallDeadline d) {
    Objects.requireNonNull(code, "code");
    Op op = ctx.observers.start(LivyOperation.STATEMENT_RUN, id, code);
    CompletableFuture<DefaultStatementPoller> begun;
    try (Op.Scope scope = op.enter()) {
      begun = d.begin(this::submitting, () -> beginExecuteAsync(code, op, d));
    } catch (RuntimeException e) {
      op.end(e);
      throw e;
    }
    begun.whenComplete((p, e) -> {
      if (e != null) {
        op.end(Futures.unwrap(e));
      }
    });
    return begun;
  }

  private CompletableFuture<DefaultStatementPoller> beginExecuteAsync(Code code, Op op,
      CallDeadline d) {
    ensureUsable();
    if (!info.state().isReady()) {
      return DefaultLivyAsyncClient.supply(ctx, () -> beginExecute(code, op, d));
    }
    long before = highestSeen;
    int gen = generation();
    return ctx.backend.submitStatementAsync(ctx.transport, id, code).handle((first, e) -> {
      if (e == null) {
        return CompletableFuture.completedFuture(submitted(first, code, op));
      }
      Throwable t = Futures.unwrap(e);
      if (t instanceof DeadlineExceededException cut) {
        PollingTimeoutException timedOut = d.timedOut(submitting(), cut);
        op.end(timedOut);
        return CompletableFuture.<DefaultStatementPoller>failedFuture(timedOut);
      }
      if (!(t instanceof RuntimeException failure)) {
        return CompletableFuture.<DefaultStatementPoller>failedFuture(t);
      }
      return DefaultLivyAsyncClient.supply(ctx, () -> ClientContext.begun(op,
          () -> d.begin(this::submitting,
              () -> submitted(afterFailedSubmit(code, failure, before, gen), code, op))));
    }).thenCompose(f -> f);
  }

  /** Waits for a starting session, or replaces a dead one when recovery is on. */
  private void prepareToSubmit() {
    SessionInfo known = info;
    if (known.state().isFinished()) {
      SessionFailedException dead = new SessionFailedException("Session cannot run statements",
          known);
      if (!recoversLostSessions()) {
        throw dead;
      }
      recover(generation(), dead);
      known = info;
    }
    if (!known.state().isReady()) {
      startPoller(false).waitForCompletion();
    }
  }

  /**
   * What a failed submit means, on the blocking logic: a session not ready yet refused before
   * creating anything, so one submit after the wait is safe; a session the server no longer has
   * is replaced first when recovery is on (it had nothing to act on); a lost answer is looked up
   * in the session's statement list before anything is sent again.
   */
  private StatementInfo afterFailedSubmit(Code code, RuntimeException e, long before, int gen) {
    if (e instanceof DeadlineExceededException) {
      throw e; // the call's deadline passed: nothing more is sent
    }
    if (e instanceof SessionNotReadyException) {
      SessionInfo now = refresh();
      if (now.state().isFinished()) {
        throw new SessionFailedException("Session cannot run statements", now);
      }
      startPoller(false).waitForCompletion();
      return submit(code);
    }
    if (e instanceof SessionNotFoundException gone && recoversLostSessions()) {
      recover(gen, gone);
      return submit(code);
    }
    if (e instanceof LivyServiceException refused && refused.statusCode() == 400
        && !(e instanceof SessionNotFoundException)) {
      // Livy refuses statements with 400 "Session isn't active." once the driver is gone
      SessionInfo now;
      try {
        now = refresh();
      } catch (LivyException lookup) {
        Failures.suppress(e, lookup);
        throw e;
      }
      if (now.state().isFinished()) {
        SessionFailedException dead = new SessionFailedException(
            "Session cannot run statements", now);
        dead.addSuppressed(e);
        if (!recoversLostSessions()) {
          throw dead;
        }
        recover(gen, dead);
        return submit(code);
      }
    }
    if (e instanceof LivyClientException lost) {
      return resolveLostSubmit(code, before, lost);
    }
    throw e;
  }

  /** Builds the poller of a submitted statement. */
  private DefaultStatementPoller submitted(StatementInfo first, Code code, Op obs) {
    // the server just accepted a statement, so the session was running: that is as good as
    // a look at its state, and spares a young statement's wait a session request
    stateSeenAt = ctx.config.clock().instant();
    seen(first.id());
    statementStarted(first.id());
    LOG.debug("Submitted statement {} ({}) to session {}", first.id(), code, id);
    obs.identified(first.id().value());
    StatementOperation op = new StatementOperation(this, first, code);
    return new DefaultStatementPoller(this::id, op::statementId, new DefaultPoller<>(op,
        DefaultPoller.Options.of(ctx.config.polling().statementBackoff(),
            ctx.config.polling().statementTimeout(), ctx.timing(), first.rawState())
            .withFollowProgress(ctx.config.polling().followProgress()).withObserved(obs)));
  }

  /** Submits, resolving a lost answer; see {@link #resolveLostSubmit}. */
  private StatementInfo submit(Code code) {
    long before = highestSeen;
    try {
      return ctx.backend.submitStatement(ctx.transport, id, code);
    } catch (LivyClientException e) {
      return resolveLostSubmit(code, before, e);
    }
  }

  /**
   * After a submit whose answer was lost, looks for the statement in the session's list (a
   * statement with this code and an id past every one this handle had seen) before reporting
   * it lost, and submits again only when the list shows it was never created.
   */
  private StatementInfo resolveLostSubmit(Code code, long before, LivyClientException e) {
    if (!e.outcomeUnknown() || before < 0 && createdAt == null) {
      // an attached session's earlier statements could pass for the lost one
      throw e;
    }
    List<StatementInfo> candidates;
    try {
      candidates = ctx.backend.listStatements(ctx.transport, id).stream()
          .filter(s -> numeric(s.id()) > before)
          .filter(s -> s.code().map(code.code()::equals).orElse(false)).toList();
    } catch (DeadlineExceededException lookup) {
      // the call's deadline passed while looking: its timeout, with the lost answer in it
      Failures.suppress(lookup, e);
      throw lookup;
    } catch (LivyException | UnsupportedOperationException lookup) {
      Failures.suppress(e, lookup);
      throw e;
    }
    if (candidates.size() == 1) {
      LOG.debug("The answer to submitting a statement to session {} was lost; found it as"
          + " statement {}", id, candidates.get(0).id());
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      LOG.debug("Submitting a statement to session {} was lost before the server acted;"
          + " submitting again", id);
      return ctx.backend.submitStatement(ctx.transport, id, code);
    }
    throw e;
  }

  private void seen(StatementId statement) {
    long n = numeric(statement);
    synchronized (this) {
      if (n > highestSeen) {
        highestSeen = n;
      }
    }
  }

  private static long numeric(StatementId statement) {
    try {
      return Long.parseLong(statement.value());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // not comparable: never taken for a new one
    }
  }

  @Override
  public StatementInfo statement(StatementId statement) {
    Objects.requireNonNull(statement, "statement");
    return ctx.observed(LivyOperation.STATEMENT_GET, id,
        () -> ctx.backend.getStatement(ctx.transport, id, statement));
  }

  /**
   * Reads a statement.
   *
   * @param statement the statement
   * @param async whether to send without blocking
   * @return the snapshot
   */
  CompletableFuture<StatementInfo> statement(StatementId statement, boolean async) {
    return async ? ctx.backend.getStatementAsync(ctx.transport, id, statement)
        : Futures.call(() -> ctx.backend.getStatement(ctx.transport, id, statement));
  }

  @Override
  public void cancel(StatementId statement) {
    Objects.requireNonNull(statement, "statement");
    ctx.observed(LivyOperation.STATEMENT_CANCEL, id, () -> {
      ctx.backend.cancelStatement(ctx.transport, id, statement);
      return null;
    });
  }

  @Override
  public List<String> log(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1, was " + lines);
    }
    requireLogs();
    return ctx.observed(LivyOperation.SESSION_LOG, id,
        () -> ctx.backend.sessionLog(ctx.transport, id, -1, lines).lines());
  }

  @Override
  public LogPage log(int from, int size) {
    if (from < 0) {
      throw new IllegalArgumentException("from must not be negative, was " + from);
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    requireLogs();
    return ctx.observed(LivyOperation.SESSION_LOG, id,
        () -> ctx.backend.sessionLog(ctx.transport, id, from, size));
  }

  private void requireLogs() {
    if (!ctx.capabilities().sessionLogs()) {
      throw new UnsupportedOperationException(ctx.backend.description()
          + " has no session logs");
    }
  }

  @Override
  public List<String> completions(Code code, int cursor) {
    Objects.requireNonNull(code, "code");
    if (cursor < 0 || cursor > code.code().length()) {
      throw new IllegalArgumentException("cursor " + cursor + " is outside the code (0 to "
          + code.code().length() + ")");
    }
    if (!ctx.capabilities().completion()) {
      throw new UnsupportedOperationException(ctx.backend.description()
          + " offers no code completion");
    }
    ensureUsable();
    return ctx.observed(LivyOperation.STATEMENT_COMPLETION, id,
        () -> ctx.backend.completion(ctx.transport, id, code, cursor));
  }

  @Override
  public boolean keepAlive() {
    ensureUsable();
    if (!ctx.capabilities().keepAlive()) {
      return false;
    }
    ctx.observed(LivyOperation.SESSION_KEEPALIVE, id, () -> {
      ctx.backend.keepAlive(ctx.transport, id);
      return null;
    });
    return true;
  }

  @Override
  public SessionId detach() {
    if (!closed.get()) {
      detached = true;
      client.release(this);
      LOG.debug("Detached session {}; it keeps running", id);
    }
    return id;
  }

  /** @return whether its owner closed it */
  boolean isClosed() {
    return closed.get();
  }

  boolean isDetached() {
    return detached;
  }

  @Override
  public void close() {
    if (detached || !closed.compareAndSet(false, true)) {
      return;
    }
    Duration budget = ctx.config.closeTimeout();
    try {
      Deadline.within(ctx.config.clock().instant().plus(budget),
          () -> delete(expiry != null));
    } catch (DeadlineExceededException e) {
      throw new LivyClientException("Could not delete session " + id + " within the close"
          + " budget of " + budget.toMillis() + " ms (LivyClient.Builder.closeTimeout); the"
          + " client still owns it and tries again when it is closed", e, e.outcomeUnknown());
    }
  }

  /**
   * Gives the session up after its start failed or timed out: it is deleted off the caller's
   * thread, within the client's close budget (and again by the client's close if that fails).
   */
  void closeInBackground() {
    if (detached || !closed.compareAndSet(false, true)) {
      return;
    }
    Cleanups cleanups = client.cleanups();
    cleanups.awaitWithinCurrentWait(cleanups.run("session " + id, () -> delete(true)));
  }

  /** Closes it for the client, which tries again a delete that failed before. */
  void closeByClient() {
    if (detached) {
      return;
    }
    closed.set(true);
    delete(true);
  }

  /**
   * Deletes the session on the server. The client keeps owning it until that succeeds (or the
   * server no longer knows it), so that a delete that failed, as when no token could be had,
   * is tried again when the client closes.
   */
  private void delete(boolean background) {
    ClientContext.observed(ctx.observers.start(LivyOperation.SESSION_DELETE, id, null,
        background), () -> {
          try {
            deleteIfStillOurs();
          } catch (SessionNotFoundException e) {
            LOG.debug("Session {} was already gone", id);
          }
          return null;
        });
    client.release(this);
  }

  /**
   * Deletes the session, unless the server has given its id to another session since (Apache
   * Livy restarted without recovery counts its ids from 0 again): there, the session is read
   * first and left alone if it is another one. A read that fails does not stop the delete.
   *
   * @throws SessionNotFoundException if the server no longer has it
   */
  private void deleteIfStillOurs() {
    SessionId target = id;
    if (ctx.capabilities().idsReused() && (ownName != null || ownAppId != null)) {
      String other;
      // the look may take half the time left, so that the delete still has the other half
      Instant now = ctx.config.clock().instant();
      Instant lookBy = Deadline.current()
          .map(d -> now.plus(Duration.between(now, d).dividedBy(2)))
          .orElse(now.plus(ctx.config.closeTimeout().dividedBy(2)));
      try {
        other = Deadline.within(lookBy,
            () -> otherSession(ctx.backend.getSession(ctx.transport, target)));
      } catch (LivyException e) {
        // not read (or not found, which the delete tells for certain): deleted as before
        other = null;
      }
      if (other != null) {
        LOG.info("Not deleting session {}: the server has given its id to another session ({});"
            + " the one this client created is gone, as after a restart", target, other);
        return;
      }
    }
    ctx.backend.deleteSession(ctx.transport, target);
    LOG.debug("Deleted session {}", target);
  }

  /**
   * Whether the server's session at this id is another one than this handle's.
   *
   * @param seen what the server has at this id
   * @return how it differs, or {@code null} if it is this session or cannot be told apart
   *     (only another name or another Spark application tells: an answer without them is no
   *     proof, and the session is then taken to be this one)
   */
  private String otherSession(SessionInfo seen) {
    if (!ctx.capabilities().idsReused()) {
      return null;
    }
    String name = ownName;
    String now = seen.name().orElse(null);
    if (name != null && now != null && !name.equals(now)) {
      return "one named " + now;
    }
    String app = ownAppId;
    if (app != null && seen.appId().isPresent() && !app.equals(seen.appId().get())) {
      return "one of Spark application " + seen.appId().get();
    }
    return null;
  }

  /**
   * The session was forgotten by the server, which gave its id to another.
   *
   * @param other how the other one differs
   * @return the exception
   */
  SessionNotFoundException replaced(String other) {
    return new SessionNotFoundException(id, new LivyServiceException("The server has given the"
        + " id of session " + id + " to another session (" + other + "): it forgot this one, as"
        + " after a restart", new ServiceError(200, "GET", "sessions/" + id, null, null, "")));
  }

  /** @return whether the server may give this session's id to another (see {@link #replaced}) */
  boolean idsReused() {
    return ctx.capabilities().idsReused();
  }

  /** Deletes after a failed start, attaching a delete failure to the reason. */
  void closeAfterFailure(Throwable reason) {
    try {
      close();
    } catch (LivyException e) {
      Failures.suppress(reason, e);
    }
  }

  private void ensureUsable() {
    SessionExpiredException e = expiry(null);
    if (e != null) {
      throw e;
    }
    if (closed.get()) {
      throw new IllegalStateException("session " + id + " is closed");
    }
  }

  @Override
  public String toString() {
    return "LivySession[id=" + id + ", state=" + info.rawState() + "]";
  }
}
