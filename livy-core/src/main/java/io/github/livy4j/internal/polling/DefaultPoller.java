package io.github.livy4j.internal.polling;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.internal.http.Deadline;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.PollStatus;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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
    this.followProgress = followProgress;
    this.op = Objects.requireNonNull(op, "op");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.created = timing.clock().instant();
    this.latest = new PollResponse(PollStatus.IN_PROGRESS, initialState, null, null, 0,
        Duration.ZERO);
  }

  @Override
  public PollResponse poll() {
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
    op.cancel();
  }

  @Override
  public T waitForCompletion(Duration timeout) {
    checkTimeout(timeout);
    Instant start = timing.clock().instant();
    Instant deadline = start.plus(timeout).plus(slack(timeout));
    int attempt = 0;
    String loggedState = null;
    while (true) {
      Observation<T> obs;
      try {
        synchronized (lock) {
          if (outcome != null) {
            return unwrap(outcome);
          }
          obs = Deadline.within(deadline, this::observe);
        }
      } catch (DeadlineExceededException e) {
        throw timedOut(Duration.between(start, timing.clock().instant()), e);
      } catch (RuntimeException e) {
        abandonOnce(e);
        throw e;
      }
      attempt++;
      Duration elapsed = Duration.between(start, timing.clock().instant());
      PollStep.Decision d = PollStep.decide(obs.status(), attempt, elapsed, timeout, backoff,
          timing.random().getAsDouble(), obs.retryAfter(), suggested(obs));
      switch (d.action()) {
        case DONE:
          synchronized (lock) {
            return unwrap(outcome);
          }
        case TIMEOUT:
          throw timedOut(elapsed, null);
        default:
          loggedState = logTransition(loggedState, obs.state(), d.delay());
          try {
            timing.sleeper().sleep(d.delay());
          } catch (InterruptedException e) {
            throw interrupted(e);
          }
      }
    }
  }

  /**
   * Waits asynchronously; cancelling the future cancels the remote operation.
   *
   * @param timeout the deadline
   * @return the future result
   */
  public CompletableFuture<T> waitAsync(Duration timeout) {
    checkTimeout(timeout);
    PollFuture<T> future = new PollFuture<>(op);
    Instant start = timing.clock().instant();
    Instant deadline = start.plus(timeout).plus(slack(timeout));
    Runnable tick = new Runnable() {
      private int attempt;
      private String loggedState;

      @Override
      public void run() {
        if (future.isDone()) {
          return;
        }
        Observation<T> obs;
        Outcome<T> done;
        try {
          synchronized (lock) {
            obs = outcome != null ? null : Deadline.within(deadline, DefaultPoller.this::observe);
            done = outcome;
          }
        } catch (DeadlineExceededException e) {
          future.completeExceptionally(timedOut(Duration.between(start,
              timing.clock().instant()), e));
          return;
        } catch (RuntimeException e) {
          abandonOnce(e);
          future.completeExceptionally(e);
          return;
        }
        if (done != null) {
          complete(future, done);
          return;
        }
        attempt++;
        Duration elapsed = Duration.between(start, timing.clock().instant());
        PollStep.Decision d = PollStep.decide(obs.status(), attempt, elapsed, timeout, backoff,
            timing.random().getAsDouble(), obs.retryAfter(), suggested(obs));
        if (d.action() == PollStep.Action.TIMEOUT) {
          future.completeExceptionally(timedOut(elapsed, null));
          return;
        }
        loggedState = logTransition(loggedState, obs.state(), d.delay());
        try {
          timing.scheduler().schedule(this, d.delay(), () -> future.completeExceptionally(
              interrupted(new InterruptedException("client closed"))));
        } catch (RejectedExecutionException e) {
          future.completeExceptionally(new IllegalStateException("client is closed", e));
        }
      }
    };
    try {
      timing.scheduler().execute(tick);
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("client is closed", e));
    }
    return future;
  }

  /** The delay the observed progress suggests, when this poller follows progress. */
  private Duration suggested(Observation<T> obs) {
    return followProgress ? PollStep.progressDelay(obs.progress(), obs.runningFor(),
        Duration.between(created, timing.clock().instant())) : null;
  }

  private void complete(CompletableFuture<T> future, Outcome<T> done) {
    if (done.failure() != null) {
      future.completeExceptionally(done.failure());
    } else {
      future.complete(done.value());
    }
  }

  /** Must hold the lock. */
  private Observation<T> observe() {
    Observation<T> obs;
    try {
      obs = op.observe();
    } catch (ThrottledException e) {
      PollResponse prev = latest;
      obs = new Observation<>(PollStatus.IN_PROGRESS, prev.state(), prev.phase(), prev.progress(),
          null, null, e.retryAfter().orElse(null), null);
    }
    observations++;
    if (obs.status().isDone()) {
      outcome = settle(obs);
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
      e.addSuppressed(cause);
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
      e.addSuppressed(ce);
    }
    abandonOnce(e);
    Thread.currentThread().interrupt();
    return e;
  }

  private void abandonOnce(Throwable reason) {
    if (abandoned.compareAndSet(false, true)) {
      op.abandon(reason);
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
  static Duration slack(Duration timeout) {
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
