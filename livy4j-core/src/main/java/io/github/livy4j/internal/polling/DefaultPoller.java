package io.github.livy4j.internal.polling;

import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;

/**
 * The one poller: observes a {@link Pollable}, and waits either by blocking on the
 * {@link Sleeper} ({@link #waitForCompletion(Duration)}, a {@link BlockingWait}) or by
 * rescheduling itself on the {@link Scheduler} ({@link #waitAsync(Duration)}, an
 * {@link AsyncWait}). Both drivers decide with the same {@link PollSchedule} and record what
 * they see in the same {@link PollState}; this class only puts them together.
 *
 * @param <T> the result type
 */
public final class DefaultPoller<T> implements Poller<T> {

  /**
   * The parts a poller needs from its client.
   *
   * @param clock the clock waits are timed by
   * @param sleeper what the blocking driver sleeps on
   * @param random the jitter's randomness
   * @param scheduler what the asynchronous driver runs on
   */
  public record Timing(Clock clock, Sleeper sleeper, DoubleSupplier random, Scheduler scheduler) {}

  /**
   * How a poller polls.
   *
   * @param backoff the schedule
   * @param defaultTimeout the deadline of {@link DefaultPoller#waitForCompletion()}
   * @param timing the clock, sleeper, randomness and scheduler
   * @param initialState the state known when the operation began
   * @param followProgress whether to poll by the progress the operation reports
   * @param observed the observed operation its polls belong to, told of each new state and
   *     ended with the outcome; {@code null} to poll within the caller's operation
   */
  public record Options(
      Backoff backoff,
      Duration defaultTimeout,
      Timing timing,
      String initialState,
      boolean followProgress,
      ObservedOperation observed) {

    /** Checks the parts every poller needs. */
    public Options {
      Objects.requireNonNull(backoff, "backoff");
      Objects.requireNonNull(defaultTimeout, "defaultTimeout");
      Objects.requireNonNull(timing, "timing");
    }

    /**
     * Options that follow the backoff and poll within the caller's operation.
     *
     * @param backoff the schedule
     * @param defaultTimeout the deadline of {@link DefaultPoller#waitForCompletion()}
     * @param timing the clock, sleeper, randomness and scheduler
     * @param initialState the state known when the operation began
     * @return the options
     */
    public static Options of(
        Backoff backoff, Duration defaultTimeout, Timing timing, String initialState) {
      return new Options(backoff, defaultTimeout, timing, initialState, false, null);
    }

    /**
     * These options, polling by the progress the operation reports or not.
     *
     * @param follow whether to poll by the reported progress
     * @return the options
     */
    public Options withFollowProgress(boolean follow) {
      return new Options(backoff, defaultTimeout, timing, initialState, follow, observed);
    }

    /**
     * These options, ending an observed operation.
     *
     * @param op the observed operation the polls belong to, or {@code null}
     * @return the options
     */
    public Options withObserved(ObservedOperation op) {
      return new Options(backoff, defaultTimeout, timing, initialState, followProgress, op);
    }
  }

  private final PollState<T> state;
  private final PollSchedule<T> schedule;
  private final BlockingWait<T> blocking;
  private final Duration defaultTimeout;
  private final Timing timing;

  /**
   * Creates a poller.
   *
   * @param op the operation
   * @param options how to poll it
   */
  public DefaultPoller(Pollable<T> op, Options options) {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(options, "options");
    this.timing = options.timing();
    this.defaultTimeout = options.defaultTimeout();
    this.state = new PollState<>(op, options.observed(), timing.clock(), options.initialState());
    this.schedule =
        new PollSchedule<>(
            op,
            options.backoff(),
            timing.clock(),
            timing.random(),
            state.created(),
            options.followProgress());
    this.blocking = new BlockingWait<>(state, schedule, timing.clock(), timing.sleeper());
  }

  @Override
  public PollResponse poll() {
    return state.poll();
  }

  @Override
  public PollResponse latest() {
    return state.latest();
  }

  @Override
  public boolean isDone() {
    return state.latest().status().isDone();
  }

  @Override
  public OptionalDouble progress() {
    return state.latest().progressValue();
  }

  @Override
  public Poller<T> addListener(PollListener listener) {
    state.addListener(listener);
    return this;
  }

  @Override
  public T waitForCompletion() {
    return waitForCompletion(defaultTimeout);
  }

  @Override
  public T result() {
    PollState.Outcome<T> outcome = state.outcome();
    if (outcome != null) {
      return outcome.unwrap();
    }
    return waitForCompletion();
  }

  @Override
  public void cancel() {
    state.cancel();
  }

  @Override
  public T waitForCompletion(Duration timeout) {
    checkTimeout(timeout);
    return waitForCompletion(timing.clock().instant(), timeout, CallScope.NONE);
  }

  /**
   * Waits for a call that began at {@code start} (its begin, a create or a submit, counts
   * against the same deadline), and within the deadline of the call it is part of, if that is
   * earlier (a session's start that a statement's submit waits for).
   *
   * @param start when the call began
   * @param timeout the call's deadline, from {@code start}
   * @param outer the scope of the call the wait is part of, or {@link CallScope#NONE}
   * @return the result
   */
  public T waitForCompletion(Instant start, Duration timeout, CallScope outer) {
    return blocking.await(start, timeout, Objects.requireNonNull(outer, "outer"));
  }

  @Override
  public CompletableFuture<T> waitAsync() {
    return waitAsync(defaultTimeout);
  }

  /**
   * Waits asynchronously; cancelling the future cancels the remote operation. No thread is
   * held between polls or while a poll's request is in flight, and the future fails with a
   * {@link PollingTimeoutException} at the deadline (plus a small slack) whatever the server
   * does.
   *
   * @param timeout the deadline
   * @return the future result
   */
  @Override
  public CompletableFuture<T> waitAsync(Duration timeout) {
    checkTimeout(timeout);
    return waitAsync(timing.clock().instant(), timeout);
  }

  /**
   * Waits asynchronously for a call that began at {@code start}: its begin counts against the
   * same deadline.
   *
   * @param start when the call began
   * @param timeout the call's deadline, from {@code start}
   * @return the future result
   */
  public CompletableFuture<T> waitAsync(Instant start, Duration timeout) {
    return waitAsync(start, timeout, CallScope.NONE);
  }

  /**
   * Waits asynchronously for a call that began at {@code start}, and within the deadline of
   * the call it is part of, if that is earlier (a session's start that a statement's submit
   * waits for).
   *
   * @param start when the call began
   * @param timeout the call's deadline, from {@code start}
   * @param outer the scope of the call the wait is part of, or {@link CallScope#NONE}
   * @return the future result
   */
  public CompletableFuture<T> waitAsync(Instant start, Duration timeout, CallScope outer) {
    return AsyncWait.begin(
        state, schedule, timing, start, timeout, Objects.requireNonNull(outer, "outer"));
  }

  /**
   * How long past its deadline a wait's last poll may take to be answered: a tenth of the
   * wait, from 100 ms to 2 s. Requests are cut at the deadline plus this slack.
   *
   * @param timeout the wait's deadline, from its start
   * @return the slack
   */
  public static Duration slack(Duration timeout) {
    return PollSchedule.slack(timeout);
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }
}
