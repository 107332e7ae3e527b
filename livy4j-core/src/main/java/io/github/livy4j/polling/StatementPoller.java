package io.github.livy4j.polling;

import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementResult;

/**
 * The poller of a submitted statement, which also tells the statement's id.
 *
 * <pre>{@code
 * StatementPoller p = session.beginExecute(Code.sql("SELECT count(*) FROM big"));
 * System.err.println("running statement " + p.statementId());
 * StatementResult r = p.waitForCompletion();
 * }</pre>
 */
public interface StatementPoller extends Poller<StatementResult> {

  /** @return the session that runs the statement */
  SessionId sessionId();

  /** @return the statement's id */
  StatementId statementId();

  @Override
  StatementPoller addListener(PollListener listener);
}
