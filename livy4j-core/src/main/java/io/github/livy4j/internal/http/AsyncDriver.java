package io.github.livy4j.internal.http;

import io.github.livy4j.internal.Failures;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.Transport.BodyReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Sends a request without a thread held while it is in flight or between attempts: each
 * answer is handled, and each pause taken, on the runner. A successful answer's body that a
 * reader reads as a stream is read on one of the runner's workers, within the attempt's
 * timeout, before its connection counts as free again.
 */
final class AsyncDriver {
  private final HttpClient http;
  private final Pipeline pipeline;
  private final InFlightCalls calls;
  private final Permits permits;
  private final Supplier<? extends AsyncRunner> runner;

  /**
   * Creates the driver.
   *
   * @param http the JDK client
   * @param pipeline the shared decisions
   * @param calls the attempts in flight
   * @param permits the connections free
   * @param runner where answers are handled and pauses taken
   */
  AsyncDriver(
      HttpClient http,
      Pipeline pipeline,
      InFlightCalls calls,
      Permits permits,
      Supplier<? extends AsyncRunner> runner) {
    this.http = http;
    this.pipeline = pipeline;
    this.calls = calls;
    this.permits = permits;
    this.runner = runner;
  }

  /**
   * Sends the request until it is answered.
   *
   * @param request the request
   * @param reader reads a successful answer's body as it arrives, or {@code null} to read it
   *     whole into a {@code BackendResponse}
   * @param result completed with the answer, or what the reader read
   * @param scope the call's deadline and operation
   */
  void run(
      BackendRequest request,
      BodyReader<?> reader,
      CompletableFuture<Object> result,
      CallScope scope) {
    attempt(new Exchange(pipeline, request, scope), reader, result);
  }

  /** One attempt, once a connection is free. */
  private void attempt(Exchange x, BodyReader<?> reader, CompletableFuture<Object> result) {
    permits
        .acquire()
        .thenRun(
            () -> {
              InFlightCalls.Call call = null;
              CompletableFuture<HttpResponse<Object>> answer;
              try {
                calls.checkOpen(x.where());
                HttpRequest request = x.nextRequest();
                call = calls.open(null, x.timeout());
                CompletableFuture<HttpResponse<Object>> sent;
                try (ObserverScope s = x.sending()) {
                  sent =
                      http.sendAsync(
                          request, reader == null ? StreamedBody.WHOLE : StreamedBody.STREAMED);
                }
                answer = new CompletableFuture<>();
                sent.whenComplete(
                    (r, e) -> {
                      if (e == null) {
                        answer.complete(r);
                      } else {
                        answer.completeExceptionally(
                            e instanceof CompletionException && e.getCause() != null
                                ? e.getCause()
                                : e);
                      }
                    });
                call.awaiting(answer, sent);
              } catch (RuntimeException e) {
                if (call != null) {
                  call.end();
                }
                permits.release();
                result.completeExceptionally(x.ended(e));
                return;
              }
              InFlightCalls.Call started = call;
              answer.whenComplete(
                  (response, error) -> {
                    if (error == null && response.body() instanceof InputStream) {
                      handOn(x.resuming(() -> readBody(x, reader, result, started, response)));
                      return;
                    }
                    started.end();
                    permits.release();
                    handOn(x.resuming(() -> answered(x, reader, result, response, null, error)));
                  });
            });
  }

  /** Runs a task on the runner, or here when the runner takes no more. */
  private void handOn(Runnable task) {
    try {
      runner.get().execute(task);
    } catch (RuntimeException e) {
      task.run();
    }
  }

  /** Reads a streamed body, then frees the connection and goes on with what was read. */
  private void readBody(
      Exchange x,
      BodyReader<?> reader,
      CompletableFuture<Object> result,
      InFlightCalls.Call call,
      HttpResponse<Object> response) {
    Object value = null;
    Throwable failure = null;
    RuntimeException unreadable = null;
    try {
      value = StreamedBody.read(response, call, reader);
    } catch (IOException e) {
      failure = call.failure(e);
    } catch (RuntimeException e) {
      unreadable = e;
    } finally {
      call.end();
      permits.release();
    }
    if (unreadable == null) {
      answered(x, reader, result, response, value, failure);
      return;
    }
    Exchange.Step step;
    try {
      step = x.unreadable(response, unreadable);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    next(x, reader, result, step);
  }

  /** Goes on after an attempt: the answer, a retry, or the failure. */
  private void answered(
      Exchange x,
      BodyReader<?> reader,
      CompletableFuture<Object> result,
      HttpResponse<?> response,
      Object value,
      Throwable error) {
    Exchange.Step step;
    try {
      if (error == null) {
        step = x.answered(response, value);
      } else if (calls.closed() && error instanceof IOException io) {
        result.completeExceptionally(x.closed(io));
        return;
      } else if (error instanceof IOException io) {
        step = x.failed(io);
      } else {
        result.completeExceptionally(x.ended(error));
        return;
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(x.ended(e));
      return;
    }
    next(x, reader, result, step);
  }

  /** The answer, or the pause and then the next attempt (or the failure). */
  private void next(
      Exchange x, BodyReader<?> reader, CompletableFuture<Object> result, Exchange.Step step) {
    if (step.response() != null) {
      result.complete(step.response() == StreamedBody.NULL ? null : step.response());
      return;
    }
    Runnable then =
        step.thenFail()
            ? () -> result.completeExceptionally(step.failure())
            : () -> {
              try {
                attempt(x, reader, result);
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            };
    if (step.pause().isZero()) {
      then.run();
      return;
    }
    try {
      runner
          .get()
          .schedule(
              x.resuming(then), step.pause(), () -> result.completeExceptionally(step.failure()));
    } catch (RuntimeException e) {
      Failures.suppress(step.failure(), e);
      result.completeExceptionally(step.failure());
    }
  }
}
