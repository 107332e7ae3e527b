package io.github.livy4j;

import java.util.List;
import java.util.Objects;

/**
 * A statement ran and its output reported an error: {@code ename}, {@code evalue} and the
 * traceback are those of the interpreter.
 */
public class StatementFailedException extends LivyException {
  private static final long serialVersionUID = 1L;

  private final SessionId sessionId;
  private final StatementId statementId;
  private final String errorName;
  private final String errorValue;
  private final List<String> traceback;

  /**
   * Creates the exception.
   *
   * @param sessionId the session that ran the statement
   * @param statementId the failed statement
   * @param errorName the interpreter's error name ({@code ename})
   * @param errorValue the interpreter's error value ({@code evalue})
   * @param traceback the interpreter's traceback lines
   */
  public StatementFailedException(
      SessionId sessionId,
      StatementId statementId,
      String errorName,
      String errorValue,
      List<String> traceback) {
    super(
        "Statement "
            + statementId
            + " in session "
            + sessionId
            + " failed: "
            + errorName
            + ": "
            + errorValue);
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.statementId = Objects.requireNonNull(statementId, "statementId");
    this.errorName = Objects.requireNonNull(errorName, "errorName");
    this.errorValue = Objects.requireNonNull(errorValue, "errorValue");
    this.traceback = List.copyOf(traceback);
  }

  /** @return the session that ran the statement */
  public SessionId sessionId() {
    return sessionId;
  }

  /** @return the failed statement */
  public StatementId statementId() {
    return statementId;
  }

  /** @return the interpreter's error name, such as {@code NameError} */
  public String errorName() {
    return errorName;
  }

  /** @return the interpreter's error message */
  public String errorValue() {
    return errorValue;
  }

  /** @return the interpreter's traceback lines, possibly empty */
  public List<String> traceback() {
    return traceback;
  }
}
