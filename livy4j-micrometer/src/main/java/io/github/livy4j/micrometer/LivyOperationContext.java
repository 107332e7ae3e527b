package io.github.livy4j.micrometer;

import io.github.livy4j.observe.LivyOperation;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * The context of one operation's observation ({@code livy4j.client.operations}): what
 * {@link LivyOperationObservationConvention}s and observation handlers read. Only
 * {@link LivyObservations} makes them.
 */
public final class LivyOperationContext extends Observation.Context {
  private final LivyOperation operation;
  private final String client;
  private volatile String id;
  private volatile String state;
  private volatile boolean ended;

  LivyOperationContext(LivyOperation operation, String client) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.client = client;
  }

  /** @return the operation */
  public LivyOperation operation() {
    return operation;
  }

  /** @return the client's name, when {@link LivyObservations.Builder#client} gave one */
  public Optional<String> client() {
    return Optional.ofNullable(client);
  }

  /**
   * @return the server's id of what the operation created (the session's for a session created,
   *     the statement's for a statement run, the batch's for a batch submitted), once known
   */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** @return the last state seen of what the operation waits for, by its wire name */
  public Optional<String> state() {
    return Optional.ofNullable(state);
  }

  /**
   * @return whether the operation has ended: its outcome is known ({@link #getError()} holds
   *     its failure)
   */
  public boolean ended() {
    return ended;
  }

  void id(String id) {
    this.id = id;
  }

  void state(String state) {
    this.state = state;
  }

  void end() {
    this.ended = true;
  }
}
