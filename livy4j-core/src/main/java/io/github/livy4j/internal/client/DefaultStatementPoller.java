package io.github.livy4j.internal.client;

import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementResult;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.StatementPoller;
import java.util.function.Supplier;

/** A statement's poller: the shared poller plus the statement's ids. */
final class DefaultStatementPoller extends ForwardingPoller<StatementResult>
    implements StatementPoller {
  private final Supplier<SessionId> sessionId;
  private final Supplier<StatementId> statementId;

  /**
   * A poller whose ids are read when asked: after a recovered session, the statement runs
   * again under other ids.
   */
  DefaultStatementPoller(
      Supplier<SessionId> sessionId,
      Supplier<StatementId> statementId,
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
    return sessionId.get();
  }

  @Override
  public StatementId statementId() {
    return statementId.get();
  }

  @Override
  public StatementPoller addListener(PollListener listener) {
    poller.addListener(listener);
    return this;
  }

  @Override
  public String toString() {
    return "StatementPoller[session="
        + sessionId()
        + ", statement="
        + statementId()
        + ", state="
        + poller.latest().state()
        + "]";
  }
}
