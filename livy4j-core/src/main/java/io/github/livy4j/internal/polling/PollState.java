package io.github.livy4j.internal.polling;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.http.ServerWait;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.PollStatus;
import io.github.livy4j.spi.Futures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a poller knows of its operation: the latest response, the outcome once settled, and
 * the listeners told of each look. Every look, from {@link DefaultPoller#poll()} or from either
 * driver, is recorded here under one lock, so the outcome is settled once; and whichever way a
 * wait gives up (timeout, failure, interrupt), the operation is abandoned once.
 *
 * @param <T> the result type
 */
final class PollState<T> {
  // logged under the poller's name, the one users configure
  private static final Logger LOG = LoggerFactory.getLogger(DefaultPoller.class);

  /**
   * How the operation ended.
   *
   * @param value the result, when it succeeded
   * @param failure what to throw instead, or {@code null}
   * @param <T> the result type
   */
  record Outcome<T>(T value, RuntimeException failure) {

    /**
     * The result, or the failure thrown.
     *
     * @return the result
     */
    T unwrap() {
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }

  private final Pollable<T> op;
  private final ObservedOperation observed;
  private final Clock clock;
  private final Instant created;
  private final List<PollListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();

  private volatile PollResponse latest;
  private int observations;
  private Outcome<T> outcome;

  /** Why the latest look saw nothing (throttled, or the server away), or {@code null}. */
  private LivyException setback;

  /**
   * Creates the state of an operation just begun.
   *
   * @param op the operation
   * @param observed the observed operation its looks belong to, or {@code null}
   * @param clock the clock the responses' ages are measured by
   * @param initialState the state known when the operation began
   */
  PollState(Pollable<T> op, ObservedOperation observed, Clock clock, String initialState) {
    this.op = Objects.requireNonNull(op, "op");
    this.observed = observed;
    this.clock = clock;
    this.created = clock.instant();
    this.latest =
        new PollResponse(PollStatus.IN_PROGRESS, initialState, null, null, 0, Duration.ZERO);
    if (observed != null && initialState != null) {
      // the state the server answered the create or submit with: where the operation begins
      observed.stateChanged(null, initialState);
    }
  }

  /** @return the operation */
  Pollable<T> operation() {
    return op;
  }

  /** @return when the poller was created, the operation's age is counted from */
  Instant created() {
    return created;
  }

  /** @return the latest response */
  PollResponse latest() {
    return latest;
  }

  /**
   * Adds a listener told of every look from now on.
   *
   * @param listener the listener
   */
  void addListener(PollListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The scope of this operation's requests: its observed operation, and no deadline (a wait
   * adds its own).
   *
   * @return the scope
   */
  CallScope scope() {
    return CallScope.of(observed);
  }

  /**
   * The scope of this operation's requests when waited for as part of another call: its
   * observed operation if it has one, else the call's; and the call's deadline.
   *
   * @param outer the call's scope
   * @return the scope
   */
  CallScope scope(CallScope outer) {
    return observed == null ? outer : outer.with(observed);
  }

  /** @return the outcome, or {@code null} while the operation runs */
  Outcome<T> outcome() {
    lock.lock();
    try {
      return outcome;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Looks once unless the outcome is known, within the observed operation.
   *
   * @return the latest response
   */
  PollResponse poll() {
    lock.lock();
    try {
      if (outcome == null) {
        look(scope());
      }
      return latest;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The blocking driver's look: once, in the wait's scope (its operation and deadline), unless
   * the outcome is already known.
   *
   * @param scope the scope of the look's requests
   * @return the observation, or {@code null} if the outcome was already known
   */
  Polled<T> lookUnlessSettled(CallScope scope) {
    lock.lock();
    try {
      if (outcome != null) {
        return null;
      }
      return look(scope);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records what an asynchronous look found, unless the outcome is already known.
   *
   * @param looked the observation, or {@code null} if the look failed
   * @param error why the look failed, or {@code null}
   * @return the observation recorded, or {@code null} if the outcome was already known
   */
  Polled<T> recordUnlessSettled(Polled<T> looked, Throwable error) {
    lock.lock();
    try {
      return outcome != null ? null : record(looked, error);
    } finally {
      lock.unlock();
    }
  }

  /** Cancels the remote operation, within the observed operation, unless it has ended. */
  void cancel() {
    lock.lock();
    try {
      if (outcome != null) {
        return;
      }
    } finally {
      lock.unlock();
    }
    op.cancel(scope());
  }

  /** Looks once, its requests in {@code scope}. Must hold the lock. */
  private Polled<T> look(CallScope scope) {
    Polled<T> obs;
    try {
      obs = op.look(scope.polling());
    } catch (ThrottledException e) {
      return record(null, e);
    } catch (LivyClientException e) {
      if (!serverAway(e)) {
        throw e;
      }
      return record(null, e);
    }
    return record(obs, null);
  }

  /**
   * Whether a look failed only because the server could not be reached at all (no connection,
   * after the transport's own attempts): the server is away, as a restarting one is, and the
   * operation may well go on there, so the wait goes on until its deadline rather than ending
   * on the first outage. An answer the server gave, or a connection it dropped, is not this.
   *
   * @param t the failure
   * @return whether it says only that the server is away
   */
  static boolean serverAway(Throwable t) {
    return t instanceof LivyClientException
        && (t.getCause() instanceof java.net.ConnectException
            || t.getCause() instanceof java.net.http.HttpConnectTimeoutException);
  }

  /**
   * Records an observation, or the failure to make one (a throttled poll is an observation
   * that nothing changed; any other failure is thrown). Must hold the lock.
   */
  private Polled<T> record(Polled<T> looked, Throwable error) {
    Polled<T> obs = looked;
    if (error != null) {
      Throwable t = Futures.unwrap(error);
      if (!(t instanceof ThrottledException) && !serverAway(t)) {
        throw t instanceof RuntimeException r ? r : new CompletionException(t);
      }
      // turned away, or the server away: nothing changed that the wait could see
      LivyException e = (LivyException) t;
      PollResponse prev = latest;
      obs =
          new Polled<>(
              PollStatus.IN_PROGRESS,
              prev.state(),
              prev.phase(),
              prev.progress(),
              null,
              e,
              e instanceof ThrottledException th ? th.retryAfter().orElse(null) : null,
              null);
      setback = e;
    } else {
      setback = null;
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
    PollStatus status =
        outcome != null && outcome.failure() != null && obs.status() == PollStatus.SUCCEEDED
            ? PollStatus.FAILED
            : obs.status();
    latest =
        new PollResponse(
            status,
            obs.state(),
            obs.phase(),
            obs.progress(),
            observations,
            Duration.between(created, clock.instant()));
    for (PollListener l : listeners) {
      try {
        l.onPoll(latest);
      } catch (RuntimeException e) {
        LOG.warn("A poll listener failed for {}", op.description(), e);
      }
    }
    return obs;
  }

  /** The outcome of a finished operation; producing a result may fail and abandon it. */
  private Outcome<T> settle(Polled<T> obs) {
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

  /**
   * Gives up at the deadline: the timeout to throw, the operation abandoned.
   *
   * @param elapsed how long the wait lasted
   * @param cause the request cut at the deadline, or {@code null}
   * @return the exception to throw
   */
  PollingTimeoutException timedOut(Duration elapsed, DeadlineExceededException cause) {
    PollingTimeoutException e =
        new PollingTimeoutException(op.description(), elapsed, latest.state());
    if (cause != null) {
      Failures.suppress(e, cause);
    }
    LivyException last;
    lock.lock();
    try {
      last = setback;
    } finally {
      lock.unlock();
    }
    if (last != null) {
      Failures.suppress(e, last); // the server was away, or turning the wait away, at the end
    }
    abandonOnce(e);
    return e;
  }

  /**
   * Gives up because the server asked for a wait that ends past the deadline: the refusal
   * naming the wait to throw (see {@link ServerWait}), the operation abandoned.
   *
   * @param obs the throttled look, its failure the server's refusal
   * @param elapsed how long the wait lasted
   * @param left the time that was left before the deadline
   * @return the exception to throw
   */
  RuntimeException refused(Polled<T> obs, Duration elapsed, Duration left) {
    if (!(obs.failure() instanceof LivyServiceException refusal)
        || refusal.retryAfter().isEmpty()) {
      return timedOut(elapsed, null);
    }
    LivyServiceException e = ServerWait.refusal(refusal, left);
    abandonOnce(e);
    return e;
  }

  /**
   * Gives up on an interrupt: the operation told and abandoned, the flag restored.
   *
   * @param cause the interrupt
   * @return the exception to throw
   */
  LivyClientException interrupted(InterruptedException cause) {
    // the remote clean-up runs first: the JDK client refuses to send while the flag is set
    Thread.interrupted();
    LivyClientException e =
        new LivyClientException("Interrupted while waiting for " + op.description(), cause, false);
    try {
      op.interrupted();
    } catch (LivyException ce) {
      Failures.suppress(e, ce);
    }
    abandonOnce(e);
    Thread.currentThread().interrupt();
    return e;
  }

  /** @return the clean-up the abandoned operation started; done at once when there is none */
  CompletableFuture<Void> cleanup() {
    return op.cleanup();
  }

  /**
   * Abandons the operation, the first time only, and ends the observed operation with why.
   *
   * @param reason why the wait gave up
   */
  void abandonOnce(Throwable reason) {
    if (abandoned.compareAndSet(false, true)) {
      try {
        op.abandon(reason);
      } finally {
        if (observed != null) {
          observed.end(reason);
        }
      }
    }
  }
}
