package io.github.livy4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A snapshot of a statement as the server last described it.
 *
 * <p>Immutable; backends build it with {@link #builder(StatementId, String)}.
 */
public final class StatementInfo {
  private final StatementId id;
  private final StatementState state;
  private final String rawState;
  private final Double progress;
  private final Instant started;
  private final Instant completed;
  private final StatementOutput output;
  private final String code;

  private StatementInfo(Builder b) {
    this.id = b.id;
    this.rawState = b.rawState;
    this.state = StatementState.fromWireName(b.rawState);
    this.progress = b.progress;
    this.started = b.started;
    this.completed = b.completed;
    this.output = b.output;
    this.code = b.code;
  }

  /**
   * Starts a snapshot.
   *
   * @param id the statement id
   * @param rawState the state as the server named it
   * @return a builder
   */
  public static Builder builder(StatementId id, String rawState) {
    return new Builder(id, rawState);
  }

  /** @return the statement id */
  public StatementId id() {
    return id;
  }

  /** @return the state */
  public StatementState state() {
    return state;
  }

  /** @return the state as the server named it */
  public String rawState() {
    return rawState;
  }

  /** @return progress from 0 to 1, when the server reports it */
  public OptionalDouble progress() {
    return progress == null ? OptionalDouble.empty() : OptionalDouble.of(progress);
  }

  /** @return when the statement started running, when known */
  public Optional<Instant> started() {
    return Optional.ofNullable(started);
  }

  /** @return when the statement completed, when known */
  public Optional<Instant> completed() {
    return Optional.ofNullable(completed);
  }

  /** @return the output, once the statement is available */
  public Optional<StatementOutput> output() {
    return Optional.ofNullable(output);
  }

  /** @return the statement's code, when the server echoes it */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  @Override
  public String toString() {
    return "StatementInfo[id=" + id + ", state=" + rawState + "]";
  }

  /** Builds a {@link StatementInfo}; for backends. */
  public static final class Builder {
    private final StatementId id;
    private final String rawState;
    private Double progress;
    private Instant started;
    private Instant completed;
    private StatementOutput output;
    private String code;

    private Builder(StatementId id, String rawState) {
      this.id = Objects.requireNonNull(id, "id");
      this.rawState = Objects.requireNonNull(rawState, "rawState");
    }

    /**
     * @param progress progress from 0 to 1, or {@code null}
     * @return this builder
     */
    public Builder progress(Double progress) {
      this.progress = progress;
      return this;
    }

    /**
     * @param started when it started, or {@code null}
     * @return this builder
     */
    public Builder started(Instant started) {
      this.started = started;
      return this;
    }

    /**
     * @param completed when it completed, or {@code null}
     * @return this builder
     */
    public Builder completed(Instant completed) {
      this.completed = completed;
      return this;
    }

    /**
     * @param output the output, or {@code null}
     * @return this builder
     */
    public Builder output(StatementOutput output) {
      this.output = output;
      return this;
    }

    /**
     * @param code the statement's code as the server echoes it, or {@code null}
     * @return this builder
     */
    public Builder code(String code) {
      this.code = code;
      return this;
    }

    /** @return the snapshot */
    public StatementInfo build() {
      return new StatementInfo(this);
    }
  }
}
