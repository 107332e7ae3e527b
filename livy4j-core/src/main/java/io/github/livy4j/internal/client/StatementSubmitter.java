package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionNotReadyException;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.spi.Futures;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits statements to a session, which is not idempotent: a session still starting is waited
 * for first, a lost session is replaced first when recovery is on, and a submit whose answer was
 * lost, or answered with an error that may have come after the server acted (a 5xx), is looked
 * up in the session's statement list before anything is sent again or reported.
 */
final class StatementSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(StatementSubmitter.class);

  private final StatementHost host;
  private final ClientContext ctx;
  private final StatementIds ids = new StatementIds();

  /**
   * Creates the submitter of a session.
   *
   * @param host the session
   */
  StatementSubmitter(StatementHost host) {
    this.host = host;
    this.ctx = host.context();
  }

  /**
   * Submits a statement and returns its poller, which ends {@code op}; the submit counts
   * against the call's deadline.
   *
   * @param code the code
   * @param op the operation, started on the caller's thread
   * @param d the call's deadline
   * @param outer the scope of the call this one is part of (a session start running its init
   *     statements), or {@link CallScope#NONE}
   * @return the statement's poller
   */
  DefaultStatementPoller beginExecute(
      Code code, ObservedOperation op, CallDeadline d, CallScope outer) {
    return ClientContext.begun(
        op,
        ignored ->
            d.begin(
                this::submitting,
                outer.with(op),
                call -> {
                  host.ensureUsable();
                  prepareToSubmit(call);
                  long before = ids.highest();
                  int gen = host.identity().generation();
                  StatementInfo first;
                  try {
                    first = ctx.backend.submitStatement(ctx.transport(call), host.id(), code);
                  } catch (RuntimeException e) {
                    first = afterFailedSubmit(code, e, before, gen, call);
                  }
                  return submitted(first, code, op);
                }));
  }

  /** @return what a statement's call awaits before it has an id */
  String submitting() {
    return "a statement to be submitted to session " + host.id();
  }

  /**
   * Begins a statement without blocking: the submit is sent asynchronously, once a session
   * still starting is ready (waited for without a thread held); the rare paths (a lost answer,
   * a finished or lost session) continue on the client's pool for blocking calls with the
   * blocking logic.
   *
   * @param code the code
   * @param d the call's deadline, which the submit counts against
   * @return the statement's poller, once submitted; completed with the statement's operation's
   *     observers' scopes open
   */
  CompletableFuture<DefaultStatementPoller> beginExecuteAsync(Code code, CallDeadline d) {
    Objects.requireNonNull(code, "code");
    ObservedOperation op = ctx.observers.start(LivyOperation.STATEMENT_RUN, host.id(), code);
    CompletableFuture<DefaultStatementPoller> begun;
    try {
      begun =
          d.begin(this::submitting, CallScope.of(op), call -> beginExecuteAsync(code, op, d, call));
    } catch (RuntimeException e) {
      op.end(e);
      throw e;
    }
    // the caller's future completes with the operation's scopes open, failed or not
    CompletableFuture<DefaultStatementPoller> result = new CompletableFuture<>();
    begun.whenComplete(
        (p, e) -> {
          Throwable failure = e == null ? null : Futures.unwrap(e);
          if (failure != null) {
            op.end(failure);
          }
          ctx.complete(result, p, failure, op);
        });
    return result;
  }

  private CompletableFuture<DefaultStatementPoller> beginExecuteAsync(
      Code code, ObservedOperation op, CallDeadline d, CallScope call) {
    host.ensureUsable();
    SessionState state = host.view().info().state();
    if (state.isFinished()) {
      // it cannot run the statement: replaced first when recovery is on, else refused
      return ctx.supply(() -> beginExecute(code, op, d, CallScope.NONE));
    }
    if (!state.isReady()) {
      return host.awaitReadyAsync(call).thenCompose(ready -> submitAsync(code, op, d, call));
    }
    return submitAsync(code, op, d, call);
  }

  /** Sends the submit to a session that was ready, and goes on from its answer. */
  private CompletableFuture<DefaultStatementPoller> submitAsync(
      Code code, ObservedOperation op, CallDeadline d, CallScope call) {
    host.ensureUsable();
    long before = ids.highest();
    int gen = host.identity().generation();
    return ctx.backend
        .submitStatementAsync(ctx.transport(call), host.id(), code)
        .handle(
            (first, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(submitted(first, code, op));
              }
              Throwable t = Futures.unwrap(e);
              if (t instanceof DeadlineExceededException cut) {
                PollingTimeoutException timedOut = d.timedOut(submitting(), cut);
                op.end(timedOut);
                return CompletableFuture.<DefaultStatementPoller>failedFuture(timedOut);
              }
              if (!(t instanceof RuntimeException failure)) {
                return CompletableFuture.<DefaultStatementPoller>failedFuture(t);
              }
              return ctx.supply(
                  () ->
                      ClientContext.begun(
                          op,
                          opScope ->
                              d.begin(
                                  this::submitting,
                                  opScope,
                                  c ->
                                      submitted(
                                          afterFailedSubmit(code, failure, before, gen, c),
                                          code,
                                          op))));
            })
        .thenCompose(f -> f);
  }

  /** Waits for a starting session, or replaces a dead one when recovery is on. */
  private void prepareToSubmit(CallScope call) {
    SessionInfo known = host.view().info();
    if (known.state().isFinished()) {
      SessionFailedException dead =
          new SessionFailedException("Session cannot run statements", known);
      if (!host.recoversLostSessions()) {
        throw dead;
      }
      host.recover(host.identity().generation(), dead, call);
      known = host.view().info();
    }
    if (!known.state().isReady()) {
      host.awaitReady(call);
    }
  }

  /**
   * What a failed submit means, on the blocking logic: a session not ready yet refused before
   * creating anything, so one submit after the wait is safe; a session the server no longer has
   * is replaced first when recovery is on (it had nothing to act on); a lost answer is looked up
   * in the session's statement list before anything is sent again.
   */
  private StatementInfo afterFailedSubmit(
      Code code, RuntimeException e, long before, int gen, CallScope call) {
    if (e instanceof DeadlineExceededException) {
      throw e; // the call's deadline passed: nothing more is sent
    }
    if (e instanceof SessionNotReadyException) {
      SessionInfo now = host.refresh(call);
      if (now.state().isFinished()) {
        throw new SessionFailedException("Session cannot run statements", now);
      }
      host.awaitReady(call);
      return submit(code, call);
    }
    if (e instanceof SessionNotFoundException gone && host.recoversLostSessions()) {
      host.recover(gen, gone, call);
      return submit(code, call);
    }
    if (e instanceof LivyServiceException refused
        && refused.statusCode() == 400
        && !(e instanceof SessionNotFoundException)) {
      // Livy refuses statements with 400 "Session isn't active." once the driver is gone
      SessionInfo now;
      try {
        now = host.refresh(call);
      } catch (LivyException lookup) {
        Failures.suppress(e, lookup);
        throw e;
      }
      if (now.state().isFinished()) {
        SessionFailedException dead =
            new SessionFailedException("Session cannot run statements", now);
        dead.addSuppressed(e);
        if (!host.recoversLostSessions()) {
          throw dead;
        }
        host.recover(gen, dead, call);
        return submit(code, call);
      }
    }
    if (e instanceof LivyClientException lost) {
      return resolveLostSubmit(code, before, lost, call);
    }
    if (e instanceof LivyServiceException answered && mayHaveActed(answered)) {
      return resolveFailedSubmit(code, before, answered, call);
    }
    throw e;
  }

  /**
   * Whether an error answer to a submit may come after the server created the statement: a
   * 5xx (the server, or a proxy in front of it, failed somewhere on the way, perhaps after the
   * statement was queued) or a 408. Any other error, and a session that is not ready or not
   * there, refused the statement.
   */
  private static boolean mayHaveActed(LivyServiceException e) {
    return !(e instanceof SessionNotReadyException || e instanceof SessionNotFoundException)
        && (e.statusCode() >= 500 || e.statusCode() == 408);
  }

  /** Builds the poller of a submitted statement. */
  private DefaultStatementPoller submitted(StatementInfo first, Code code, ObservedOperation obs) {
    // the server just accepted a statement, so the session was running: that is as good as
    // a look at its state, and spares a young statement's wait a session request
    host.view().seenRunning();
    ids.seen(first.id());
    host.statementStarted(first.id());
    LOG.debug("Submitted statement {} ({}) to session {}", first.id(), code, host.id());
    obs.identified(first.id().value());
    StatementRun op = new StatementRun(host, first, code, this::resubmit);
    return new DefaultStatementPoller(
        host::id,
        op::statementId,
        new DefaultPoller<>(
            op,
            DefaultPoller.Options.of(
                    ctx.config.polling().statementBackoff(),
                    ctx.config.polling().statementTimeout(),
                    ctx.timing(),
                    first.rawState())
                .withFollowProgress(ctx.config.polling().followProgress())
                .withObserved(obs)));
  }

  /**
   * Submits again on the replacement of a lost session.
   *
   * @param code the code
   * @param call the scope of the call that found the session lost
   * @return the new statement's first snapshot
   */
  StatementInfo resubmit(Code code, CallScope call) {
    StatementInfo first = submit(code, call);
    ids.seen(first.id());
    host.statementStarted(first.id());
    return first;
  }

  /** The session was replaced: its statement ids start again. */
  void reset() {
    ids.reset();
  }

  /**
   * Submits, resolving a lost answer and an error answer that may have come after the server
   * acted; see {@link #resolveLostSubmit} and {@link #resolveFailedSubmit}.
   */
  private StatementInfo submit(Code code, CallScope call) {
    long before = ids.highest();
    try {
      return ctx.backend.submitStatement(ctx.transport(call), host.id(), code);
    } catch (LivyClientException e) {
      return resolveLostSubmit(code, before, e, call);
    } catch (LivyServiceException e) {
      if (!mayHaveActed(e)) {
        throw e;
      }
      return resolveFailedSubmit(code, before, e, call);
    }
  }

  /**
   * After a submit whose answer was lost, looks for the statement in the session's list (a
   * statement with this code and an id past every one this handle had seen) before reporting
   * it lost, and submits again only when the list shows it was never created.
   */
  private StatementInfo resolveLostSubmit(
      Code code, long before, LivyClientException e, CallScope call) {
    if (!e.outcomeUnknown()) {
      throw e;
    }
    List<StatementInfo> candidates = submittedSince(code, before, e, call);
    if (candidates.size() == 1) {
      LOG.debug(
          "The answer to submitting a statement to session {} was lost; found it as"
              + " statement {}",
          host.id(),
          candidates.get(0).id());
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      LOG.debug(
          "Submitting a statement to session {} was lost before the server acted;"
              + " submitting again",
          host.id());
      return ctx.backend.submitStatement(ctx.transport(call), host.id(), code);
    }
    throw e;
  }

  /**
   * After a submit answered with an error that may have come after the server created the
   * statement (a 5xx), looks for the statement in the session's list as for a lost answer; when
   * it is there, the statement runs once and is followed as if the answer had come. Otherwise
   * the server's error is what the caller gets: the submit is never sent again, since the
   * server answered and refused it.
   */
  private StatementInfo resolveFailedSubmit(
      Code code, long before, LivyServiceException e, CallScope call) {
    List<StatementInfo> candidates = submittedSince(code, before, e, call);
    if (candidates.size() != 1) {
      throw e;
    }
    LOG.debug(
        "Submitting a statement to session {} was answered {}, but the server created it as"
            + " statement {}",
        host.id(),
        e.statusCode(),
        candidates.get(0).id());
    return candidates.get(0);
  }

  /**
   * The statements of the session's list that a failed submit may have created: with this
   * code and an id past every one this handle had seen before the submit.
   *
   * @throws RuntimeException {@code e}, when the list cannot tell (an attached session, whose
   *     earlier statements could pass for the submitted one, or a list that fails), or the
   *     call's timeout when its deadline passes while looking
   */
  private List<StatementInfo> submittedSince(
      Code code, long before, RuntimeException e, CallScope call) {
    if (before < 0 && host.lifetime().createdAt() == null) {
      // an attached session's earlier statements could pass for the submitted one
      throw e;
    }
    try {
      return ctx.backend.listStatements(ctx.transport(call), host.id()).stream()
          .filter(s -> StatementIds.numeric(s.id()) > before)
          .filter(s -> s.code().map(code.code()::equals).orElse(false))
          .toList();
    } catch (DeadlineExceededException lookup) {
      // the call's deadline passed while looking: its timeout, with the submit's failure in it
      Failures.suppress(lookup, e);
      throw lookup;
    } catch (LivyException | UnsupportedOperationException lookup) {
      Failures.suppress(e, lookup);
      throw e;
    }
  }
}
