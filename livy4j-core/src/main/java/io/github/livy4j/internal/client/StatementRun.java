package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementResult;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.polling.Pollable;
import io.github.livy4j.internal.polling.Polled;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running statement. It also looks at the session's state, through the view all of the
 * session's statements share (one request every few seconds per session, however many
 * statements run), so that a session that dies under a statement fails the wait instead of
 * leaving it to its deadline.
 */
final class StatementRun implements Pollable<StatementResult> {
  private static final Logger LOG = LoggerFactory.getLogger(StatementRun.class);

  private final StatementHost session;
  private final BiFunction<Code, CallScope, StatementInfo> resubmit;
  private final Code code;

  /** The statement; another one once resubmitted to a recovered session. */
  private volatile StatementId id;

  private volatile StatementInfo first;

  /** When it was submitted and first seen running. */
  private final StatementTimes times;

  /** How many times a session said not found by a statement read was found there since. */
  private volatile int notFoundYetThere;

  /** What the statement's finished states mean. */
  private final FinishedStatement finishedReads;

  /** The statement's state as last read. */
  private volatile String lastState;

  /** The session the statement was submitted to. */
  private volatile SessionId submittedTo;

  /** The session's generation the statement was submitted in. */
  private volatile int generation;

  private final AtomicBoolean ended = new AtomicBoolean();

  /**
   * Follows a submitted statement.
   *
   * @param session the session it runs in
   * @param first its first snapshot
   * @param code its code
   * @param resubmit submits it again on a replacement session
   */
  StatementRun(
      StatementHost session,
      StatementInfo first,
      Code code,
      BiFunction<Code, CallScope, StatementInfo> resubmit) {
    this.session = session;
    this.resubmit = resubmit;
    this.code = code;
    this.id = first.id();
    this.first = first;
    this.lastState = first.rawState();
    this.times = new StatementTimes(session.context().config.clock());
    this.finishedReads = new FinishedStatement(session);
    this.generation = session.identity().generation();
    this.submittedTo = session.id();
  }

  /** @return the statement, as resubmitted after a recovery */
  StatementId statementId() {
    return id;
  }

  /**
   * The session was lost under the statement: with recovery on, replaces it and resubmits a
   * statement never seen running; without, or for one that ran, the wait fails saying what was
   * lost.
   */
  private Polled<StatementResult> lost(LivyException cause, boolean gone, CallScope scope) {
    boolean started = times.seenRunning();
    if (!session.recoversLostSessions()) {
      if (gone) {
        SessionExpiredException e = session.gone(id, started);
        e.initCause(cause);
        return Polled.failed("session gone", e);
      }
      return Polled.failed("session ended", cause);
    }
    SessionId lostId = submittedTo;
    try {
      session.recover(generation, cause, scope);
    } catch (LivyException e) {
      Failures.suppress(e, cause);
      return Polled.failed("recovery failed", e);
    } catch (IllegalStateException e) {
      return Polled.failed("session closed", cause); // closed meanwhile: nothing to recover
    }
    if (started) {
      SessionExpiredException e =
          new SessionExpiredException(
              lostId, SessionExpiredException.Reason.GONE, null, id, true, session.id());
      e.initCause(cause);
      return Polled.failed("session replaced", e);
    }
    StatementInfo again;
    try {
      again = resubmit.apply(code, scope);
    } catch (LivyException e) {
      Failures.suppress(e, cause);
      return Polled.failed("resubmit failed", e);
    }
    LOG.info(
        "Statement {} of lost session {} never started; submitted again as statement {}"
            + " in session {}",
        id,
        lostId,
        again.id(),
        session.id());
    id = again.id(); // the replacement's count of running statements starts with this one
    first = again;
    times.resubmitted();
    generation = session.identity().generation();
    submittedTo = session.id();
    return Polled.running(again.rawState(), "resubmitted to session " + session.id(), null);
  }

  @Override
  public String description() {
    return "statement " + id + " in session " + session.id() + " to finish";
  }

  @Override
  public Polled<StatementResult> look(CallScope scope) {
    return Futures.join(look(scope, false));
  }

  @Override
  public CompletableFuture<Polled<StatementResult>> lookAsync(CallScope scope) {
    return look(scope, true);
  }

  private CompletableFuture<Polled<StatementResult>> look(CallScope scope, boolean async) {
    SessionExpiredException expired = session.lifetime().expiry(session.id(), id);
    if (expired != null) {
      ended();
      return CompletableFuture.completedFuture(Polled.failed("session expired", expired));
    }
    return observeStatement(scope, async)
        .thenApply(
            obs -> {
              if (obs.status().isDone()) {
                ended();
              }
              return obs;
            });
  }

  /** Tells the session, once, that this statement no longer keeps it in use. */
  private void ended() {
    if (ended.compareAndSet(false, true)) {
      session.statementEnded(id);
    }
  }

  /** Wakes the wait just after the session's time to live ends, to fail it then. */
  @Override
  public Duration longestDelay() {
    return session.lifetime().untilExpiry();
  }

  @Override
  public void abandon(Throwable reason) {
    ended();
  }

  private CompletableFuture<Polled<StatementResult>> observeStatement(
      CallScope scope, boolean async) {
    if (generation != session.identity().generation()) {
      // the session was replaced under this statement: its id means nothing in the new one
      return CompletableFuture.completedFuture(
          lost(
              new LivyClientException(
                  "Session "
                      + submittedTo
                      + ", which ran statement "
                      + id
                      + ", was lost and replaced by session "
                      + session.id(),
                  null,
                  false),
              true,
              scope));
    }
    if (session.closedByOwner()) {
      return CompletableFuture.completedFuture(
          Polled.failed(
              "session closed",
              new LivyClientException(
                  (session.context().isClosed()
                          ? "The LivyClient was closed"
                          : "Session " + session.id() + " was closed")
                      + " before statement "
                      + id
                      + " finished",
                  null,
                  false)));
    }
    StatementInfo known = first;
    first = null;
    if (known != null && known.state().isFinished()) {
      return interpret(known, scope, async);
    }
    return readStatement(scope, async)
        .handle(
            (s, e) -> {
              if (e == null) {
                notFoundYetThere = 0;
                lastState = s.rawState();
                return interpret(s, scope, async);
              }
              Throwable t = Futures.unwrap(e);
              if (t instanceof LivyServiceException lse
                  && lse.statusCode() == 404
                  && NotFoundGrace.within(session.context(), times.submittedAt())) {
                // the service has not caught up with the submit yet
                return CompletableFuture.completedFuture(
                    Polled.<StatementResult>running("waiting", "not visible yet", null));
              }
              if (t instanceof SessionNotFoundException gone) {
                return confirmGone(gone, scope, async);
              }
              if (t instanceof LivyServiceException refused && refused.statusCode() == 400) {
                return endedOr(refused, scope, async);
              }
              return CompletableFuture.<Polled<StatementResult>>failedFuture(t);
            })
        .thenCompose(f -> f);
  }

  /** The session ended under this statement, last seen in {@code state}. */
  private SessionFailedException sessionEnded(io.github.livy4j.SessionInfo info, String state) {
    return new SessionFailedException(
        "Session ended while statement " + id + " was " + state, info);
  }

  /**
   * A read of the statement was refused (Livy answers 400 "Session isn't active." once the
   * driver is gone): if the session has ended, that is what the wait reports; otherwise the
   * refusal itself.
   */
  private CompletableFuture<Polled<StatementResult>> endedOr(
      LivyServiceException refused, CallScope scope, boolean async) {
    return session
        .view()
        .refresh(scope, async)
        .handle(
            (info, e) -> {
              if (e == null && info.state().isFinished()) {
                SessionFailedException ended = sessionEnded(info, lastState);
                ended.addSuppressed(refused);
                return CompletableFuture.completedFuture(lost(ended, false, scope));
              }
              if (e != null) {
                Failures.suppress(refused, Futures.unwrap(e));
              }
              return CompletableFuture.<Polled<StatementResult>>failedFuture(refused);
            })
        .thenCompose(f -> f);
  }

  /**
   * A read of the statement said the session is not found. A proxy, or a server behind a
   * balancer, can say so for a moment, so the session itself is read before the statement is
   * given up: while it is there (and still this session), the wait goes on, up to
   * {@value NotFoundGrace#CHECKS} times in a row.
   */
  private CompletableFuture<Polled<StatementResult>> confirmGone(
      SessionNotFoundException gone, CallScope scope, boolean async) {
    if (++notFoundYetThere > NotFoundGrace.CHECKS) {
      return CompletableFuture.completedFuture(lost(gone, true, scope));
    }
    return session
        .view()
        .refresh(scope, async)
        .handle(
            (info, e) -> {
              if (e != null) {
                Throwable t = Futures.unwrap(e);
                if (!(t instanceof SessionNotFoundException)) {
                  Failures.suppress(gone, t);
                }
                return lost(gone, true, scope);
              }
              if (info.state().isFinished()) {
                return lost(sessionEnded(info, lastState), false, scope);
              }
              LOG.debug(
                  "Statement {}: the server said session {} is not found, but it is there ({})",
                  id,
                  session.id(),
                  info.rawState());
              return Polled.<StatementResult>running(
                  lastState, "session not found, then found", null);
            });
  }

  private CompletableFuture<Polled<StatementResult>> interpret(
      StatementInfo s, CallScope scope, boolean async) {
    if (session.identity().idsReused(scope)
        && s.code().isPresent()
        && !s.code().get().equals(code.code())) {
      // the server forgot the session and gave its id to another, whose statement this is
      return CompletableFuture.completedFuture(
          lost(
              session.identity().replaced("its statement " + id + " holds other code"),
              true,
              scope));
    }
    Double progress = s.progress().isPresent() ? s.progress().getAsDouble() : null;
    switch (s.state()) {
      case AVAILABLE:
      case ERROR:
        return CompletableFuture.completedFuture(finishedReads.read(s, progress));
      case CANCELLED:
        return CompletableFuture.completedFuture(Polled.cancelled(s.rawState()));
      default:
        Duration runningFor = times.runningFor(s);
        return session
            .view()
            .recentState(times.sessionCheckInterval(), scope, async)
            .thenApply(
                info -> {
                  if (info.state().isFinished()) {
                    return lost(sessionEnded(info, s.rawState()), false, scope);
                  }
                  return Polled.runningFor(s.rawState(), progress, runningFor);
                });
    }
  }

  /** Reads the statement, without blocking when {@code async}. */
  private CompletableFuture<StatementInfo> readStatement(CallScope scope, boolean async) {
    ClientContext ctx = session.context();
    SessionId sid = session.id();
    return async
        ? ctx.backend.getStatementAsync(ctx.transport(scope), sid, id)
        : Futures.call(() -> ctx.backend.getStatement(ctx.transport(scope), sid, id));
  }

  @Override
  public void cancel(CallScope scope) {
    session.cancel(id);
  }

  @Override
  public void interrupted() {
    try {
      session.cancel(id);
    } catch (LivyException e) {
      LOG.debug("Could not cancel {} after an interrupt: {}", description(), e.getMessage());
      throw e;
    }
  }
}
