package io.github.livy4j;

import java.util.Locale;

/**
 * The state of a statement.
 *
 * <p>The set is open: a state livy4j does not know maps to {@link #UNKNOWN}, and snapshots
 * keep the raw wire string. Apache Livy has no error state: a failed statement is
 * {@link #AVAILABLE} with an error output; Fabric also reports {@code Error}.
 */
public enum StatementState {
  /** Queued behind other statements. */
  WAITING("waiting"),
  /** Running. */
  RUNNING("running"),
  /** Finished; the output is available (it may report an error). */
  AVAILABLE("available"),
  /** Failed (Fabric). */
  ERROR("error"),
  /** Being cancelled. */
  CANCELLING("cancelling"),
  /** Cancelled. */
  CANCELLED("cancelled"),
  /** A state livy4j does not know; see the raw state. */
  UNKNOWN("unknown");

  private final String wireName;

  StatementState(String wireName) {
    this.wireName = wireName;
  }

  /** @return the name Livy uses on the wire */
  public String wireName() {
    return wireName;
  }

  /**
   * Maps a wire state to a state, ignoring case; unknown names give {@link #UNKNOWN}.
   *
   * @param raw the state as the server named it
   * @return the state
   */
  public static StatementState fromWireName(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    for (StatementState s : values()) {
      if (s.wireName.equals(lower)) {
        return s;
      }
    }
    return UNKNOWN;
  }

  /** @return whether the statement will not change any more */
  public boolean isFinished() {
    return this == AVAILABLE || this == ERROR || this == CANCELLED;
  }
}
