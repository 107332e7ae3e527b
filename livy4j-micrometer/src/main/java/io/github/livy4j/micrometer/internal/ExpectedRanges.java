package io.github.livy4j.micrometer.internal;

import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.polling.PollingOptions;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The range of values each of livy4j's timers expects, so that a histogram's buckets reach a
 * 30-minute statement rather than stopping at Micrometer's default 30 seconds.
 */
public final class ExpectedRanges {
  /** The meters' names. */
  public static final String PREFIX = "livy4j.client.";

  public static final String REQUESTS = PREFIX + "requests";
  public static final String OPERATIONS = PREFIX + "operations";
  public static final String OPERATIONS_ACTIVE = OPERATIONS + ".active";
  public static final String REQUESTS_ACTIVE = REQUESTS + ".active";
  public static final String RETRIES = PREFIX + "retries";
  public static final String CAPACITY_WAITS = PREFIX + "capacity.waits";
  public static final String STATEMENTS_QUEUED = PREFIX + "statements.queued";
  public static final String STATEMENTS_RUNNING = PREFIX + "statements.running";
  public static final String SESSIONS = PREFIX + "sessions";
  public static final String TOKEN_REFRESHES = PREFIX + "token.refreshes";

  /** How long batches are expected to run at most. */
  static final Duration BATCH = Duration.ofHours(2);

  /** How long a wait for capacity lasts at most: the capacity backoff's longest step. */
  static final Duration CAPACITY = Duration.ofMinutes(5);

  /** Attempts and their pauses an operation of single requests may take, in request timeouts. */
  static final int ATTEMPTS = 5;

  private final Duration requestTimeout;
  private final Duration sessionStart;
  private final Duration statement;

  /**
   * Ranges for a client's timeouts.
   *
   * @param requestTimeout the client's request timeout
   * @param polling its polling options: the longest session start and statement
   */
  public ExpectedRanges(Duration requestTimeout, PollingOptions polling) {
    this.requestTimeout = positive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(polling, "polling");
    this.sessionStart = polling.sessionStartTimeout();
    this.statement = polling.statementTimeout();
  }

  /** @return the ranges for the client's default timeouts */
  public static ExpectedRanges defaults() {
    return new ExpectedRanges(Duration.ofSeconds(60), PollingOptions.defaults());
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }

  /** A range: the smallest and largest value expected. */
  public record Range(Duration min, Duration max) {}

  /**
   * The range of one meter.
   *
   * @param name the meter's name
   * @param operation its {@code operation} tag, or {@code null}
   * @return the range, or {@code null} for a meter that is not one of livy4j's timers
   */
  public Range of(String name, String operation) {
    return switch (name) {
      case REQUESTS, REQUESTS_ACTIVE -> new Range(Duration.ofMillis(1), requestTimeout);
      case OPERATIONS, OPERATIONS_ACTIVE -> forOperation(operation);
      case STATEMENTS_QUEUED, STATEMENTS_RUNNING -> new Range(Duration.ofMillis(10), statement);
      case CAPACITY_WAITS -> new Range(Duration.ofSeconds(1), CAPACITY);
      default -> null;
    };
  }

  private Range forOperation(String operation) {
    if (operation == null) {
      return new Range(Duration.ofMillis(1), max(statement, sessionStart));
    }
    return switch (operation) {
      case LivyOperation.SESSION_CREATE, LivyOperation.SESSION_ATTACH ->
          new Range(Duration.ofMillis(10), sessionStart);
      case LivyOperation.STATEMENT_RUN -> new Range(Duration.ofMillis(10), statement);
      case LivyOperation.BATCH_SUBMIT, LivyOperation.BATCH_ATTACH ->
          new Range(Duration.ofMillis(10), max(BATCH, statement));
      default -> new Range(Duration.ofMillis(1), requestTimeout.multipliedBy(ATTEMPTS));
    };
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * @return a filter giving livy4j's timers these ranges, over the 1 ms to 30 s every timer
   *     builder starts with
   */
  public MeterFilter filter() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().startsWith(PREFIX)) {
          return config;
        }
        Range range = of(id.getName(), id.getTag("operation"));
        if (range == null) {
          return config;
        }
        // every timer builder sets 1 ms to 30 s: the range here takes its place
        return DistributionStatisticConfig.builder()
            .minimumExpectedValue((double) range.min().toNanos())
            .maximumExpectedValue((double) range.max().toNanos())
            .build()
            .merge(config);
      }

      @Override
      public String toString() {
        return "livy4j expected ranges";
      }
    };
  }
}
