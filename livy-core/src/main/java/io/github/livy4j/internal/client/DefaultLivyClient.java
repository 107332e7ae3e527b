package io.github.livy4j.internal.client;

import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.LivyAsyncClient;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionListener;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.Deadline;
import io.github.livy4j.internal.observe.Op;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.spi.BackendCapabilities;
import io.github.livy4j.spi.SessionField;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client: creates, attaches and owns sessions. */
public final class DefaultLivyClient implements LivyClient {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLivyClient.class);

  private final ClientContext ctx;
  private final Cleanups cleanups;
  private static final int MAX_PARALLEL_DELETES = 16;
  private static final Duration CLOSE_SLACK = Duration.ofSeconds(2);
  private final Set<DefaultLivySession> owned = ConcurrentHashMap.newKeySet();
  private final Object attachLock = new Object();
  private final Object hookLock = new Object();
  private Thread shutdownHook;
  private final DefaultLivyAsyncClient async;
  /** How often the client looks at its sessions' lifetimes on real time. */
  private static final Duration LIFETIME_TICK = Duration.ofSeconds(1);
  private final AtomicBoolean lifetimesStarted = new AtomicBoolean();
  private final AtomicBoolean inLifetimeTick = new AtomicBoolean();
  private final List<java.util.function.Consumer<SessionExpiredException>>
      internalExpiryListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

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
    this.cleanups = new Cleanups(config.clock(), config.closeTimeout());
    this.async = new DefaultLivyAsyncClient(this);
  }

  ClientContext context() {
    return ctx;
  }

  @Override
  public LivySession createSession(SessionSpec spec) {
    CallDeadline d = startDeadline();
    return startCreate(spec, ctx.observers.start(LivyOperation.SESSION_CREATE, null, null), d)
        .waitForCompletion(d.start(), d.timeout());
  }

  @Override
  public Poller<LivySession> beginCreateSession(SessionSpec spec) {
    return startCreate(spec, ctx.observers.start(LivyOperation.SESSION_CREATE, null, null),
        startDeadline());
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
  DefaultPoller<LivySession> startCreate(SessionSpec spec, Op op, CallDeadline deadline) {
    return ClientContext.begun(op, () -> {
      Objects.requireNonNull(spec, "spec");
      ctx.ensureOpen();
      String name = newName(spec);
      SessionInfo first = deadline.begin(() -> "session '" + name + "' to be created", () -> {
        checkFields(spec, ctx.capabilities());
        return createRemote(spec, name);
      });
      op.identified(first.id().value());
      DefaultLivySession session = new DefaultLivySession(this, first, spec.initStatements(),
          ctx.config.clock().instant(), spec);
      own(session);
      if (session.hasLifetime()) {
        startLifetimes();
      }
      LOG.debug("Created session {} ({}) in state {}", first.id(), name, first.rawState());
      return session.startPoller(true, op);
    });
  }

  /** The name a new session of {@code spec} gets. */
  String newName(SessionSpec spec) {
    return spec.name().orElseGet(() -> spec.namePrefix() + uniqueSuffix(ctx));
  }

  SessionInfo createRemote(SessionSpec spec, String name) {
    // a REPL acquired in a shared session cannot be found by name: a lost answer is final
    boolean findable = spec.sharedSessionTag().isEmpty();
    return createOnce("session", name,
        () -> ctx.backend.createSession(ctx.transport, spec, name),
        findable ? () -> ctx.backend.listSessions(ctx.transport) : null,
        findable ? id -> ctx.backend.deleteSession(ctx.transport, id) : null);
  }

  /**
   * Runs a non-idempotent create; when its answer may have been lost, looks for what it
   * created by the unique name before trying again; without {@code list} it never repeats a
   * create that may have acted.
   */
  private SessionInfo createOnce(String what, String name, Supplier<SessionInfo> create,
      Supplier<List<SessionInfo>> list, java.util.function.Consumer<SessionId> delete) {
    int attempts = ctx.config.retry().maxAttempts();
    Instant started = ctx.config.clock().instant();
    int notFound = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        return create.get();
      } catch (io.github.livy4j.internal.http.DeadlineExceededException e) {
        if (e.outcomeUnknown() && list != null && delete != null) {
          // the call's deadline cut the answer short: what the server may have created is
          // looked for by its name and deleted, off the caller's thread
          cleanups.run(what + " '" + name + "'", () -> deleteCreated(what, name, list, delete));
        }
        throw e;
      } catch (RuntimeException e) {
        if (transientNotFound(e, started)) {
          // the service does not know the lakehouse yet: nothing was created, ask again
          LOG.debug("Creating {} '{}' answered 404 within the grace period; trying again",
              what, name);
          pause(++notFound, e);
          attempt--;
          continue;
        }
        if (!mayHaveActed(e) || list == null) {
          throw e;
        }
        Optional<SessionInfo> found;
        try {
          found = list.get().stream().filter(s -> s.name().filter(name::equals).isPresent())
              .filter(s -> !s.state().isFailed()).findFirst();
        } catch (io.github.livy4j.internal.http.DeadlineExceededException lookup) {
          // the call's deadline passed while looking: the create may have acted
          Failures.suppress(lookup, e);
          cleanups.run(what + " '" + name + "'", () -> deleteCreated(what, name, list, delete));
          throw lookup;
        } catch (LivyException lookup) {
          Failures.suppress(e, lookup);
          throw e;
        }
        if (found.isPresent()) {
          LOG.debug("The answer to creating {} '{}' was lost; found it as {}", what, name,
              found.get().id());
          return found.get();
        }
        if (attempt >= attempts) {
          throw e;
        }
        LOG.debug("Creating {} '{}' failed before the server acted ({}); trying again", what,
            name, e.getMessage());
        pause(attempt, e);
      }
    }
  }

  /**
   * Deletes what a create whose answer was lost made, if the server lists it by its name.
   */
  private void deleteCreated(String what, String name, Supplier<List<SessionInfo>> list,
      java.util.function.Consumer<SessionId> delete) {
    if (delete == null) {
      return;
    }
    for (SessionInfo s : list.get()) {
      if (s.name().filter(name::equals).isPresent()) {
        delete.accept(s.id());
        LOG.info("Deleted {} {} ('{}'), whose create's answer came after the call's deadline",
            what, s.id(), name);
      }
    }
  }

  /**
   * Whether a create was refused with a 404 while the backend's grace period for transient
   * 404s runs (Fabric, right after a lakehouse is provisioned): a 404 created nothing.
   */
  private boolean transientNotFound(RuntimeException e, Instant started) {
    Duration grace = ctx.capabilities().transientNotFound();
    return e instanceof LivyServiceException s && s.statusCode() == 404 && !grace.isZero()
        && Duration.between(started, ctx.config.clock().instant()).compareTo(grace) < 0;
  }

  private void pause(int attempt, RuntimeException failure) {
    Duration delay = ctx.config.retry().backoff().delay(attempt, ctx.random.getAsDouble());
    Optional<Instant> deadline = Deadline.current();
    if (deadline.isPresent()
        && Duration.between(ctx.config.clock().instant(), deadline.get()).compareTo(delay) < 0) {
      io.github.livy4j.internal.http.DeadlineExceededException e =
          new io.github.livy4j.internal.http.DeadlineExceededException("The call's deadline"
              + " passed before it could try again: " + failure.getMessage(), false);
      Failures.suppress(e, failure);
      throw e;
    }
    try {
      ctx.config.sleeper().sleep(delay);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      Failures.suppress(failure, ie);
      throw failure;
    }
  }

  /**
   * Whether the server may have created something despite the failure: a lost or unreadable
   * answer, a 5xx or 408, or any other failure after the request could have been sent. A
   * refused connection or a definite rejection (4xx) created nothing.
   */
  private static boolean mayHaveActed(RuntimeException e) {
    if (e instanceof LivyServiceException s) {
      return s.statusCode() >= 500 || s.statusCode() == 408;
    }
    if (e instanceof LivyClientException c) {
      return c.outcomeUnknown();
    }
    if (e instanceof LivyException) {
      // only the transport reports an unknown outcome (above); any other failure of ours, such
      // as a token that could not be obtained, came before the request was sent
      return false;
    }
    return !(e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof UnsupportedOperationException);
  }

  /** {@code <creation time in base-36 millis>-<random>}: unique, and says its age. */
  private static String uniqueSuffix(ClientContext ctx) {
    return Long.toString(ctx.config.clock().millis(), 36) + "-"
        + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
            .substring(0, 6);
  }

  private void checkFields(SessionSpec spec, BackendCapabilities caps) {
    Set<String> rejected = new LinkedHashSet<>();
    check(rejected, caps, SessionField.KIND, spec.kind().isPresent());
    check(rejected, caps, SessionField.PROXY_USER, spec.proxyUser().isPresent());
    check(rejected, caps, SessionField.JARS, !spec.jars().isEmpty());
    check(rejected, caps, SessionField.PY_FILES, !spec.pyFiles().isEmpty());
    check(rejected, caps, SessionField.FILES, !spec.files().isEmpty());
    check(rejected, caps, SessionField.ARCHIVES, !spec.archives().isEmpty());
    check(rejected, caps, SessionField.DRIVER_MEMORY, spec.driverMemory().isPresent());
    check(rejected, caps, SessionField.DRIVER_CORES, spec.driverCores().isPresent());
    check(rejected, caps, SessionField.EXECUTOR_MEMORY, spec.executorMemory().isPresent());
    check(rejected, caps, SessionField.EXECUTOR_CORES, spec.executorCores().isPresent());
    check(rejected, caps, SessionField.NUM_EXECUTORS, spec.numExecutors().isPresent());
    check(rejected, caps, SessionField.QUEUE, spec.queue().isPresent());
    check(rejected, caps, SessionField.HEARTBEAT_TIMEOUT, spec.heartbeatTimeout().isPresent());
    // ttl and idleTimeout are enforced by the client; sent only where the server takes them
    check(rejected, caps, SessionField.TAGS, !spec.tags().isEmpty());
    check(rejected, caps, SessionField.SHARED_SESSION, spec.sharedSessionTag().isPresent());
    if (!rejected.isEmpty()) {
      throw new IllegalArgumentException(ctx.backend.description()
          + " does not accept the session field(s) " + rejected
          + "; remove them from the SessionSpec");
    }
  }

  private static void check(Set<String> rejected, BackendCapabilities caps, SessionField f,
      boolean set) {
    if (set && !caps.accepts(f)) {
      rejected.add(f.name().toLowerCase(Locale.ROOT));
    }
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
  LivySession attach(SessionId id, Op op) {
    return ClientContext.observed(op, () -> attachObserved(id));
  }

  private LivySession attachObserved(SessionId id) {
    Objects.requireNonNull(id, "id");
    ctx.ensureOpen();
    synchronized (attachLock) {
      // a session this client already owns keeps its one owner: one close, one DELETE
      for (DefaultLivySession s : owned) {
        if (s.id().equals(id)) {
          return s;
        }
      }
      SessionInfo info = ctx.backend.getSession(ctx.transport, id);
      DefaultLivySession session = new DefaultLivySession(this, info, List.of(), null);
      own(session);
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
  List<SessionInfo> listSessions(Op op) {
    return ClientContext.observed(op, () -> {
      ctx.ensureOpen();
      return ctx.backend.listSessions(ctx.transport);
    });
  }

  @Override
  public List<SessionInfo> listSessions(String namePrefix) {
    String prefix = prefix(namePrefix);
    return listSessions().stream()
        .filter(s -> s.name().map(n -> n.startsWith(prefix)).orElse(false)).toList();
  }

  @Override
  public List<SessionInfo> deleteOrphans(String namePrefix, Duration olderThan,
      boolean dryRun) {
    return ctx.observed(LivyOperation.SESSION_DELETE_ORPHANS, null,
        () -> deleteOrphansObserved(namePrefix, olderThan, dryRun));
  }

  private List<SessionInfo> deleteOrphansObserved(String namePrefix, Duration olderThan,
      boolean dryRun) {
    String prefix = prefix(namePrefix);
    Objects.requireNonNull(olderThan, "olderThan");
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative, was " + olderThan);
    }
    Set<SessionId> mine = new java.util.HashSet<>();
    owned.forEach(s -> mine.add(s.id()));
    Instant now = ctx.config.clock().instant();
    List<SessionInfo> orphans = new ArrayList<>();
    for (SessionInfo s : listSessions(prefix)) {
      if (mine.contains(s.id())) {
        continue;
      }
      Optional<Instant> created = createdAt(s.name().orElseThrow().substring(prefix.length()));
      boolean oldEnough = s.state().isFinished() || olderThan.isZero()
          || created.map(c -> !c.plus(olderThan).isAfter(now)).orElse(false);
      if (oldEnough) {
        orphans.add(s);
      } else if (created.isEmpty()) {
        LOG.debug("Session {} ({}) has no age livy4j can read; left alone", s.id(),
            s.name().orElse(""));
      }
    }
    if (dryRun) {
      return orphans;
    }
    List<SessionInfo> deleted = new ArrayList<>();
    List<SessionId> failedIds = new ArrayList<>();
    List<LivyException> failures = new ArrayList<>();
    for (SessionInfo s : orphans) {
      try {
        ctx.backend.deleteSession(ctx.transport, s.id());
        deleted.add(s);
        LOG.info("Deleted orphaned session {} ({})", s.id(), s.name().orElse(""));
      } catch (SessionNotFoundException e) {
        deleted.add(s); // gone meanwhile
      } catch (LivyException e) {
        failedIds.add(s.id());
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      LivyException e = new LivyException("Deleted " + deleted.size() + " orphaned session(s)"
          + " but could not delete " + failedIds, failures.get(0));
      failures.subList(1, failures.size()).forEach(x -> Failures.suppress(e, x));
      throw e;
    }
    return deleted;
  }

  private static String prefix(String namePrefix) {
    Objects.requireNonNull(namePrefix, "namePrefix");
    if (namePrefix.isEmpty()) {
      throw new IllegalArgumentException("namePrefix must not be empty: it chooses whose"
          + " sessions these are");
    }
    return namePrefix;
  }

  /** When livy4j made a name from its suffix ({@code <base-36 millis>-<random>}), if it did. */
  static Optional<Instant> createdAt(String suffix) {
    int dash = suffix.indexOf('-');
    if (dash < 6 || dash > 12 || !suffix.substring(dash + 1).matches("[0-9a-z]{1,6}")) {
      return Optional.empty();
    }
    try {
      long millis = Long.parseLong(suffix.substring(0, dash), 36);
      return Optional.of(Instant.ofEpochMilli(millis));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public BatchPoller submitBatch(BatchSpec spec) {
    Op op = ctx.observers.start(LivyOperation.BATCH_SUBMIT, null, null);
    return ClientContext.begun(op, () -> submitBatch(spec, op));
  }

  private BatchPoller submitBatch(BatchSpec spec, Op op) {
    Objects.requireNonNull(spec, "spec");
    ctx.ensureOpen();
    requireBatches();
    if (!spec.tags().isEmpty() && !ctx.capabilities().accepts(SessionField.TAGS)) {
      throw new IllegalArgumentException(ctx.backend.description()
          + " does not accept tags; remove them from the BatchSpec");
    }
    String name = spec.name().orElseGet(() -> spec.namePrefix() + uniqueSuffix(ctx));
    CallDeadline d = CallDeadline.from(ctx.config.clock(),
        ctx.config.polling().statementTimeout());
    SessionInfo first = d.begin(() -> "batch '" + name + "' to be submitted",
        () -> createOnce("batch", name,
            () -> ctx.backend.submitBatch(ctx.transport, spec, name),
            () -> ctx.backend.listBatches(ctx.transport),
            id -> ctx.backend.deleteBatch(ctx.transport, BatchId.of(id.value()))));
    LOG.debug("Submitted batch {} ({}) in state {}", first.id(), name, first.rawState());
    op.identified(first.id().value());
    return new DefaultBatchPoller(ctx, first, op);
  }

  @Override
  public BatchPoller attachBatch(BatchId id) {
    Op op = ctx.observers.start(LivyOperation.BATCH_ATTACH, null, null);
    return ClientContext.begun(op, () -> {
      Objects.requireNonNull(id, "id");
      ctx.ensureOpen();
      requireBatches();
      op.identified(id.value());
      return new DefaultBatchPoller(ctx, ctx.backend.getBatch(ctx.transport, id), op);
    });
  }

  @Override
  public List<SessionInfo> listBatches() {
    return ctx.observed(LivyOperation.BATCH_LIST, null, () -> {
      ctx.ensureOpen();
      requireBatches();
      return ctx.backend.listBatches(ctx.transport);
    });
  }

  private void requireBatches() {
    if (!ctx.capabilities().batches()) {
      throw new UnsupportedOperationException(ctx.backend.description() + " runs no batches");
    }
  }

  @Override
  public LivyAsyncClient async() {
    return async;
  }

  private void own(DefaultLivySession session) {
    if (owned.add(session)) {
      ctx.observers.sessionStateChanged(session.id(), null, session.info().state());
    }
    if (ctx.config.shutdownHook()) {
      synchronized (hookLock) {
        if (shutdownHook == null) {
          shutdownHook = new Thread(this::deleteOwnedAtShutdown, "livy4j-shutdown");
          try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
          } catch (IllegalStateException e) {
            shutdownHook = null; // already shutting down
          }
        }
      }
    }
  }

  /**
   * Starts the one lifetime tick of this client: on real time, once a second on the client's
   * timer; on an injected sleeper, each time its time moves.
   */
  private void startLifetimes() {
    if (!lifetimesStarted.compareAndSet(false, true)) {
      return;
    }
    Sleeper sleeper = ctx.config.sleeper();
    if (sleeper != Sleeper.system()) {
      sleeper.onTimePassed(this::lifetimeTick);
      return;
    }
    scheduleTick();
  }

  private void scheduleTick() {
    try {
      ctx.scheduler().at(() -> ctx.scheduler().execute(() -> {
        lifetimeTick();
        scheduleTick();
      }), LIFETIME_TICK);
    } catch (RuntimeException e) {
      // closed: no more ticks
    }
  }

  private void lifetimeTick() {
    if (ctx.isClosed() || !inLifetimeTick.compareAndSet(false, true)) {
      return;
    }
    try {
      Instant now = ctx.config.clock().instant();
      for (DefaultLivySession s : owned) {
        try {
          s.lifetimeTick(now);
        } catch (RuntimeException e) {
          LOG.warn("The lifetime of session {} could not be checked", s.id(), e);
        }
      }
    } finally {
      inLifetimeTick.set(false);
    }
  }

  /**
   * Adds an internal listener for expiries (a pool's).
   *
   * @param listener the listener
   */
  void onExpiry(java.util.function.Consumer<SessionExpiredException> listener) {
    internalExpiryListeners.add(listener);
  }

  void notifyExpired(SessionExpiredException e) {
    for (java.util.function.Consumer<SessionExpiredException> l : internalExpiryListeners) {
      try {
        l.accept(e);
      } catch (RuntimeException failure) {
        LOG.warn("A session pool failed to hear of an expiry", failure);
      }
    }
    for (SessionListener l : ctx.config.sessionListeners()) {
      try {
        l.onExpired(e);
      } catch (RuntimeException failure) {
        LOG.warn("A session listener failed", failure);
      }
    }
  }

  void notifyRecovered(SessionId lost, SessionId replacement) {
    for (SessionListener l : ctx.config.sessionListeners()) {
      try {
        l.onRecovered(lost, replacement);
      } catch (RuntimeException failure) {
        LOG.warn("A session listener failed", failure);
      }
    }
  }

  void notifyKeepAlive(SessionId id) {
    for (SessionListener l : ctx.config.sessionListeners()) {
      try {
        l.onKeepAlive(id);
      } catch (RuntimeException failure) {
        LOG.warn("A session listener failed", failure);
      }
    }
  }

  /** @return the clean-up that runs off the callers' threads */
  Cleanups cleanups() {
    return cleanups;
  }

  void release(DefaultLivySession session) {
    if (owned.remove(session)) {
      ctx.observers.sessionStateChanged(session.id(), session.info().state(), null);
    }
  }

  private void deleteOwnedAtShutdown() {
    try {
      closeOwned(ctx.config.clock().instant().plus(ctx.config.closeTimeout()));
    } catch (LivyException e) {
      LOG.warn("Could not delete every Livy session at shutdown: {}", e.getMessage());
    }
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
      closeOwned(deadline);
    } finally {
      ctx.shutdownThreads();
      synchronized (hookLock) {
        if (shutdownHook != null) {
          try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
          } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook itself
          }
          shutdownHook = null;
        }
      }
    }
  }

  /**
   * Deletes the owned sessions in parallel within the close budget; throws, naming them, if
   * any could not be deleted.
   */
  private void closeOwned(Instant deadline) {
    List<DefaultLivySession> sessions = new ArrayList<>(owned);
    if (sessions.isEmpty()) {
      return;
    }
    Duration budget = ctx.config.closeTimeout();
    ExecutorService deleters = Executors.newFixedThreadPool(Math.min(sessions.size(),
        MAX_PARALLEL_DELETES), r -> {
          Thread t = new Thread(r, "livy4j-close");
          t.setDaemon(true);
          return t;
        });
    Map<DefaultLivySession, Future<?>> deletes = new LinkedHashMap<>();
    try {
      for (DefaultLivySession s : sessions) {
        deletes.put(s, deleters.submit(() -> Deadline.within(deadline, s::closeByClient)));
      }
      deleters.shutdown();
      // the deadline bounds every request; the slack covers the last answer's arrival
      awaitQuietly(deleters, Duration.between(ctx.config.clock().instant(), deadline)
          .plus(CLOSE_SLACK));
    } finally {
      deleters.shutdownNow();
      io.github.livy4j.internal.polling.Scheduler.awaitEnd(deleters);
    }
    LivyException failure = null;
    List<String> left = new ArrayList<>();
    boolean unfinished = false;
    for (Map.Entry<DefaultLivySession, Future<?>> e : deletes.entrySet()) {
      Future<?> f = e.getValue();
      if (!f.isDone()) {
        left.add(e.getKey().id().value());
        unfinished = true;
        continue;
      }
      try {
        f.get();
      } catch (ExecutionException ex) {
        left.add(e.getKey().id().value());
        // a delete the budget's deadline cut short ran out of time, as one still running did
        unfinished |= ex.getCause()
            instanceof io.github.livy4j.internal.http.DeadlineExceededException;
        if (ex.getCause() instanceof LivyException le) {
          failure = ClientContext.addSuppressed(failure, le);
        }
      } catch (InterruptedException | CancellationException ex) {
        left.add(e.getKey().id().value());
      }
    }
    if (!left.isEmpty()) {
      // why: the budget ran out, or the deletes failed (the server gone, no token, ...)
      String why = unfinished || failure == null ? " within the close budget of "
          + budget.toMillis() + " ms (LivyClient.Builder.closeTimeout)"
          : ": " + failure.getMessage();
      LOG.warn("Could not delete Livy session(s) {}{}; they run until the server's idle"
          + " timeout ends them", left, why);
      LivyClientException e = new LivyClientException("Could not delete Livy session(s) "
          + left + why, null, false);
      if (failure != null) {
        Failures.suppress(e, failure);
      }
      throw e;
    }
  }

  private static void awaitQuietly(ExecutorService pool, Duration timeout) {
    try {
      pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LivyClient[" + ctx.backend.description() + ", sessions=" + owned.size() + "]";
  }
}
