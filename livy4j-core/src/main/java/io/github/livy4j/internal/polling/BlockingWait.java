package io.github.livy4j.internal.polling;

import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.http.ServerWait;
import io.github.livy4j.polling.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The blocking driver: looks on the caller's thread and sleeps on the {@link Sleeper} between
 * looks, following the {@link PollSchedule}, until the outcome or the deadline.
 *
 * @param <T> the result type
 */
final class BlockingWait<T> {
  private final PollState<T> state;
  private final PollSchedule<T> schedule;
  private final Clock clock;
  private final Sleeper sleeper;

  /**
   * Creates the driver of one poller.
   *
   * @param state what the poller knows
   * @param schedule when it looks next
   * @param clock the clock the wait is timed by
   * @param sleeper what the pauses between looks sleep on
   */
  BlockingWait(PollState<T> state, PollSchedule<T> schedule, Clock clock, Sleeper sleeper) {
    this.state = state;
    this.schedule = schedule;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Waits for a call that began at {@code start}, and within the deadline of the call it is
   * part of, if that is earlier.
   *
   * @param start when the call began
   * @param timeout the call's deadline, from {@code start}
   * @param outer the scope of the call the wait is part of ({@link CallScope#NONE} for none)
   * @return the result
   */
  T await(Instant start, Duration timeout, CallScope outer) {
    Instant own = PollSchedule.deadline(start, timeout);
    Instant deadline = outer.end().filter(own::isAfter).orElse(own);
    // the whole wait runs under its deadline: each request is cut at it
    try {
      return waitUntil(start, timeout, deadline, state.scope(outer).within(deadline));
    } catch (RuntimeException e) {
      awaitCleanup(deadline);
      throw e;
    }
  }

  /**
   * Lets the clean-up of an abandoned operation finish while the wait has time left, and no
   * longer: a responsive server has deleted what it should when the caller gets the exception,
   * and a hanging one costs the caller nothing past the deadline.
   */
  private void awaitCleanup(Instant deadline) {
    CompletableFuture<Void> cleanup = state.cleanup();
    Duration left = Duration.between(clock.instant(), deadline);
    if (cleanup.isDone() || left.isNegative() || left.isZero()) {
      return;
    }
    try {
      cleanup.get(left.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // it goes on, or failed, in the background, which logs it
    }
  }

  private T waitUntil(Instant start, Duration timeout, Instant deadline, CallScope scope) {
    int attempt = 0;
    String loggedState = null;
    while (true) {
      Polled<T> obs;
      try {
        obs = state.lookUnlessSettled(scope);
        if (obs == null) {
          return state.outcome().unwrap();
        }
      } catch (DeadlineExceededException e) {
        throw state.timedOut(Duration.between(start, clock.instant()), e);
      } catch (RuntimeException e) {
        if (e.getCause() instanceof InterruptedException ie) {
          // interrupted in a request rather than between them: the same as in a pause
          throw state.interrupted(ie);
        }
        state.abandonOnce(e);
        throw e;
      }
      attempt++;
      Duration elapsed = Duration.between(start, clock.instant());
      PollStep.Decision d = schedule.next(obs, attempt, elapsed, timeout);
      switch (d.action()) {
        case DONE:
          return state.outcome().unwrap();
        case TIMEOUT:
          throw state.timedOut(elapsed, null);
        case REFUSED:
          throw state.refused(obs, elapsed, timeout.minus(elapsed));
        default:
          loggedState = schedule.logTransition(loggedState, obs.state(), d.delay());
          Duration left = Duration.between(clock.instant(), deadline);
          if (ServerWait.pastDeadline(obs.retryAfter(), left)) {
            // an outer wait ends before the server would take the next look
            throw state.refused(obs, elapsed, left);
          }
          if (left.compareTo(d.delay()) < 0) {
            // an outer wait ends first (a session start inside a statement's submit)
            throw state.timedOut(Duration.between(start, clock.instant()), null);
          }
          try {
            sleeper.sleep(d.delay());
          } catch (InterruptedException e) {
            throw state.interrupted(e);
          }
      }
    }
  }
}
