package io.github.livy4j.internal.http;

import io.github.livy4j.internal.observe.ObservedOperation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one call of the user's carries into every request it makes: when its requests must have
 * ended, and the observed operation its exchanges belong to. It is passed along with the work
 * (to the transport through {@link HttpTransport#in}), never kept in a thread, so what is
 * chained on an asynchronous answer keeps the call's deadline on whatever thread it runs.
 *
 * @param deadline when the call's requests must have ended, or {@code null} for none (each
 *     request then has only its own timeout)
 * @param operation the observed operation, or {@code null} for none
 * @param poll whether its reads are the looks of a wait (told to observers)
 */
public record CallScope(Instant deadline, ObservedOperation operation, boolean poll) {
  /** No deadline and no operation: each request on its own. */
  public static final CallScope NONE = new CallScope(null, null, false);

  /**
   * A scope with an operation and no deadline yet.
   *
   * @param operation the operation, or {@code null}
   * @return the scope
   */
  public static CallScope of(ObservedOperation operation) {
    return operation == null ? NONE : new CallScope(null, operation, false);
  }

  /**
   * A scope with a deadline and no operation.
   *
   * @param deadline the deadline
   * @return the scope
   */
  public static CallScope until(Instant deadline) {
    return NONE.within(deadline);
  }

  /**
   * This scope with a deadline no later than {@code end}: the earlier of the two wins.
   *
   * @param end the deadline
   * @return the narrowed scope
   */
  public CallScope within(Instant end) {
    Objects.requireNonNull(end, "end");
    return deadline != null && !deadline.isAfter(end) ? this : new CallScope(end, operation, poll);
  }

  /**
   * This scope with another operation.
   *
   * @param op the operation, or {@code null}
   * @return the scope
   */
  public CallScope with(ObservedOperation op) {
    return op == operation ? this : new CallScope(deadline, op, poll);
  }

  /**
   * This scope for the looks of a wait: its reads are told to observers as polls.
   *
   * @return the scope
   */
  public CallScope polling() {
    return poll ? this : new CallScope(deadline, operation, true);
  }

  /** @return the deadline, if there is one */
  public Optional<Instant> end() {
    return Optional.ofNullable(deadline);
  }
}
