package io.github.livy4j.internal.http;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.BackendResponse;
import io.github.livy4j.spi.Throttling;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's way through its attempts, shared by the blocking and the asynchronous
 * drivers: what to send next, what an answer or a failure means, and what the observers are
 * told of each attempt. The deadline is its call's.
 */
final class Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

  private final Pipeline pipeline;
  final BackendRequest request;
  private final String where;
  private final Optional<Instant> deadline;
  private final BearerAuth.Grant grant;

  /** What the observers are told of each attempt. */
  private final ObservedAttempts observed;

  /** Attempts sent so far, retries and replays included. */
  private int sent;

  private RetryPolicy.Attempts attempts = RetryPolicy.Attempts.FIRST;
  private Duration timeout;

  /**
   * What comes after an attempt: the answer, or a pause and then another attempt (or, when the
   * deadline comes first, the pause to the deadline and then the failure).
   *
   * @param response the answer (or what was read of it), or {@code null} while there is none
   * @param pause how long to wait before going on
   * @param failure the failure, should the wait be cut short (or {@code thenFail})
   * @param thenFail whether to fail after the pause rather than try again
   */
  record Step(Object response, Duration pause, LivyException failure, boolean thenFail) {
    static Step done(Object r) {
      return new Step(r, null, null, false);
    }
  }

  /**
   * Starts the exchange of a request.
   *
   * @param pipeline the shared decisions
   * @param request the request
   * @param scope the call's deadline and operation
   */
  Exchange(Pipeline pipeline, BackendRequest request, CallScope scope) {
    this.pipeline = pipeline;
    this.request = request;
    this.where = request.method() + " " + Redaction.url(request.uri());
    this.deadline = scope.end();
    this.observed = new ObservedAttempts(scope, pipeline.observers());
    this.grant = pipeline.auth().start();
  }

  String where() {
    return where;
  }

  /** @return the current attempt's timeout */
  Duration timeout() {
    return timeout;
  }

  /** @return the time left before the deadline, or {@code null} without one */
  Duration timeLeft() {
    return deadline.map(d -> Duration.between(pipeline.clock().instant(), d)).orElse(null);
  }

  /**
   * The next attempt's request, its timeout capped by the time left before the deadline.
   *
   * @return the request
   * @throws DeadlineExceededException if no time is left
   */
  HttpRequest nextRequest() {
    timeout = timeoutWithin();
    sent++;
    Map<String, String> extra = observed.begin(request, sent);
    return pipeline.requests().build(request, grant.current(), timeout, extra);
  }

  /**
   * The attempt's observers' scopes, open while the attempt is handed to the JDK client on this
   * thread.
   *
   * @return what to close right after the send
   */
  ObserverScope sending() {
    return observed.sending();
  }

  /**
   * Wraps a piece of this request's work done on one of the client's threads, so that its
   * operation's observers' scopes are open while it runs.
   *
   * @param work the work
   * @return the wrapped work
   */
  Runnable resuming(Runnable work) {
    return observed.resuming(work);
  }

  private Duration timeoutWithin() {
    Duration requestTimeout = pipeline.requestTimeout();
    if (deadline.isEmpty()) {
      return requestTimeout;
    }
    Duration left = Duration.between(pipeline.clock().instant(), deadline.get());
    if (left.isNegative() || left.isZero()) {
      throw new DeadlineExceededException("The wait's deadline passed before " + where, false);
    }
    return left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
  }

  /**
   * Tells the attempt's observers how it ended, once.
   *
   * @param status the status, or 0 without an answer
   * @param failure the failure, or {@code null}
   * @param next what follows, or {@code null} when nothing does
   */
  private void report(int status, Throwable failure, Step next) {
    boolean again = next != null && next.response() == null && !next.thenFail();
    // a 401 replayed with a new token is no failure yet
    Throwable why =
        failure != null ? failure : next == null || status == 401 ? null : next.failure();
    observed.ended(status, why, again ? next.pause() : null);
  }

  /**
   * Ends the attempt in flight with a failure that ends the request.
   *
   * @param failure the failure
   * @return the failure
   */
  <E extends Throwable> E ended(E failure) {
    report(0, failure, null);
    return failure;
  }

  /**
   * Ends the attempt in flight as the transport closed.
   *
   * @param cause the attempt's failure
   * @return the failure that ends the request
   */
  LivyClientException closed(IOException cause) {
    return ended(
        new LivyClientException(
            "The LivyClient was closed during " + where, cause, !request.idempotent()));
  }

  /**
   * What an attempt that ended without an answer means.
   *
   * @param e how it ended
   * @return what comes next
   * @throws RuntimeException the failure, when the request ends with it
   */
  Step failed(IOException e) {
    try {
      Step next = failedAttempt(e);
      report(0, e, next);
      return next;
    } catch (RuntimeException failure) {
      throw ended(failure);
    }
  }

  /**
   * What an answer means.
   *
   * @param response the answer
   * @param value what a reader read of a successful answer's body, or {@code null}
   * @return what comes next
   * @throws RuntimeException the failure, when the request ends with it
   */
  Step answered(HttpResponse<?> response, Object value) {
    try {
      Step next = answeredAttempt(response, value);
      report(response.statusCode(), null, next);
      return next;
    } catch (RuntimeException failure) {
      report(response.statusCode(), failure, null);
      throw failure;
    }
  }

  /**
   * What a successful answer whose body the reader could not read means (empty, malformed, not
   * what the request reads): for an idempotent request, the same as an answer lost on the way,
   * so it is read again within the attempts and the deadline, and the caller gets the reader's
   * failure, naming the request and how often it was read, only when they are used up. A
   * request that is not idempotent is never sent again: the caller gets the reader's failure as
   * it is, and looks at what the server did.
   *
   * @param response the answer
   * @param e the reader's failure
   * @return what comes next
   * @throws RuntimeException the failure, when the request ends with it
   */
  Step unreadable(HttpResponse<?> response, RuntimeException e) {
    int status = response.statusCode();
    try {
      if (!request.idempotent()) {
        throw e;
      }
      Optional<RetryPolicy.Retry> retry =
          pipeline.retry().afterLoss(RetryPolicy.Loss.UNREADABLE, true, attempts);
      if (retry.isEmpty()) {
        throw new LivyClientException(
            where
                + " answered "
                + status
                + " with a body that could not be read, "
                + (sent == 1 ? "once" : sent + " times")
                + ": "
                + e.getMessage(),
            e,
            false);
      }
      LOG.debug("{} answered {} with a body that could not be read: {}", where, status, e);
      LivyException failure =
          e instanceof LivyException l ? l : new LivyClientException(e.toString(), e, false);
      Step next = retryOrThrow(retry, failure);
      report(status, e, next);
      return next;
    } catch (RuntimeException failure) {
      report(status, failure, null);
      throw failure;
    }
  }

  private Step failedAttempt(IOException e) {
    RetryPolicy policy = pipeline.retry();
    boolean idempotent = request.idempotent();
    if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
      // the request never reached the server: safe to repeat whatever it is
      return retryOrThrow(
          policy.afterLoss(RetryPolicy.Loss.NOT_CONNECTED, idempotent, attempts),
          ErrorMapper.notConnected(where, e));
    }
    LivyClientException failure;
    if (e instanceof HttpTimeoutException) {
      if (timeout.compareTo(pipeline.requestTimeout()) < 0) {
        throw new DeadlineExceededException(
            "No answer for " + where + " before the wait's" + " deadline", !idempotent);
      }
      failure = ErrorMapper.noAnswer(where, pipeline.requestTimeout(), e, idempotent);
    } else {
      failure = ErrorMapper.lost(where, e, idempotent);
    }
    return retryOrThrow(policy.afterLoss(RetryPolicy.Loss.SENT, idempotent, attempts), failure);
  }

  private Step answeredAttempt(HttpResponse<?> response, Object value) {
    int status = response.statusCode();
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} -> {} ({} ms, attempt {})",
          where,
          status,
          observed.elapsed().toMillis(),
          attempts.attempt());
    }
    if (status < 400) {
      return Step.done(
          value != null
              ? value
              : new BackendResponse(status, response.headers(), ErrorMapper.body(response)));
    }
    if (status == 401 && grant.canRefresh()) {
      LOG.debug("{} answered 401; refreshing the token once and replaying", where);
      grant.refresh();
      return new Step(
          null,
          Duration.ZERO,
          new LivyClientException(
              "Interrupted before " + where + " was replayed with a new token", null, false),
          false);
    }
    Throttling.Verdict verdict = pipeline.throttling().read(status, ErrorMapper.bodyText(response));
    Duration retryAfter =
        RetryAfter.of(response, pipeline.clock())
            .or(() -> verdict.retryAt().map(at -> RetryAfter.until(at, pipeline.clock())))
            .orElse(null);
    ErrorMapper.Kind kind =
        verdict.noCapacity()
            ? ErrorMapper.Kind.NO_CAPACITY
            : verdict.retryAt().isPresent() ? ErrorMapper.Kind.THROTTLED : ErrorMapper.Kind.PLAIN;
    LivyServiceException failure =
        ErrorMapper.answer(request, response, where, grant.sent(), kind, retryAfter);
    if (verdict.noCapacity()) {
      // turned away, not queued: safe to try any request again, if the caller chose to wait
      Optional<RetryPolicy.Retry> retry = pipeline.retry().afterNoCapacity(attempts);
      if (retry.isEmpty()) {
        throw failure;
      }
      Duration delay = retry.get().delay();
      LOG.debug("{} found no capacity; trying again in {} s", where, delay.toSeconds());
      attempts = retry.get().next();
      return pause(delay, failure);
    }
    return retryOrThrow(
        pipeline
            .retry()
            .afterStatus(
                status,
                request.idempotent(),
                kind == ErrorMapper.Kind.THROTTLED,
                retryAfter,
                attempts),
        failure);
  }

  private Step retryOrThrow(Optional<RetryPolicy.Retry> retry, LivyException failure) {
    if (retry.isEmpty()) {
      throw failure;
    }
    RetryPolicy.Retry r = retry.get();
    LOG.debug(
        "{} failed ({}); attempt {} of {} in {} ms",
        where,
        failure.getMessage(),
        r.next().attempt(),
        pipeline.retry().options().maxAttempts(),
        r.delay().toMillis());
    attempts = r.next();
    return pause(r.delay(), failure);
  }

  /**
   * The pause before the next attempt, or to the deadline when that comes first; a wait the
   * server asked for that ends past the deadline is not taken: the refusal naming it ends the
   * request at once (see {@link ServerWait}).
   */
  private Step pause(Duration delay, LivyException failure) {
    if (deadline.isPresent()) {
      Duration left = Duration.between(pipeline.clock().instant(), deadline.get());
      if (failure instanceof LivyServiceException refused
          && ServerWait.pastDeadline(refused.retryAfter().orElse(null), left)) {
        throw ServerWait.refusal(refused, left);
      }
      if (delay.compareTo(left) >= 0) {
        // the next attempt would come after the deadline: wait out the deadline, then stop
        DeadlineExceededException e =
            new DeadlineExceededException(
                "The wait's deadline" + " passed while waiting to retry: " + failure.getMessage(),
                false);
        Failures.suppress(e, failure);
        return new Step(null, left.isNegative() ? Duration.ZERO : left, e, true);
      }
    }
    return new Step(null, delay, failure, false);
  }
}
