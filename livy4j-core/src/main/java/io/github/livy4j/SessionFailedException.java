package io.github.livy4j;

import java.util.List;
import java.util.Objects;

/**
 * A session reached a failed terminal state ({@code dead}, {@code error}, {@code killed}), or
 * was already finished when asked to run code.
 */
public class SessionFailedException extends LivyException {
  private static final long serialVersionUID = 1L;

  private final SessionId sessionId;
  private final SessionState state;
  private final String rawState;
  private final List<String> logTail;
  private final List<String> errors;

  /**
   * Creates the exception from the session's last snapshot.
   *
   * @param message what went wrong
   * @param session the session's last snapshot
   */
  public SessionFailedException(String message, SessionInfo session) {
    super(message + describe(session));
    Objects.requireNonNull(session, "session");
    this.sessionId = session.id();
    this.state = session.state();
    this.rawState = session.rawState();
    this.logTail = tail(session.log(), 20);
    this.errors = session.errors();
  }

  private static String describe(SessionInfo s) {
    StringBuilder sb =
        new StringBuilder(" (session ")
            .append(s.id())
            .append(", state ")
            .append(s.rawState())
            .append(')');
    if (!s.errors().isEmpty()) {
      sb.append(": ").append(String.join("; ", s.errors()));
    } else {
      List<String> tail = tail(s.log(), 3);
      if (!tail.isEmpty()) {
        sb.append("; log tail: ").append(String.join(" | ", tail));
      }
    }
    return sb.toString();
  }

  private static List<String> tail(List<String> lines, int n) {
    List<String> useful =
        lines.stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.equals("stdout:") && !l.equals("stderr:"))
            .toList();
    return List.copyOf(useful.subList(Math.max(0, useful.size() - n), useful.size()));
  }

  /** @return the session that failed */
  public SessionId sessionId() {
    return sessionId;
  }

  /** @return the state the session reached */
  public SessionState state() {
    return state;
  }

  /** @return the state as the server named it */
  public String rawState() {
    return rawState;
  }

  /** @return the last lines of the session's log, without blank lines */
  public List<String> logTail() {
    return logTail;
  }

  /** @return the error reasons the service reported, if any */
  public List<String> errors() {
    return errors;
  }
}
