package io.github.livy4j.internal.client;

import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementResult;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.StatementPoller;
import java.time.Duration;
import java.util.OptionalDouble;

/** A statement's poller: the shared poller plus the statement's ids. */
final class DefaultStatementPoller implements StatementPoller {
  private final SessionId sessionId;
  private final StatementId statementId;
  private final DefaultPoller<StatementResult> poller;

  DefaultStatementPoller(SessionId sessionId, StatementId statementId,
      DefaultPoller<StatementResult> poller) {
    this.sessionId = sessionId;
    this.statementId = statementId;
    this.poller = poller;
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
  public PollResponse poll() {
    return poller.poll();
  }

  @Override
  public PollResponse latest() {
    return poller.latest();
  }

  @Override
  public StatementResult waitForCompletion() {
    return poller.waitForCompletion();
  }

  @Override
  public StatementResult waitForCompletion(Duration timeout) {
    return poller.waitForCompletion(timeout);
  }

  @Override
  public StatementResult result() {
    return poller.result();
  }

  @Override
  public void cancel() {
    poller.cancel();
  }

  @Override
  public boolean isDone() {
    return poller.isDone();
  }

  @Override
  public OptionalDouble progress() {
    return poller.progress();
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
