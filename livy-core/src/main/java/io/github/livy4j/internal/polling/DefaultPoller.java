package io.github.livy4j.internal.polling;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.Deadline;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.observe.Op;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.PollStatus;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.spi.Futures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one poller: observes an {@link Operation}, decides with {@link PollStep}, and waits
 * either by blocking on the {@link Sleeper} ({@link #waitForCompletion(Duration)}) or by
 * rescheduling itself on the {@link Scheduler} ({@link #waitAsync(Duration)}).
 *
 * @param <T> the result type
 */
public final class DefaultPoller<T> implements Poller<T> {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultPoller.class);
  private static final Duration MIN_SLACK = Duration.ofMillis(100);
  private static final Duration MAX_SLACK = Duration.ofSeconds(2);

  /** The parts a poller needs from its client. */
  public record Timing(Clock clock, Sleeper sleeper, DoubleSupplier random, Scheduler scheduler) {}

  private final Operation<T> op;
  private final Op observed;
  private final Backoff backoff;
  private final Duration defaultTimeout;
  private final Timing timing;
  private final Instant created;
  private final boolean followProgress;
  private final List<PollListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private final Object lock = new Object();

  private volatile PollResponse latest;
  private int observations;
  private Outcome<T> outcome;

  private record Outcome<T>(T value, RuntimeException failure) {}

  /**
   * Creates a poller.
   *
   * @param op the operation
   * @param backoff the schedule
   * @param defaultTimeout the deadline of {@link #waitForCompletion()}
   * @param timing the clock, sleeper, randomness and scheduler
   * @param initialState the state known when the operation began
   */
  public DefaultPoller(Operation<T> op, Backoff backoff, Duration defaultTimeout, Timing timing,
      String initialState) {
    this(op, backoff, defaultTimeout, timing, initialState, false);
  }

  /**
   * Creates a poller.
   *
   * @param op the operation
   * @param backoff the schedule
   * @param defaultTimeout the deadline of {@link #waitForCompletion()}
   * @param timing the clock, sleeper, randomness and scheduler
   * @param initialState the state known when the operation began
   * @param followProgress whether to poll by the progress the operation reports
   */
  public DefaultPoller(Operation<T> op, Backoff backoff, Duration defaultTimeout, Timing timing,
      String initialState, boolean followProgress) {
    this(op, backoff, defaultTimeout, timing, initialState, followProgress, null);
  }

  /**
   * Creates a poller that ends an observed operation.
   *
   * @param op the operation
   * @param backoff the schedule
   * @param defaultTimeout the deadline of {@link #waitForCompletion()}
   * @param timing the clock, sleeper, randomness and scheduler
   * @param initialState the state known when the operation began
   * @param followProgress whether to poll by the progress the operation reports
   * @param observed the observed operation its polls belong to, told of each new state and
   *     ended with the outcome; {@code null} to poll within the caller's operation
   */
  public DefaultPoller(Operation<T> op, Backoff backoff, Duration defaultTimeout, Timing timing,
      String initialState, boolean followProgress, Op observed) {
    this.observed = observed;
    this.followProgress = followProgress;
    this.op = Objects.requireNonNull(op, "op");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.created = timing.clock().instant();
    this.latest = new PollResponse(PollStatus.IN_PROGRESS, initialState, null, null, 0,
        Duration.ZERO);
  }

  /** Enters the observed operation, if the poller has one. */
  private Op.Scope enter() {
    return observed == null ? null : observed.enter();
  }

  @Override
  public PollResponse poll() {
    try (Op.Scope s = enter()) {
      return pollObserved();
    }
  }

  private PollResponse pollObserved() {
    synchronized (lock) {
      if (outcome == null) {
        observe();
      }
      return latest;
    }
  }

  @Override
  public PollResponse latest() {
    return latest;
  }

  @Override
  public boolean isDone() {
    return latest.status().isDone();
  }

  @Override
  public OptionalDouble progress() {
    return latest.progressValue();
  }

  @Override
  public Poller<T> addListener(PollListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  @Override
  public T waitForCompletion() {
    return waitForCompletion(defaultTimeout);
  }

  @Override
  public T result() {
    synchronized (lock) {
      if (outcome != null) {
        return unwrap(outcome);
      }
    }
    return waitForCompletion();
  }

  @Override
  public void cancel() {
    synchronized (lock) {
      if (outcome != null) {
        return;
      }
    }
    try (Op.Scope s = enter()) {
      op.cancel();
    }
  }

  @Override
  public T waitForCompletion(Duration timeout) {
    checkTimeout(timeout);
    return waitForCompletion(timing.clock().instant(), timeout);
  }

  /**
   * Waits for a call that began at {@code start} (its begin, a create or a submit, counts
   * against the same deadline), and within the deadline of the wait the current thread works
   * for, if that is earlier.
   *
   * @param start when the call began
   * @param timeout the call's deadline, from {@code start}
   * @return the result
   */
  public T waitForCompletion(Instant start, Duration timeout) {
    Instant own = start.plus(timeout).plus(slack(timeout));
    Instant deadline = Deadline.current().filter(own::isAfter).orElse(own);
    // the whole wait runs under its deadline: each request is cut at it, and the clean-up of
    // an abandoned operation sees it, to hold the caller no longer than the wait may last
    return Deadline.within(deadline, () -> waitUntil(start, timeout, deadline));
  }

  private T waitUntil(Instant start, Duration timeout, Instant deadline) {
    int attempt = 0;
    String loggedState = null;
    while (true) {
      Observation<T> obs;
      try {
        synchronized (lock) {
          if (outcome != null) {
            return unwrap(outcome);
          }
          try (Op.Scope s = enter()) {
            obs = Deadline.within(deadline, this::observe);
          }
        }
      } catch (DeadlineExceededException e) {
        throw timedOut(Duration.between(start, timing.clock().instant()), e);
      } catch (RuntimeException e) {
        if (e.getCause() instanceof InterruptedException ie) {
          // interrupted in a request rather than between them: the same as in a pause
          throw interrupted(ie);
        }
        abandonOnce(e);
        throw e;
      }
      attempt++;
      Duration elapsed = Duration.between(start, timing.clock().instant());
      PollStep.Decision d = capped(PollStep.decide(obs.status(), attempt, elapsed, timeout,
          backoff, timing.random().getAsDouble(), obs.retryAfter(), suggested(obs)));
      switch (d.action()) {
        case DONE:
          synchronized (lock) {
            return unwrap(outcome);
          }
        case TIMEOUT:
          throw timedOut(elapsed, null);
        default:
          loggedState = logTransition(loggedState, obs.state(), d.delay());
          Duration left = Duration.between(timing.clock().instant(), deadline);
          if (left.compareTo(d.delay()) < 0) {
            // an outer wait ends first (a session start inside a statement's submit)
            throw timedOut(Duration.between(start, timing.clock().instant()), null);
          }
          try {
            timing.sleeper().sleep(d.delay());
          } catch (InterruptedException e) {
            throw interrupted(e);
          }
      }
    }
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
    PollFuture<T> future = new PollFuture<>(op);
    Instant deadline = start.plus(timeout).plus(slack(timeout));
    Scheduler scheduler = timing.scheduler();
    AsyncWait wait = new AsyncWait(future, start, timeout, deadline);
    try {
      Runnable stopTimer = scheduler.at(() -> scheduler.execute(() -> {
        if (!future.isDone()) {
          wait.finish(null, timedOut(Duration.between(start, timing.clock().instant()), null));
        }
      }), Duration.between(timing.clock().instant(), deadline));
      future.whenComplete((v, e) -> stopTimer.run());
      scheduler.execute(wait);
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("client is closed", e));
    }
    return future;
  }

  /** One asynchronous wait: a poll, then the next one scheduled, until an outcome. */
  private final class AsyncWait implements Runnable {
    private final PollFuture<T> future;
    private final Instant start;
    private final Duration timeout;
    private final Instant deadline;
    private int attempt;
    private String loggedState;

    AsyncWait(PollFuture<T> future, Instant start, Duration timeout, Instant deadline) {
      this.future = future;
      this.start = start;
      this.timeout = timeout;
      this.deadline = deadline;
    }

    @Override
    public void run() {
      if (future.isDone()) {
        return;
      }
      Outcome<T> done;
      synchronized (lock) {
        done = outcome;
      }
      if (done != null) {
        finish(done.value(), done.failure());
        return;
      }
      CompletableFuture<Observation<T>> looking;
      try (Op.Scope s = enter()) {
        looking = Deadline.within(deadline, op::observeAsync);
      } catch (RuntimeException e) {
        looking = CompletableFuture.failedFuture(e);
      }
      looking.whenComplete(this::observed);
    }

    private void observed(Observation<T> looked, Throwable error) {
      if (future.isDone()) {
        return;
      }
      Observation<T> obs;
      Outcome<T> done;
      try {
        synchronized (lock) {
          obs = outcome != null ? null : record(looked, error);
          done = outcome;
        }
      } catch (DeadlineExceededException e) {
        finish(null, timedOut(Duration.between(start, timing.clock().instant()), e));
        return;
      } catch (RuntimeException e) {
        abandonOnce(e);
        finish(null, e);
        return;
      }
      if (obs == null || obs.status().isDone()) {
        finish(done.value(), done.failure());
        return;
      }
      attempt++;
      Duration elapsed = Duration.between(start, timing.clock().instant());
      PollStep.Decision d = capped(PollStep.decide(obs.status(), attempt, elapsed, timeout,
          backoff, timing.random().getAsDouble(), obs.retryAfter(), suggested(obs)));
      if (d.action() == PollStep.Action.TIMEOUT) {
        finish(null, timedOut(elapsed, null));
        return;
      }
      loggedState = logTransition(loggedState, obs.state(), d.delay());
      try {
        timing.scheduler().schedule(this, d.delay(), () -> finish(null,
            interrupted(new InterruptedException("client closed"))));
      } catch (RejectedExecutionException e) {
        finish(null, new IllegalStateException("client is closed", e));
      }
    }

    /** Completes the caller's future off the polling threads. */
    void finish(T value, Throwable failure) {
      timing.scheduler().complete(future, value, failure);
    }
  }

  /** The decision with its delay cut to what the operation allows. */
  private PollStep.Decision capped(PollStep.Decision d) {
    Duration longest = d.action() == PollStep.Action.WAIT ? op.longestDelay() : null;
    return longest == null || d.delay().compareTo(longest) <= 0 ? d
        : new PollStep.Decision(PollStep.Action.WAIT, longest);
  }

  /** The delay the observed progress suggests, when this poller follows progress. */
  private Duration suggested(Observation<T> obs) {
    return followProgress ? PollStep.progressDelay(obs.progress(), obs.runningFor(),
        Duration.between(created, timing.clock().instant())) : null;
  }

  /** Must hold the lock. */
  private Observation<T> observe() {
    Observation<T> obs;
    try {
      obs = op.observe();
    } catch (ThrottledException e) {
      return record(null, e);
    }
    return record(obs, null);
  }

  /**
   * Records an observation, or the failure to make one (a throttled poll is an observation
   * that nothing changed; any other failure is thrown). Must hold the lock.
   */
  private Observation<T> record(Observation<T> looked, Throwable error) {
    Observation<T> obs = looked;
    if (error != null) {
      Throwable t = Futures.unwrap(error);
      if (!(t instanceof ThrottledException e)) {
        throw t instanceof RuntimeException r ? r : new CompletionException(t);
      }
      PollResponse prev = latest;
      obs = new Observation<>(PollStatus.IN_PROGRESS, prev.state(), prev.phase(), prev.progress(),
          null, null, e.retryAfter().orElse(null), null);
    }
    observations++;
    if (observed != null) {
      observed.stateChanged(latest.state(), obs.state());
    }
    if (outcome == null && obs.status().isDone()) {
      outcome = settle(obs);
      if (observed != null) {
        observed.end(outcome.failure());
      }
    }
    PollStatus status = outcome != null && outcome.failure() != null
        && obs.status() == PollStatus.SUCCEEDED ? PollStatus.FAILED : obs.status();
    latest = new PollResponse(status, obs.state(), obs.phase(), obs.progress(), observations,
        Duration.between(created, timing.clock().instant()));
    for (PollListener l : listeners) {
      try {
        l.onPoll(latest);
      } catch (RuntimeException e) {
        LOG.warn("A poll listener failed for {}", op.description(), e);
      }
    }
    return obs;
  }

  private Outcome<T> settle(Observation<T> obs) {
    switch (obs.status()) {
      case SUCCEEDED:
        try {
          return new Outcome<>(obs.result().get(), null);
        } catch (RuntimeException e) {
          abandonOnce(e);
          return new Outcome<>(null, e);
        }
      case FAILED:
        abandonOnce(obs.failure());
        return new Outcome<>(null, obs.failure());
      default:
        return new Outcome<>(null, new CancellationException(op.description() + ": cancelled"));
    }
  }

  private T unwrap(Outcome<T> o) {
    if (o.failure() != null) {
      throw o.failure();
    }
    return o.value();
  }

  private PollingTimeoutException timedOut(Duration elapsed, DeadlineExceededException cause) {
    PollingTimeoutException e = new PollingTimeoutException(op.description(), elapsed,
        latest.state());
    if (cause != null) {
      Failures.suppress(e, cause);
    }
    abandonOnce(e);
    return e;
  }

  private LivyClientException interrupted(InterruptedException cause) {
    // the remote clean-up runs first: the JDK client refuses to send while the flag is set
    Thread.interrupted();
    LivyClientException e = new LivyClientException("Interrupted while waiting for "
        + op.description(), cause, false);
    try {
      op.interrupted();
    } catch (LivyException ce) {
      Failures.suppress(e, ce);
    }
    abandonOnce(e);
    Thread.currentThread().interrupt();
    return e;
  }

  private void abandonOnce(Throwable reason) {
    if (abandoned.compareAndSet(false, true)) {
      try (Op.Scope s = enter()) {
        op.abandon(reason);
      } finally {
        if (observed != null) {
          observed.end(reason);
        }
      }
    }
  }

  private String logTransition(String logged, String state, Duration delay) {
    if (LOG.isDebugEnabled() && !state.equals(logged)) {
      LOG.debug("{}: state {}; next poll in {} ms", op.description(), state, delay.toMillis());
    }
    return state;
  }

  /**
   * How long past its deadline a wait's last poll may take to be answered: a tenth of the
   * wait, from 100 ms to 2 s. Requests are cut at the deadline plus this slack.
   */
  public static Duration slack(Duration timeout) {
    Duration tenth = timeout.dividedBy(10);
    return tenth.compareTo(MIN_SLACK) < 0 ? MIN_SLACK
        : tenth.compareTo(MAX_SLACK) > 0 ? MAX_SLACK : tenth;
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }

  /** A future whose cancellation cancels the remote operation. */
  private static final class PollFuture<T> extends CompletableFuture<T> {
    private final Operation<T> op;

    PollFuture(Operation<T> op) {
      this.op = op;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        try {
          op.cancel();
        } catch (LivyException e) {
          LOG.warn("Could not cancel {} remotely: {}", op.description(), e.getMessage());
        }
      }
      return cancelled;
    }
  }
}
