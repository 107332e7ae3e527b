package io.github.livy4j.internal.polling;

import io.github.livy4j.polling.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a poller looks next: the one decision both drivers make after each look, so that a
 * blocking and an asynchronous wait follow the same schedule. It is {@link PollStep}'s, with
 * the delay the reported progress suggests in place of the backoff's when the poller follows
 * progress, and cut to the longest delay the operation allows.
 *
 * @param <T> the result type
 */
final class PollSchedule<T> {
  // logged under the poller's name, the one users configure
  private static final Logger LOG = LoggerFactory.getLogger(DefaultPoller.class);
  private static final Duration MIN_SLACK = Duration.ofMillis(100);
  private static final Duration MAX_SLACK = Duration.ofSeconds(2);

  private final Pollable<T> op;
  private final Backoff backoff;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Instant created;
  private final boolean followProgress;

  /**
   * Creates the schedule of one poller.
   *
   * @param op the operation, asked for its longest delay
   * @param backoff the schedule when progress is not followed or says nothing
   * @param clock the clock the operation's age is measured by
   * @param random the jitter's randomness
   * @param created when the poller was created
   * @param followProgress whether to poll by the progress the operation reports
   */
  PollSchedule(
      Pollable<T> op,
      Backoff backoff,
      Clock clock,
      DoubleSupplier random,
      Instant created,
      boolean followProgress) {
    this.op = Objects.requireNonNull(op, "op");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = clock;
    this.random = random;
    this.created = created;
    this.followProgress = followProgress;
  }

  /**
   * Decides what follows a look.
   *
   * @param obs what the look found
   * @param attempt the number of looks made so far in this wait, from 1
   * @param elapsed how long the wait has lasted
   * @param timeout the wait's deadline, measured from its start
   * @return finish, time out, or look again after the delay
   */
  PollStep.Decision next(Polled<T> obs, int attempt, Duration elapsed, Duration timeout) {
    return capped(
        PollStep.decide(
            obs.status(),
            attempt,
            elapsed,
            timeout,
            backoff,
            random.getAsDouble(),
            obs.retryAfter(),
            suggested(obs)));
  }

  /** The decision with its delay cut to what the operation allows. */
  private PollStep.Decision capped(PollStep.Decision d) {
    Duration longest = d.action() == PollStep.Action.WAIT ? op.longestDelay() : null;
    return longest == null || d.delay().compareTo(longest) <= 0
        ? d
        : new PollStep.Decision(PollStep.Action.WAIT, longest);
  }

  /** The delay the observed progress suggests, when this poller follows progress. */
  private Duration suggested(Polled<T> obs) {
    return followProgress
        ? PollStep.progressDelay(
            obs.progress(), obs.runningFor(), Duration.between(created, clock.instant()))
        : null;
  }

  /**
   * Logs the state a wait saw and when it looks next, once per state.
   *
   * @param logged the state logged last in this wait, or {@code null}
   * @param state the state just seen
   * @param delay the delay to the next look
   * @return the state logged last now
   */
  String logTransition(String logged, String state, Duration delay) {
    if (LOG.isDebugEnabled() && !state.equals(logged)) {
      LOG.debug("{}: state {}; next poll in {} ms", op.description(), state, delay.toMillis());
    }
    return state;
  }

  /**
   * How long past its deadline a wait's last poll may take to be answered: a tenth of the
   * wait, from 100 ms to 2 s.
   *
   * @param timeout the wait's deadline, from its start
   * @return the slack
   */
  static Duration slack(Duration timeout) {
    Duration tenth = timeout.dividedBy(10);
    return tenth.compareTo(MIN_SLACK) < 0
        ? MIN_SLACK
        : tenth.compareTo(MAX_SLACK) > 0 ? MAX_SLACK : tenth;
  }

  /**
   * When a wait's requests are cut: its deadline plus the {@link #slack}.
   *
   * @param start when the call began
   * @param timeout the call's deadline, from {@code start}
   * @return the moment
   */
  static Instant deadline(Instant start, Duration timeout) {
    return start.plus(timeout).plus(slack(timeout));
  }
}
