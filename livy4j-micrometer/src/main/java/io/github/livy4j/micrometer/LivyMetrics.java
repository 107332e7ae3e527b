package io.github.livy4j.micrometer;

import io.github.livy4j.SessionId;
import io.github.livy4j.SessionState;
import io.github.livy4j.micrometer.internal.ExpectedRanges;
import io.github.livy4j.micrometer.internal.TagValues;
import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.OperationObserver;
import io.github.livy4j.polling.PollingOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Micrometer meters for a livy4j client: register with
 * {@link io.github.livy4j.LivyClient.Builder#observer(LivyObserver)}.
 *
 * <pre>{@code
 * LivyClient client = LivyClient.builder()
 *     .backend(ApacheLivy.at(uri))
 *     .observer(LivyMetrics.builder(registry).client("etl").build())
 *     .build();
 * }</pre>
 *
 * <p>The meters, each with the tag {@code client} when the builder was given a
 * {@linkplain Builder#client(String) name}, and the builder's common tags:
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 * <tr><td>{@code livy4j.client.requests}</td><td>timer</td>
 *   <td>backend, operation, method, uri, status, outcome, exception, error, server.address,
 *   server.port</td>
 *   <td>each HTTP attempt; {@code uri} is the path template, {@code status} the HTTP status or
 *   {@code IO_ERROR}, {@code outcome} Micrometer's {@code SUCCESS}, {@code CLIENT_ERROR},
 *   {@code SERVER_ERROR} ... or {@code UNKNOWN} when no answer came, {@code exception} the
 *   failure's class when no answer came, else {@code none}, and {@code error} the same (the
 *   tag of Micrometer's {@code DefaultMeterObservationHandler}, so these timers and those of
 *   {@link LivyObservations} have the same tag keys)</td></tr>
 * <tr><td>{@code livy4j.client.operations}</td><td>timer</td>
 *   <td>backend, operation, outcome, exception, error</td>
 *   <td>each operation from its start to its end ({@code outcome} {@code SUCCESS} or
 *   {@code FAILURE}); statements are {@code operation="statement.run"}</td></tr>
 * <tr><td>{@code livy4j.client.operations.active}</td><td>long-task timer</td>
 *   <td>backend, operation</td><td>operations in progress: with
 *   {@code operation="statement.run"} the statements submitted and not ended</td></tr>
 * <tr><td>{@code livy4j.client.retries}</td><td>counter</td>
 *   <td>backend, operation, reason</td>
 *   <td>attempts sent again; {@code reason} is {@code throttled}, {@code capacity},
 *   {@code token} or {@code error}</td></tr>
 * <tr><td>{@code livy4j.client.capacity.waits}</td><td>timer</td><td>backend, operation</td>
 *   <td>waits for capacity after Fabric's 430</td></tr>
 * <tr><td>{@code livy4j.client.statements.queued}</td><td>timer</td><td>backend</td>
 *   <td>how long statements waited (in state {@code waiting}) until first seen in another
 *   state; a statement the server started at once counts zero</td></tr>
 * <tr><td>{@code livy4j.client.statements.running}</td><td>long-task timer</td><td>backend</td>
 *   <td>statements seen in state {@code running}, from then until they leave it or end: how
 *   many run now, and for how long the longest has</td></tr>
 * <tr><td>{@code livy4j.client.sessions}</td><td>gauge</td><td>state</td>
 *   <td>sessions the client owns, by their last seen state</td></tr>
 * <tr><td>{@code livy4j.client.token.refreshes}</td><td>counter</td><td>outcome, reason</td>
 *   <td>new tokens ({@code SUCCESS}, {@code reason} {@code expiring} or {@code rejected}) and
 *   failures of the token provider ({@code FAILURE}, {@code reason} {@code error})</td></tr>
 * </table>
 *
 * <p>Answers asking the client to slow down are {@code livy4j.client.requests{status="429"}}.
 * The timers expect values up to the client's timeouts (a session start up to 10 minutes, a
 * statement up to 30, a request up to the request timeout), so their histograms, when turned on,
 * have buckets that far; {@link #expectedRanges()} gives the same ranges to the timers of
 * {@link LivyObservations}.
 *
 * <p>{@link LivyObservations} makes {@code livy4j.client.requests} and
 * {@code livy4j.client.operations} (with {@code .active}) through Micrometer's
 * {@code DefaultMeterObservationHandler}, with the same names and tags (and its {@code error}
 * tag). To use both on one registry, build this one with {@link Builder#alongsideObservations()}:
 * it then makes only the meters observations do not, and nothing is counted twice.
 *
 * <p>No meter carries a session or statement id, a URL with ids, a token or code: every tag
 * has a small, fixed set of values. Two clients on one registry are told apart by their
 * {@linkplain Builder#client(String) names}, and their requests by {@code server.address} and
 * {@code server.port}; instances with the same name and tags add to the same series (the
 * sessions gauge then counts the sessions of all of them).
 */
public final class LivyMetrics implements LivyObserver {
  /** Each HTTP attempt (timer). */
  public static final String REQUESTS = ExpectedRanges.REQUESTS;

  /** Each operation, start to end (timer). */
  public static final String OPERATIONS = ExpectedRanges.OPERATIONS;

  /** Operations in progress (long-task timer). */
  public static final String OPERATIONS_ACTIVE = ExpectedRanges.OPERATIONS_ACTIVE;

  /** Attempts sent again (counter). */
  public static final String RETRIES = ExpectedRanges.RETRIES;

  /** Waits for capacity (timer). */
  public static final String CAPACITY_WAITS = ExpectedRanges.CAPACITY_WAITS;

  /** How long statements waited before they ran (timer). */
  public static final String STATEMENTS_QUEUED = ExpectedRanges.STATEMENTS_QUEUED;

  /** Statements the server runs now, seen in state {@code running} (long-task timer). */
  public static final String STATEMENTS_RUNNING = ExpectedRanges.STATEMENTS_RUNNING;

  /** Sessions the client owns, by state (gauge). */
  public static final String SESSIONS = ExpectedRanges.SESSIONS;

  /** New tokens and failures of the token provider (counter). */
  public static final String TOKEN_REFRESHES = ExpectedRanges.TOKEN_REFRESHES;

  private static final String STATEMENT_WAITING = "waiting";
  private static final String STATEMENT_RUNNING = "running";

  /**
   * The sessions counts of every instance on a registry, by gauge: instances with the same name
   * and tags add to one count, where a gauge registered twice would keep only the first's.
   */
  private static final Map<MeterRegistry, ConcurrentMap<Meter.Id, AtomicInteger>> COUNTS =
      new WeakHashMap<>();

  private final MeterRegistry registry;
  private final Tags common;
  private final boolean all;
  private final ExpectedRanges ranges;
  private final Map<SessionId, SessionState> sessions = new ConcurrentHashMap<>();
  private final Map<SessionState, AtomicInteger> byState = new ConcurrentHashMap<>();

  /** The timers of every request and operation, their common part built once. */
  private final Meter.MeterProvider<Timer> requests;

  private final Map<String, Meter.MeterProvider<Timer>> operations = new ConcurrentHashMap<>();

  private LivyMetrics(Builder b) {
    this.registry = b.registry;
    this.common = b.client == null ? b.tags : b.tags.and("client", b.client);
    this.all = b.all;
    this.ranges = b.ranges;
    this.requests =
        timer(REQUESTS, null)
            .description("HTTP attempts to the Livy server")
            .withRegistry(registry);
  }

  private Meter.MeterProvider<Timer> operations(String operation) {
    return operations.computeIfAbsent(
        operation,
        o ->
            timer(OPERATIONS, o)
                .description("livy4j operations, start to end")
                .withRegistry(registry));
  }

  /**
   * Meters on a registry, without client name or common tags.
   *
   * @param registry the registry
   * @return the observer
   */
  public static LivyMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * A builder, for a client name, common tags, the meters to make and the timers' ranges.
   *
   * @param registry the registry
   * @return the builder
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * A filter to add to a registry ({@code registry.config().meterFilter(...)}) that gives
   * livy4j's timers the ranges of values they expect for the client's default timeouts:
   * requests up to 60 seconds, session starts up to 10 minutes, statements up to 30 minutes,
   * batches up to 2 hours, other operations up to 5 minutes. Histogram buckets and SLO
   * boundaries then reach that far. Needed for the timers {@link LivyObservations} makes
   * through Micrometer's {@code DefaultMeterObservationHandler}; those of this class have their
   * ranges already. It replaces the 1 ms to 30 s every timer builder starts with; a filter added
   * after it may still change the range.
   *
   * @return the filter
   */
  public static MeterFilter expectedRanges() {
    return ExpectedRanges.defaults().filter();
  }

  /**
   * {@link #expectedRanges()} for a client with other timeouts.
   *
   * @param requestTimeout the client's {@code requestTimeout}
   * @param polling the client's polling options (the session start and statement timeouts)
   * @return the filter
   */
  public static MeterFilter expectedRanges(Duration requestTimeout, PollingOptions polling) {
    return new ExpectedRanges(requestTimeout, polling).filter();
  }

  /** Builds a {@link LivyMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private String client;
    private boolean all = true;
    private ExpectedRanges ranges = ExpectedRanges.defaults();

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Names the client: every meter gets the tag {@code client} with this value, so two clients
     * on one registry keep their series apart. Give every client on a registry a name, or none:
     * some registries (Prometheus) want one set of tag keys per meter name.
     *
     * @param name the client's name, such as {@code etl}
     * @return this builder
     */
    public Builder client(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("the client's name must not be blank");
      }
      this.client = name;
      return this;
    }

    /**
     * Adds tags to every meter.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * Adds tags to every meter.
     *
     * @param keyValues keys and values, alternating
     * @return this builder
     */
    public Builder tags(String... keyValues) {
      this.tags = this.tags.and(keyValues);
      return this;
    }

    /**
     * Makes only the meters {@link LivyObservations} does not, for a client observed by both on
     * one registry: {@code livy4j.client.sessions}, {@code .retries}, {@code .capacity.waits},
     * {@code .token.refreshes}, {@code .statements.queued} and {@code .statements.running}.
     * {@code livy4j.client.requests} and {@code livy4j.client.operations} (with
     * {@code .active}) then come from the observations alone. The Spring Boot starter builds
     * it so when the application has an {@code ObservationRegistry}.
     *
     * @return this builder
     */
    public Builder alongsideObservations() {
      this.all = false;
      return this;
    }

    /**
     * The client's timeouts, for the range of values the timers expect (by default the
     * client's defaults: {@link #expectedRanges()}).
     *
     * @param requestTimeout the client's {@code requestTimeout}
     * @param polling its polling options (the session start and statement timeouts)
     * @return this builder
     */
    public Builder expectedRanges(Duration requestTimeout, PollingOptions polling) {
      this.ranges = new ExpectedRanges(requestTimeout, polling);
      return this;
    }

    /** @return the observer */
    public LivyMetrics build() {
      return new LivyMetrics(this);
    }
  }

  @Override
  public OperationObserver operationStarted(LivyOperation operation) {
    return new Watch(operation, registry.config().clock().monotonicTime());
  }

  @Override
  public void sessionStateChanged(SessionId session, SessionState from, SessionState to) {
    // counted from the map, not from the event's own "from": the counts stay right even if
    // events of one session come out of order
    SessionState before = to == null ? sessions.remove(session) : sessions.put(session, to);
    if (before == to) {
      return;
    }
    if (before != null) {
      count(before).decrementAndGet();
    }
    if (to != null) {
      count(to).incrementAndGet();
    }
  }

  private AtomicInteger count(SessionState state) {
    return byState.computeIfAbsent(state, this::sharedCount);
  }

  private AtomicInteger sharedCount(SessionState state) {
    Tags tags = common.and("state", state.wireName());
    ConcurrentMap<Meter.Id, AtomicInteger> counts;
    synchronized (COUNTS) {
      counts = COUNTS.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
    }
    Meter.Id id = new Meter.Id(SESSIONS, tags, null, null, Meter.Type.GAUGE);
    return counts.computeIfAbsent(
        id,
        i -> {
          AtomicInteger n = new AtomicInteger();
          Gauge.builder(SESSIONS, n, AtomicInteger::get)
              .description("Sessions the client owns, by their last seen state")
              .tags(tags)
              .strongReference(true)
              .register(registry);
          return n;
        });
  }

  @Override
  public void tokenRefreshed(boolean afterRejection, Duration took) {
    tokens(TagValues.SUCCESS, afterRejection ? "rejected" : "expiring");
  }

  @Override
  public void tokenFailed(Throwable failure) {
    tokens(TagValues.FAILURE, "error");
  }

  private void tokens(String outcome, String reason) {
    Counter.builder(TOKEN_REFRESHES)
        .description("New tokens taken from the token provider, and its failures")
        .tags(common)
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  private Timer.Builder timer(String name, String operation) {
    ExpectedRanges.Range range = ranges.of(name, operation);
    return Timer.builder(name)
        .tags(common)
        .minimumExpectedValue(range.min())
        .maximumExpectedValue(range.max());
  }

  private LongTaskTimer.Builder longTaskTimer(String name, String operation) {
    ExpectedRanges.Range range = ranges.of(name, operation);
    return LongTaskTimer.builder(name)
        .tags(common)
        .minimumExpectedValue(range.min())
        .maximumExpectedValue(range.max());
  }

  /** One operation's meters. */
  private final class Watch implements OperationObserver {
    private final LivyOperation op;
    private final long started;
    private final Tags tags;
    private final boolean statement;
    private final LongTaskTimer.Sample active;
    private volatile boolean queuedRecorded;
    private LongTaskTimer.Sample running;

    Watch(LivyOperation op, long started) {
      this.op = op;
      this.started = started;
      this.tags = Tags.of("backend", op.backend(), "operation", op.name());
      this.statement = LivyOperation.STATEMENT_RUN.equals(op.name());
      this.active =
          all
              ? longTaskTimer(OPERATIONS_ACTIVE, op.name())
                  .description("livy4j operations in progress")
                  .tags(tags)
                  .register(registry)
                  .start()
              : null;
    }

    @Override
    public ExchangeObserver exchangeStarted(
        HttpExchange exchange, BiConsumer<String, String> headers) {
      return result -> recordExchange(exchange, result);
    }

    private void recordExchange(HttpExchange exchange, HttpResult result) {
      if (all) {
        requests
            .withTags(
                "backend",
                op.backend(),
                "operation",
                op.name(),
                "method",
                exchange.method(),
                "uri",
                exchange.urlTemplate(),
                "status",
                TagValues.status(result),
                "outcome",
                TagValues.outcome(result),
                "exception",
                TagValues.exception(result),
                // the tag Micrometer's DefaultMeterObservationHandler adds: the same keys as the
                // observations' timers of this name, which some registries (Prometheus) require
                "error",
                TagValues.exception(result),
                "server.address",
                TagValues.serverAddress(exchange.url()),
                "server.port",
                TagValues.serverPort(exchange.url()))
            .record(result.duration());
      }
      if (result.retried()) {
        Counter.builder(RETRIES)
            .description("HTTP attempts sent again")
            .tags(common)
            .tags(tags)
            .tag("reason", TagValues.retryReason(result))
            .register(registry)
            .increment();
        if (result.capacityRejected()) {
          timer(CAPACITY_WAITS, op.name())
              .description("Waits for capacity after the service had none (430)")
              .tags(tags)
              .register(registry)
              .record(result.retryDelay());
        }
      }
    }

    @Override
    public void stateChanged(String from, String to) {
      if (!statement) {
        return;
      }
      // calls for one operation come one at a time (OperationObserver's contract)
      if (STATEMENT_RUNNING.equals(to) && running == null) {
        running =
            longTaskTimer(STATEMENTS_RUNNING, op.name())
                .description("Statements the server runs now")
                .tag("backend", op.backend())
                .register(registry)
                .start();
      } else if (!STATEMENT_RUNNING.equals(to)) {
        stopRunning();
      }
      if (queuedRecorded || STATEMENT_WAITING.equals(to)) {
        return;
      }
      queuedRecorded = true;
      // a statement the submit's answer (from null) had running already never waited: zero
      long queued = STATEMENT_WAITING.equals(from) ? elapsed() : 0;
      timer(STATEMENTS_QUEUED, op.name())
          .description("How long statements waited before they ran")
          .tag("backend", op.backend())
          .register(registry)
          .record(queued, TimeUnit.NANOSECONDS);
    }

    @Override
    public void ended(Throwable failure) {
      stopRunning();
      long took = elapsed();
      if (!all) {
        return;
      }
      active.stop();
      operations(op.name())
          .withTags(
              "backend",
              op.backend(),
              "operation",
              op.name(),
              "outcome",
              TagValues.outcome(failure),
              "exception",
              TagValues.exception(failure),
              "error",
              TagValues.exception(failure))
          .record(took, TimeUnit.NANOSECONDS);
    }

    private void stopRunning() {
      LongTaskTimer.Sample r = running;
      if (r != null) {
        running = null;
        r.stop();
      }
    }

    private long elapsed() {
      return registry.config().clock().monotonicTime() - started;
    }
  }

  @Override
  public String toString() {
    return "LivyMetrics["
        + registry.getClass().getSimpleName()
        + (common.stream().findAny().isPresent() ? ", " + common : "")
        + (all ? "" : ", alongside observations")
        + "]";
  }
}
