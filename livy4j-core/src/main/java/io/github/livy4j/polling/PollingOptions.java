package io.github.livy4j.polling;

import java.time.Duration;
import java.util.Objects;

/**
 * How livy4j waits: the poll schedules and the default deadlines.
 *
 * <p>The defaults:
 * <ul>
 *   <li>statements that report progress (Livy's {@code progress} with its {@code started}
 *       time) are polled by it: the next poll comes just after the end the progress so far
 *       predicts, but never later than the statement's age (at least 1 s) and never sooner
 *       than a fiftieth of it, so a statement far from done costs a handful of requests
 *       and one near its end is seen as it ends;</li>
 *   <li>statements without progress: first poll after 100 ms, then each delay 1.5 times the
 *       last, capped at 2 s, with ±20% jitter (100, 150, 225, 338, 506, 759 ms, 1.14 s,
 *       1.71 s, then about every 2 s);</li>
 *   <li>sessions and batches: first poll after 500 ms, growing by 1.5 up to 5 s, ±20% jitter;</li>
 *   <li>deadlines: 10 minutes for a session to start, 30 minutes for a statement or batch.</li>
 * </ul>
 *
 * <pre>{@code
 * PollingOptions options = PollingOptions.builder()
 *     .statementTimeout(Duration.ofHours(2))
 *     .build();
 * }</pre>
 *
 * @param statementBackoff the schedule for statements
 * @param sessionBackoff the schedule for sessions and batches
 * @param sessionStartTimeout the default deadline for a session to become ready
 * @param statementTimeout the default deadline for a statement or batch to finish
 * @param followProgress whether statements that report progress are polled by it rather than
 *     by {@code statementBackoff}
 */
public record PollingOptions(
    Backoff statementBackoff,
    Backoff sessionBackoff,
    Duration sessionStartTimeout,
    Duration statementTimeout,
    boolean followProgress) {

  private static final PollingOptions DEFAULTS =
      new PollingOptions(
          Backoff.exponential(Duration.ofMillis(100), 1.5, Duration.ofSeconds(2), 0.2),
          Backoff.exponential(Duration.ofMillis(500), 1.5, Duration.ofSeconds(5), 0.2),
          Duration.ofMinutes(10),
          Duration.ofMinutes(30),
          true);

  /** Validates the options. */
  public PollingOptions {
    Objects.requireNonNull(statementBackoff, "statementBackoff");
    Objects.requireNonNull(sessionBackoff, "sessionBackoff");
    checkPositive(sessionStartTimeout, "sessionStartTimeout");
    checkPositive(statementTimeout, "statementTimeout");
  }

  /** @return the defaults described above */
  public static PollingOptions defaults() {
    return DEFAULTS;
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** @return a builder starting from these options */
  public Builder toBuilder() {
    return new Builder(this);
  }

  static Duration checkPositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }

  /** Builds {@link PollingOptions}. */
  public static final class Builder {
    private Backoff statementBackoff;
    private Backoff sessionBackoff;
    private Duration sessionStartTimeout;
    private Duration statementTimeout;
    private boolean followProgress;

    private Builder(PollingOptions from) {
      this.statementBackoff = from.statementBackoff;
      this.sessionBackoff = from.sessionBackoff;
      this.sessionStartTimeout = from.sessionStartTimeout;
      this.statementTimeout = from.statementTimeout;
      this.followProgress = from.followProgress;
    }

    /**
     * @param follow whether statements that report progress are polled by it (the default)
     *     rather than by the statement backoff alone
     * @return this builder
     */
    public Builder followProgress(boolean follow) {
      this.followProgress = follow;
      return this;
    }

    /**
     * @param backoff the schedule for statements
     * @return this builder
     */
    public Builder statementBackoff(Backoff backoff) {
      this.statementBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * @param backoff the schedule for sessions and batches
     * @return this builder
     */
    public Builder sessionBackoff(Backoff backoff) {
      this.sessionBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * @param timeout the default deadline for a session to become ready, positive
     * @return this builder
     */
    public Builder sessionStartTimeout(Duration timeout) {
      this.sessionStartTimeout = checkPositive(timeout, "sessionStartTimeout");
      return this;
    }

    /**
     * @param timeout the default deadline for a statement or batch, positive
     * @return this builder
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = checkPositive(timeout, "statementTimeout");
      return this;
    }

    /**
     * Sets both default deadlines.
     *
     * @param timeout the deadline, positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      return sessionStartTimeout(timeout).statementTimeout(timeout);
    }

    /** @return the options */
    public PollingOptions build() {
      return new PollingOptions(
          statementBackoff, sessionBackoff, sessionStartTimeout, statementTimeout, followProgress);
    }
  }
}
