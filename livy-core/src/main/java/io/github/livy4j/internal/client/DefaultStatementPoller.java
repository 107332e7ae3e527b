package io.github.livy4j.internal.client;

import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementResult;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.StatementPoller;

/** A statement's poller: the shared poller plus the statement's ids. */
final class DefaultStatementPoller extends ForwardingPoller<StatementResult>
    implements StatementPoller {
  private final SessionId sessionId;
  private final StatementId statementId;

  DefaultStatementPoller(SessionId sessionId, StatementId statementId,
      DefaultPoller<StatementResult> poller) {
    super(poller);
    this.sessionId = sessionId;
    this.statementId = statementId;
  }

  DefaultPoller<StatementResult> poller() {
    return poller;
  }

  @Override
  public SessionId sessionId() {
    return sessionId;
  }

  @Override
  public StatementId statementId() {
    return statementId;
  }

  @Override
  public StatementPoller addListener(PollListener listener) {
    poller.addListener(listener);
    return this;
  }

  @Override
  public String toString() {
    return "StatementPoller[session=" + sessionId + ", statement=" + statementId + ", state="
        + poller.latest().state() + "]";
  }
}
