package io.github.livy4j.internal.polling;

import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.http.ServerWait;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.observe.ObserverScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The asynchronous driver, one per wait: a look, then the next one scheduled on the
 * {@link Scheduler} as the {@link PollSchedule} says, until the outcome. No thread is held
 * between looks or while a look's request is in flight, and a timer fails the wait at its
 * deadline whatever the server does.
 *
 * @param <T> the result type
 */
final class AsyncWait<T> implements Runnable {
  private final PollState<T> state;
  private final PollSchedule<T> schedule;
  private final Clock clock;
  private final Scheduler scheduler;
  private final PollFuture<T> future;
  private final CallScope scope;
  private final Instant start;
  private final Duration timeout;
  private final Instant deadline;
  private int attempt;
  private String loggedState;

  private AsyncWait(
      PollState<T> state,
      PollSchedule<T> schedule,
      DefaultPoller.Timing timing,
      Instant start,
      Duration timeout,
      CallScope outer) {
    this.state = state;
    this.schedule = schedule;
    this.clock = timing.clock();
    this.scheduler = timing.scheduler();
    this.scope = state.scope(outer);
    this.future = new PollFuture<>(state.operation(), scope);
    this.start = start;
    this.timeout = timeout;
    Instant own = PollSchedule.deadline(start, timeout);
    this.deadline = outer.end().filter(own::isAfter).orElse(own);
  }

  /**
   * Begins a wait for a call that began at {@code start}, part of no other call.
   *
   * @param <T> the result type
   * @param state what the poller knows
   * @param schedule when it looks next
   * @param timing the clock and the scheduler the looks run on
   * @param start when the call began
   * @param timeout the call's deadline, from {@code start}
   * @return the future result; cancelling it cancels the remote operation
   */
  static <T> CompletableFuture<T> begin(
      PollState<T> state,
      PollSchedule<T> schedule,
      DefaultPoller.Timing timing,
      Instant start,
      Duration timeout) {
    return begin(state, schedule, timing, start, timeout, CallScope.NONE);
  }

  /**
   * Begins a wait for a call that began at {@code start}: its begin counts against the same
   * deadline. The future fails with a {@link PollingTimeoutException} at the deadline (plus
   * the {@linkplain PollSchedule#slack slack}), and with an {@link IllegalStateException} if
   * the client is closed.
   *
   * @param <T> the result type
   * @param state what the poller knows
   * @param schedule when it looks next
   * @param timing the clock and the scheduler the looks run on
   * @param start when the call began
   * @param timeout the call's deadline, from {@code start}
   * @param outer the scope of the call the wait is part of ({@link CallScope#NONE} for none):
   *     its operation, unless the poller has one, and its deadline, if earlier
   * @return the future result; cancelling it cancels the remote operation
   */
  static <T> CompletableFuture<T> begin(
      PollState<T> state,
      PollSchedule<T> schedule,
      DefaultPoller.Timing timing,
      Instant start,
      Duration timeout,
      CallScope outer) {
    AsyncWait<T> wait = new AsyncWait<>(state, schedule, timing, start, timeout, outer);
    wait.begin();
    return wait.future;
  }

  /** Starts the deadline's timer and the first look. */
  private void begin() {
    try {
      Runnable stopTimer =
          scheduler.at(
              () ->
                  scheduler.execute(
                      () -> {
                        if (!future.isDone()) {
                          finish(
                              null, state.timedOut(Duration.between(start, clock.instant()), null));
                        }
                      }),
              Duration.between(clock.instant(), deadline));
      future.whenComplete((v, e) -> stopTimer.run());
      scheduler.execute(this);
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("client is closed", e));
    }
  }

  /**
   * Looks once, asynchronously, unless the wait is over or the outcome known; on the client's
   * thread, with the operation's observers' scopes open.
   */
  @Override
  public void run() {
    ObservedOperation op = scope.operation();
    if (op == null) {
      lookOnce();
      return;
    }
    try (ObserverScope s = op.resume()) {
      lookOnce();
    }
  }

  private void lookOnce() {
    if (future.isDone()) {
      return;
    }
    PollState.Outcome<T> done = state.outcome();
    if (done != null) {
      finish(done.value(), done.failure());
      return;
    }
    CompletableFuture<Polled<T>> looking;
    try {
      looking = state.operation().lookAsync(scope.within(deadline).polling());
    } catch (RuntimeException e) {
      looking = CompletableFuture.failedFuture(e);
    }
    looking.whenComplete(this::observed);
  }

  /** Records a look, then ends the wait or schedules the next look. */
  private void observed(Polled<T> looked, Throwable error) {
    if (future.isDone()) {
      return;
    }
    Polled<T> obs;
    try {
      obs = state.recordUnlessSettled(looked, error);
    } catch (DeadlineExceededException e) {
      finish(null, state.timedOut(Duration.between(start, clock.instant()), e));
      return;
    } catch (RuntimeException e) {
      state.abandonOnce(e);
      finish(null, e);
      return;
    }
    if (obs == null || obs.status().isDone()) {
      PollState.Outcome<T> done = state.outcome();
      finish(done.value(), done.failure());
      return;
    }
    attempt++;
    Duration elapsed = Duration.between(start, clock.instant());
    PollStep.Decision d = schedule.next(obs, attempt, elapsed, timeout);
    if (d.action() == PollStep.Action.TIMEOUT) {
      finish(null, state.timedOut(elapsed, null));
      return;
    }
    if (d.action() == PollStep.Action.REFUSED) {
      finish(null, state.refused(obs, elapsed, timeout.minus(elapsed)));
      return;
    }
    Duration left = Duration.between(clock.instant(), deadline);
    if (ServerWait.pastDeadline(obs.retryAfter(), left)) {
      // an outer wait ends before the server would take the next look
      finish(null, state.refused(obs, elapsed, left));
      return;
    }
    loggedState = schedule.logTransition(loggedState, obs.state(), d.delay());
    try {
      scheduler.schedule(
          this,
          d.delay(),
          () -> finish(null, state.interrupted(new InterruptedException("client closed"))));
    } catch (RejectedExecutionException e) {
      finish(null, new IllegalStateException("client is closed", e));
    }
  }

  /** Completes the caller's future off the polling threads. */
  private void finish(T value, Throwable failure) {
    scheduler.complete(future, value, failure, scope.operation());
  }
}
