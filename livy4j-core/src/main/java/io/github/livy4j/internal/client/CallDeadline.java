package io.github.livy4j.internal.client;

import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.polling.DefaultPoller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The deadline of one public call that begins with requests (a create, a submit) and then
 * waits: both parts count against it, from the moment the call was made.
 *
 * @param clock the clock it is measured with
 * @param start when the call was made
 * @param timeout the call's deadline, from {@code start}
 */
record CallDeadline(Clock clock, Instant start, Duration timeout) {
  /**
   * A deadline from now.
   *
   * @param clock the clock
   * @param timeout the deadline, positive
   * @return the deadline
   */
  static CallDeadline from(Clock clock, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new CallDeadline(clock, clock.instant(), timeout);
  }

  /** @return when every request of the call is cut: the deadline plus the wait's slack */
  Instant end() {
    return start.plus(timeout).plus(DefaultPoller.slack(timeout));
  }

  /**
   * Runs the requests that begin the call within its deadline; a request the deadline cut
   * short becomes the timeout of the call.
   *
   * @param <T> the result type
   * @param awaited what the call waited for when the deadline passed, for the exception
   * @param base the scope the call's requests start from: its operation, and the deadline of
   *     a call it is part of, if any (the earlier deadline wins)
   * @param work the requests, given their scope
   * @return what they return
   * @throws PollingTimeoutException if the deadline passed
   */
  <T> T begin(Supplier<String> awaited, CallScope base, Function<CallScope, T> work) {
    try {
      return work.apply(base.within(end()));
    } catch (DeadlineExceededException e) {
      throw timedOut(awaited.get(), e);
    }
  }

  /**
   * The timeout of the call, for a deadline that passed during {@code cause}.
   *
   * @param awaited what the call waited for
   * @param cause how the deadline showed
   * @return the exception
   */
  PollingTimeoutException timedOut(String awaited, Throwable cause) {
    PollingTimeoutException e =
        new PollingTimeoutException(awaited, Duration.between(start, clock.instant()), "unknown");
    Failures.suppress(e, cause);
    return e;
  }
}
