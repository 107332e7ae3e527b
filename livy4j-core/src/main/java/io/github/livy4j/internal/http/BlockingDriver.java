package io.github.livy4j.internal.http;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.Transport.BodyReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Sends a request on the calling thread until it is answered, pausing between attempts with
 * the sleeper. Each attempt uses the JDK's blocking send: its asynchronous send would complete
 * on another thread, which on a machine of two cores is a new thread per request.
 */
final class BlockingDriver {
  private final HttpClient http;
  private final Pipeline pipeline;
  private final InFlightCalls calls;
  private final Permits permits;
  private final Sleeper sleeper;

  /**
   * Creates the driver.
   *
   * @param http the JDK client
   * @param pipeline the shared decisions
   * @param calls the attempts in flight
   * @param permits the connections free
   * @param sleeper the sleeper between attempts
   */
  BlockingDriver(
      HttpClient http, Pipeline pipeline, InFlightCalls calls, Permits permits, Sleeper sleeper) {
    this.http = http;
    this.pipeline = pipeline;
    this.calls = calls;
    this.permits = permits;
    this.sleeper = sleeper;
  }

  /**
   * Sends the request until it is answered.
   *
   * @param request the request
   * @param reader reads a successful answer's body as it arrives, or {@code null} to read it
   *     whole into a {@code BackendResponse}
   * @param scope the call's deadline and operation
   * @param <T> what the reader reads
   * @return the answer, or what the reader read
   */
  @SuppressWarnings("unchecked")
  <T> T run(BackendRequest request, BodyReader<T> reader, CallScope scope) {
    Exchange x = new Exchange(pipeline, request, scope);
    while (true) {
      Exchange.Step step;
      boolean held = false;
      try {
        held = permits.acquire(x.timeLeft());
        if (!held) {
          throw new DeadlineExceededException(
              "No connection was free for " + x.where() + " before the wait's deadline", false);
        }
        Answer answer = attempt(x, reader);
        permits.release();
        held = false;
        step =
            answer.unreadable() != null
                ? x.unreadable(answer.response(), answer.unreadable())
                : x.answered(answer.response(), answer.value());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw x.ended(
            new LivyClientException(
                "Interrupted during " + x.where(), e, held && !request.idempotent()));
      } catch (IOException e) {
        if (calls.closed()) {
          throw x.closed(e);
        }
        step = x.failed(e);
      } catch (RuntimeException e) {
        throw x.ended(e);
      } finally {
        if (held) {
          permits.release();
        }
      }
      if (step.response() != null) {
        return step.response() == StreamedBody.NULL ? null : (T) step.response();
      }
      try {
        if (!step.pause().isZero()) {
          sleeper.sleep(step.pause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Failures.suppress(step.failure(), e);
        throw step.failure();
      }
      if (step.thenFail()) {
        throw step.failure();
      }
    }
  }

  /**
   * An answer: a {@code BackendResponse} is made of it unless its body was read into a value.
   *
   * @param response the answer, with its body as bytes unless it was read
   * @param value what a reader read of a successful answer's body, or {@code null}
   * @param unreadable why the reader could not read a successful answer's body, or {@code null}
   */
  private record Answer(HttpResponse<?> response, Object value, RuntimeException unreadable) {}

  /**
   * One attempt on the calling thread, which the attempt's timeout or the transport's close
   * ends by interrupting the thread (and closing the body being read).
   */
  private Answer attempt(Exchange x, BodyReader<?> reader)
      throws IOException, InterruptedException {
    calls.checkOpen(x.where());
    HttpRequest request = x.nextRequest();
    InFlightCalls.Call call = calls.open(Thread.currentThread(), x.timeout());
    try {
      if (calls.closed()) {
        throw InFlightCalls.closedFailure();
      }
      if (reader == null) {
        try (ObserverScope s = x.sending()) {
          return new Answer(http.send(request, StreamedBody.WHOLE), null, null);
        }
      }
      HttpResponse<Object> response;
      try (ObserverScope s = x.sending()) {
        response = http.send(request, StreamedBody.STREAMED);
      }
      try {
        return new Answer(response, StreamedBody.read(response, call, reader), null);
      } catch (RuntimeException unreadable) {
        return new Answer(response, null, unreadable);
      }
    } catch (InterruptedException e) {
      switch (call.end()) {
        case CLOSED:
          throw new IOException("the LivyClient was closed", e);
        case EXPIRED:
          throw call.incomplete();
        default:
          throw e;
      }
    } catch (IOException e) {
      // a body read on this thread ends with an IOException when the thread is interrupted
      throw call.failure(e);
    } finally {
      if (call.end() != InFlightCalls.Call.Cut.NONE) {
        Thread.interrupted(); // the cut came after the answer: not the caller's interrupt
      }
    }
  }
}
