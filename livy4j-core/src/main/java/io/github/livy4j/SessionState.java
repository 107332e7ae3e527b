package io.github.livy4j;

import java.util.Locale;

/**
 * The state of a Livy session or batch.
 *
 * <p>The set is open: a state livy4j does not know maps to {@link #UNKNOWN}, and snapshots
 * keep the raw wire string ({@link SessionInfo#rawState()}), so a new server state never
 * breaks a client.
 */
public enum SessionState {
  /** Created, not yet submitted to the cluster. */
  NOT_STARTED("not_started"),
  /** Starting up. */
  STARTING("starting"),
  /** The server is recovering the session after its own restart. */
  RECOVERING("recovering"),
  /** Ready for statements, none running. */
  IDLE("idle"),
  /** Ready, running a statement; further statements queue. */
  BUSY("busy"),
  /** A batch is running. */
  RUNNING("running"),
  /** Shutting down. */
  SHUTTING_DOWN("shutting_down"),
  /** Failed. */
  ERROR("error"),
  /** Died. */
  DEAD("dead"),
  /** Killed. */
  KILLED("killed"),
  /** A batch finished successfully. */
  SUCCESS("success"),
  /** A state livy4j does not know; see the raw state. */
  UNKNOWN("unknown");

  private final String wireName;

  SessionState(String wireName) {
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
  public static SessionState fromWireName(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    for (SessionState s : values()) {
      if (s.wireName.equals(lower)) {
        return s;
      }
    }
    return UNKNOWN;
  }

  /** @return whether the session accepts statements ({@code idle} or {@code busy}) */
  public boolean isReady() {
    return this == IDLE || this == BUSY;
  }

  /** @return whether the session is on its way up ({@code not_started}, {@code starting}, {@code recovering}) */
  public boolean isStarting() {
    return this == NOT_STARTED || this == STARTING || this == RECOVERING;
  }

  /** @return whether the session is finished or finishing and will never run code again */
  public boolean isFinished() {
    return this == SHUTTING_DOWN
        || this == ERROR
        || this == DEAD
        || this == KILLED
        || this == SUCCESS;
  }

  /** @return whether the state is a failure ({@code error}, {@code dead}, {@code killed}) */
  public boolean isFailed() {
    return this == ERROR || this == DEAD || this == KILLED;
  }
}
