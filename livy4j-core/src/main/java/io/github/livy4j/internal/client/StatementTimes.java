package io.github.livy4j.internal.client;

import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a statement was submitted and first seen running, and what follows from that: how long
 * it has run, and how often its session is looked at while it runs.
 */
final class StatementTimes {
  /** The session is looked at at most this often while a statement is young. */
  static final Duration SESSION_CHECK_INTERVAL = Duration.ofSeconds(5);

  /** ... and at least this often however long it runs. */
  static final Duration LONGEST_SESSION_CHECK_INTERVAL = Duration.ofSeconds(30);

  private final Clock clock;
  private volatile Instant submittedAt;
  private volatile Instant seenRunningAt;

  /**
   * The times of a statement submitted now.
   *
   * @param clock the clock
   */
  StatementTimes(Clock clock) {
    this.clock = clock;
    this.submittedAt = clock.instant();
  }

  /** The statement was submitted again (to a replacement session): its age starts again. */
  void resubmitted() {
    submittedAt = clock.instant();
  }

  /** @return when the statement was (last) submitted */
  Instant submittedAt() {
    return submittedAt;
  }

  /** @return whether this client has seen the statement running */
  boolean seenRunning() {
    return seenRunningAt != null;
  }

  /**
   * How long the statement has been running: since the server's {@code started} time where it
   * reports one, else since this client first saw it running.
   *
   * @param s the statement as last read
   * @return how long, or {@code null} if it is not running
   */
  Duration runningFor(StatementInfo s) {
    Instant now = clock.instant();
    if (s.state() != StatementState.RUNNING) {
      return null;
    }
    if (seenRunningAt == null) {
      seenRunningAt = now;
    }
    Instant since = s.started().filter(t -> !t.isAfter(now)).orElse(seenRunningAt);
    return Duration.between(since, now);
  }

  /**
   * How old the session view may be: a quarter of the statement's age, from 5 s to 30 s, so a
   * long statement does not cost a session request every few seconds while a session that died
   * under it is still noticed within a fraction of the wait.
   *
   * @return the age
   */
  Duration sessionCheckInterval() {
    Duration quarter = Duration.between(submittedAt, clock.instant()).dividedBy(4);
    return quarter.compareTo(SESSION_CHECK_INTERVAL) < 0
        ? SESSION_CHECK_INTERVAL
        : quarter.compareTo(LONGEST_SESSION_CHECK_INTERVAL) > 0
            ? LONGEST_SESSION_CHECK_INTERVAL
            : quarter;
  }
}
