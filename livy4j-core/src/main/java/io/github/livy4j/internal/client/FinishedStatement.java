package io.github.livy4j.internal.client;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementOutput;
import io.github.livy4j.StatementResult;
import io.github.livy4j.StatementState;
import io.github.livy4j.internal.polling.Polled;
import java.util.List;

/**
 * What a statement the server reports finished (available, or error) means: its result, the
 * error it raised, or one more read when its output is not there yet (Livy's driver sets the
 * output just before the state, and the server may read the two between those writes).
 */
final class FinishedStatement {
  private final StatementHost session;

  /** How many reads found the statement available without its output. */
  private volatile int withoutOutput;

  /**
   * Reads the finished statements of a session.
   *
   * @param session the session
   */
  FinishedStatement(StatementHost session) {
    this.session = session;
  }

  /**
   * What a statement the server reports finished means.
   *
   * @param s the statement
   * @param progress its progress, or {@code null}
   * @return its result, its failure, or another read when its output is not there yet
   */
  Polled<StatementResult> read(StatementInfo s, Double progress) {
    StatementId id = s.id();
    StatementOutput out = s.output().orElse(null);
    if (out == null) {
      if (s.state() == StatementState.ERROR) {
        return Polled.failed(
            s.rawState(),
            new StatementFailedException(
                session.id(),
                id,
                "Error",
                "the statement failed without an error output",
                List.of()));
      }
      if (++withoutOutput <= NotFoundGrace.CHECKS) {
        // Livy's driver sets the output just before the state, and the server may read the
        // two between those writes: read again before calling it an error
        return Polled.running(s.rawState(), "available, its output not read yet", null);
      }
      return Polled.failed(
          s.rawState(),
          new LivyClientException(
              "Statement "
                  + id
                  + " in session "
                  + session.id()
                  + " is "
                  + s.rawState()
                  + " but has no output",
              null));
    }
    if (!out.isOk()) {
      return Polled.failed(
          s.rawState(),
          new StatementFailedException(
              session.id(),
              id,
              out.errorName().orElse("Error"),
              out.errorValue().orElse(""),
              out.traceback()));
    }
    return Polled.succeeded(
        s.rawState(), progress, () -> StatementResult.of(session.id(), s, session.sqlRowLimit()));
  }
}
