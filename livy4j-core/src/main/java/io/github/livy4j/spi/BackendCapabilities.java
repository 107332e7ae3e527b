package io.github.livy4j.spi;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a backend, at the server version it talks to, can do. Built with {@link #builder()}:
 * everything a builder is not told is off.
 */
public final class BackendCapabilities {
  private final Set<SessionField> createFields;
  private final boolean sessionLogs;
  private final boolean sessionStateCall;
  private final boolean statementCancel;
  private final boolean completion;
  private final boolean batches;
  private final boolean keepAlive;
  private final Duration transientNotFound;
  private final boolean idsReused;

  private BackendCapabilities(Builder b) {
    this.createFields =
        b.createFields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.createFields));
    this.sessionLogs = b.sessionLogs;
    this.sessionStateCall = b.sessionStateCall;
    this.statementCancel = b.statementCancel;
    this.completion = b.completion;
    this.batches = b.batches;
    this.keepAlive = b.keepAlive;
    this.transientNotFound = b.transientNotFound;
    this.idsReused = b.idsReused;
  }

  /** @return a builder with no create fields, every capability off and no transient 404 */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the optional session create fields the server accepts */
  public Set<SessionField> createFields() {
    return createFields;
  }

  /** @return whether sessions have a log call */
  public boolean sessionLogs() {
    return sessionLogs;
  }

  /** @return whether there is a cheap call for a session's state alone */
  public boolean sessionStateCall() {
    return sessionStateCall;
  }

  /** @return whether statements can be cancelled */
  public boolean statementCancel() {
    return statementCancel;
  }

  /** @return whether the server offers code completion */
  public boolean completion() {
    return completion;
  }

  /** @return whether the server runs batches */
  public boolean batches() {
    return batches;
  }

  /** @return whether there is a call that resets a session's idle timer */
  public boolean keepAlive() {
    return keepAlive;
  }

  /**
   * @return how long after a create or a submit a 404 for the new session or statement may be
   *     transient (the service has not caught up yet); zero if never
   */
  public Duration transientNotFound() {
    return transientNotFound;
  }

  /**
   * @return whether the server may give a new session the id of one it forgot (Apache Livy
   *     restarted without recovery counts its ids from 0 again); the client then checks that a
   *     session is still the one it knows before deleting it, and that a statement still holds
   *     the code it sent
   */
  public boolean idsReused() {
    return idsReused;
  }

  /**
   * Whether the server accepts a create field.
   *
   * @param field the field
   * @return whether it is accepted
   */
  public boolean accepts(SessionField field) {
    return createFields.contains(field);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BackendCapabilities c
        && createFields.equals(c.createFields)
        && sessionLogs == c.sessionLogs
        && sessionStateCall == c.sessionStateCall
        && statementCancel == c.statementCancel
        && completion == c.completion
        && batches == c.batches
        && keepAlive == c.keepAlive
        && transientNotFound.equals(c.transientNotFound)
        && idsReused == c.idsReused;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        createFields,
        sessionLogs,
        sessionStateCall,
        statementCancel,
        completion,
        batches,
        keepAlive,
        transientNotFound,
        idsReused);
  }

  @Override
  public String toString() {
    return "BackendCapabilities[createFields="
        + createFields
        + ", sessionLogs="
        + sessionLogs
        + ", sessionStateCall="
        + sessionStateCall
        + ", statementCancel="
        + statementCancel
        + ", completion="
        + completion
        + ", batches="
        + batches
        + ", keepAlive="
        + keepAlive
        + ", transientNotFound="
        + transientNotFound
        + ", idsReused="
        + idsReused
        + "]";
  }

  /** Collects the capabilities by name. Not thread-safe. */
  public static final class Builder {
    private Set<SessionField> createFields = Set.of();
    private boolean sessionLogs;
    private boolean sessionStateCall;
    private boolean statementCancel;
    private boolean completion;
    private boolean batches;
    private boolean keepAlive;
    private Duration transientNotFound = Duration.ZERO;
    private boolean idsReused;

    private Builder() {}

    /**
     * @param fields the optional session create fields the server accepts
     * @return this builder
     */
    public Builder createFields(Set<SessionField> fields) {
      this.createFields = Objects.requireNonNull(fields, "createFields");
      return this;
    }

    /**
     * @param on whether sessions have a log call
     * @return this builder
     */
    public Builder sessionLogs(boolean on) {
      this.sessionLogs = on;
      return this;
    }

    /**
     * @param on whether there is a cheap call for a session's state alone
     * @return this builder
     */
    public Builder sessionStateCall(boolean on) {
      this.sessionStateCall = on;
      return this;
    }

    /**
     * @param on whether statements can be cancelled
     * @return this builder
     */
    public Builder statementCancel(boolean on) {
      this.statementCancel = on;
      return this;
    }

    /**
     * @param on whether the server offers code completion
     * @return this builder
     */
    public Builder completion(boolean on) {
      this.completion = on;
      return this;
    }

    /**
     * @param on whether the server runs batches
     * @return this builder
     */
    public Builder batches(boolean on) {
      this.batches = on;
      return this;
    }

    /**
     * @param on whether there is a call that resets a session's idle timer
     * @return this builder
     */
    public Builder keepAlive(boolean on) {
      this.keepAlive = on;
      return this;
    }

    /**
     * @param window how long after a create or a submit a 404 for the new session or statement
     *     may be transient; zero if never
     * @return this builder
     */
    public Builder transientNotFound(Duration window) {
      this.transientNotFound = Objects.requireNonNull(window, "transientNotFound");
      return this;
    }

    /**
     * @param on whether the server may give a new session the id of one it forgot
     * @return this builder
     */
    public Builder idsReused(boolean on) {
      this.idsReused = on;
      return this;
    }

    /** @return the capabilities */
    public BackendCapabilities build() {
      return new BackendCapabilities(this);
    }
  }
}
