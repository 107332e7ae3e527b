package io.github.livy4j.micrometer;

import io.github.livy4j.SessionId;
import io.github.livy4j.SessionState;
import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.OperationObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
 *     .observer(LivyMetrics.of(registry))
 *     .build();
 * }</pre>
 *
 * <p>The meters, each with the common tags given to the builder:
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 * <tr><td>{@code livy.client.requests}</td><td>timer</td>
 *   <td>backend, operation, method, uri, status, outcome, exception</td>
 *   <td>each HTTP attempt; {@code uri} is the path template, {@code outcome} Micrometer's
 *   {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} or {@code UNKNOWN}</td></tr>
 * <tr><td>{@code livy.client.retries}</td><td>counter</td>
 *   <td>backend, operation, reason</td>
 *   <td>attempts sent again; {@code reason} is {@code throttled}, {@code capacity},
 *   {@code token} or {@code error}</td></tr>
 * <tr><td>{@code livy.client.throttles}</td><td>counter</td><td>backend, operation</td>
 *   <td>answers asking the client to slow down (429)</td></tr>
 * <tr><td>{@code livy.client.capacity.waits}</td><td>timer</td><td>backend, operation</td>
 *   <td>waits for capacity after Fabric's 430</td></tr>
 * <tr><td>{@code livy.client.operations}</td><td>timer</td>
 *   <td>backend, operation, outcome, exception</td>
 *   <td>each operation, from its start to its end ({@code outcome} {@code success} or
 *   {@code failure})</td></tr>
 * <tr><td>{@code livy.client.statements}</td><td>timer</td><td>backend, outcome, exception</td>
 *   <td>statements, from submit to their end</td></tr>
 * <tr><td>{@code livy.client.statements.queued}</td><td>timer</td><td>backend</td>
 *   <td>how long statements waited (in state {@code waiting}) until first seen in another
 *   state</td></tr>
 * <tr><td>{@code livy.client.sessions}</td><td>gauge</td><td>state</td>
 *   <td>sessions the client owns, by their last seen state</td></tr>
 * <tr><td>{@code livy.client.token.refreshes}</td><td>counter</td><td>outcome, reason</td>
 *   <td>new tokens ({@code success}, {@code reason} {@code expiring} or {@code rejected}) and
 *   failures of the token provider ({@code failure})</td></tr>
 * </table>
 *
 * <p>No meter carries a session or statement id, a URL with ids, a token or code: every tag
 * has a small, fixed set of values. One instance may watch several clients; its gauges then
 * count the sessions of them all.
 */
public final class LivyMetrics implements LivyObserver {
  private static final String STATEMENT_WAITING = "waiting";

  private final MeterRegistry registry;
  private final Tags common;
  private final Map<SessionId, SessionState> sessions = new ConcurrentHashMap<>();
  private final Map<SessionState, AtomicInteger> byState = new ConcurrentHashMap<>();

  /** The meters of every request and operation, their common part built once. */
  private final Meter.MeterProvider<Timer> requests;

  private final Meter.MeterProvider<Timer> operations;

  private LivyMetrics(MeterRegistry registry, Tags common) {
    this.registry = registry;
    this.common = common;
    this.requests =
        Timer.builder("livy.client.requests")
            .description("HTTP attempts to the Livy server")
            .tags(common)
            .withRegistry(registry);
    this.operations =
        Timer.builder("livy.client.operations")
            .description("livy4j operations, start to end")
            .tags(common)
            .withRegistry(registry);
  }

  /**
   * Meters on a registry, without common tags.
   *
   * @param registry the registry
   * @return the observer
   */
  public static LivyMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * A builder, for common tags.
   *
   * @param registry the registry
   * @return the builder
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /** Builds a {@link LivyMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Adds tags to every meter, such as the name of the Livy server a client talks to.
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

    /** @return the observer */
    public LivyMetrics build() {
      return new LivyMetrics(registry, tags);
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
    return byState.computeIfAbsent(
        state,
        s -> {
          AtomicInteger n = new AtomicInteger();
          Gauge.builder("livy.client.sessions", n, AtomicInteger::get)
              .description("Sessions the client owns, by their last seen state")
              .tags(common)
              .tag("state", s.wireName())
              .register(registry);
          return n;
        });
  }

  @Override
  public void tokenRefreshed(boolean afterRejection, Duration took) {
    Counter.builder("livy.client.token.refreshes")
        .description("New tokens taken from the token provider, and its failures")
        .tags(common)
        .tag("outcome", "success")
        .tag("reason", afterRejection ? "rejected" : "expiring")
        .register(registry)
        .increment();
  }

  @Override
  public void tokenFailed(Throwable failure) {
    Counter.builder("livy.client.token.refreshes")
        .description("New tokens taken from the token provider, and its failures")
        .tags(common)
        .tag("outcome", "failure")
        .tag("reason", "error")
        .register(registry)
        .increment();
  }

  /** One operation's meters. */
  private final class Watch implements OperationObserver {
    private final LivyOperation op;
    private final long started;
    private final Tags tags;
    private final boolean statement;
    private volatile boolean queuedRecorded;

    Watch(LivyOperation op, long started) {
      this.op = op;
      this.started = started;
      this.tags = common.and("backend", op.backend(), "operation", op.name());
      this.statement = LivyOperation.STATEMENT_RUN.equals(op.name());
    }

    @Override
    public ExchangeObserver exchangeStarted(
        HttpExchange exchange, BiConsumer<String, String> headers) {
      return result -> recordExchange(exchange, result);
    }

    private void recordExchange(HttpExchange exchange, HttpResult result) {
      int status = result.status().orElse(0);
      String exception =
          status == 0
              ? result.failure().map(f -> f.getClass().getSimpleName()).orElse("none")
              : "none";
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
              status == 0 ? "IO_ERROR" : Integer.toString(status),
              "outcome",
              outcome(status),
              "exception",
              exception)
          .record(result.duration());
      if (result.throttled()) {
        Counter.builder("livy.client.throttles")
            .description("Answers asking the client to slow down (429)")
            .tags(tags)
            .register(registry)
            .increment();
      }
      if (result.retried()) {
        String reason =
            result.throttled()
                ? "throttled"
                : result.capacityRejected()
                    ? "capacity"
                    : result.tokenRejected() ? "token" : "error";
        Counter.builder("livy.client.retries")
            .description("HTTP attempts sent again")
            .tags(tags)
            .tag("reason", reason)
            .register(registry)
            .increment();
        if (result.capacityRejected()) {
          Timer.builder("livy.client.capacity.waits")
              .description("Waits for capacity after the service had none (430)")
              .tags(tags)
              .register(registry)
              .record(result.retryDelay());
        }
      }
    }

    @Override
    public void stateChanged(String from, String to) {
      if (statement && !queuedRecorded && !STATEMENT_WAITING.equals(to)) {
        queuedRecorded = true;
        recordQueued();
      }
    }

    private void recordQueued() {
      Timer.builder("livy.client.statements.queued")
          .description("How long statements waited before they ran")
          .tags(common)
          .tag("backend", op.backend())
          .register(registry)
          .record(elapsed(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void ended(Throwable failure) {
      long took = elapsed();
      String outcome = failure == null ? "success" : "failure";
      String exception = failure == null ? "none" : failure.getClass().getSimpleName();
      operations
          .withTags(
              "backend",
              op.backend(),
              "operation",
              op.name(),
              "outcome",
              outcome,
              "exception",
              exception)
          .record(took, TimeUnit.NANOSECONDS);
      if (statement) {
        Timer.builder("livy.client.statements")
            .description("Statements, from submit to their end")
            .tags(common)
            .tag("backend", op.backend())
            .tag("outcome", outcome)
            .tag("exception", exception)
            .register(registry)
            .record(took, TimeUnit.NANOSECONDS);
      }
    }

    private long elapsed() {
      return registry.config().clock().monotonicTime() - started;
    }
  }

  private static String outcome(int status) {
    if (status >= 200 && status < 300) {
      return "SUCCESS";
    }
    if (status >= 300 && status < 400) {
      return "REDIRECTION";
    }
    if (status >= 400 && status < 500) {
      return "CLIENT_ERROR";
    }
    if (status >= 500 && status < 600) {
      return "SERVER_ERROR";
    }
    return status >= 100 && status < 200 ? "INFORMATIONAL" : "UNKNOWN";
  }

  @Override
  public String toString() {
    return "LivyMetrics["
        + registry.getClass().getSimpleName()
        + (common.stream().findAny().isPresent() ? ", " + common : "")
        + "]";
  }
}
