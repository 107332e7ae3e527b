package io.github.livy4j;

import java.time.Duration;
import java.util.Objects;

/** A wait passed its deadline: it says what was awaited, for how long, and the last state seen. */
public class PollingTimeoutException extends LivyException {
  private static final long serialVersionUID = 1L;

  private final String awaited;
  private final Duration waited;
  private final String lastState;

  /**
   * Creates the exception.
   *
   * @param awaited what was awaited, such as {@code "session 3 to become idle"}
   * @param waited how long the wait lasted
   * @param lastState the last state observed, as the server named it
   */
  public PollingTimeoutException(String awaited, Duration waited, String lastState) {
    super(
        "Timed out after "
            + format(waited)
            + " waiting for "
            + awaited
            + "; last state seen: "
            + lastState);
    this.awaited = Objects.requireNonNull(awaited, "awaited");
    this.waited = Objects.requireNonNull(waited, "waited");
    this.lastState = Objects.requireNonNull(lastState, "lastState");
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** @return what was awaited */
  public String awaited() {
    return awaited;
  }

  /** @return how long the wait lasted */
  public Duration waited() {
    return waited;
  }

  /** @return the last state observed, as the server named it */
  public String lastState() {
    return lastState;
  }
}
