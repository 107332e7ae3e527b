package io.github.livy4j.internal.http;

import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.BackendResponse;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.Transport;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP pipeline on the JDK {@link HttpClient}: timeouts, user agent, bearer token per
 * request, retries of what is safe to retry, one token refresh and replay on 401, and error
 * answers turned into exceptions. A facade over the drivers that send a request blocking or
 * asynchronously and the decisions they share. Thread-safe.
 */
public final class HttpTransport implements Transport {
  private final Observers observers;
  private final InFlightCalls calls;
  private final BlockingDriver blocking;
  private final AsyncDriver async;

  /**
   * Creates the pipeline.
   *
   * @param options what it sends with, and how
   */
  public HttpTransport(TransportOptions options) {
    this.observers = options.observers();
    this.calls =
        options.watchdog() != null
            ? new InFlightCalls(options.watchdog(), false)
            : new InFlightCalls(new Watchdog(), true);
    Pipeline pipeline =
        new Pipeline(
            options.clock(),
            options.requestTimeout(),
            observers,
            new BearerAuth(options.tokens(), observers),
            new RequestFactory(
                options.userAgent(), new PlainHttpGuard(options.refusePlainHttpCredentials())),
            new RetryPolicy(options.retry(), options.random()),
            options.throttling());
    Permits permits = options.permits();
    this.blocking = new BlockingDriver(options.http(), pipeline, calls, permits, options.sleeper());
    this.async = new AsyncDriver(options.http(), pipeline, calls, permits, options.runner());
  }

  /**
   * This transport for one call: every request sent through the view carries the call's
   * deadline (each request's timeout and each pause between retries is capped by the time
   * left, and past it the request fails with {@link DeadlineExceededException}) and belongs to
   * the call's observed operation.
   *
   * @param scope the call's deadline and operation
   * @return the view, cheap to make
   */
  public Transport in(CallScope scope) {
    return new Scoped(Objects.requireNonNull(scope, "scope"));
  }

  @Override
  public BackendResponse send(BackendRequest request) {
    return read(request, null, CallScope.NONE);
  }

  /**
   * Sends a request and reads a successful answer's body as it arrives, on the calling thread
   * and within the request's timeout; error answers are read whole, as {@link #send} reads
   * them. A body cut off on the way (or not whole in time) fails the attempt as a lost answer
   * does, and an idempotent request is sent again.
   */
  @Override
  public <T> T read(BackendRequest request, BodyReader<T> reader) {
    return read(request, reader, CallScope.NONE);
  }

  @Override
  public CompletableFuture<BackendResponse> sendAsync(BackendRequest request) {
    return start(request, null, CallScope.NONE);
  }

  @Override
  public <T> CompletableFuture<T> readAsync(BackendRequest request, BodyReader<T> reader) {
    return start(request, Objects.requireNonNull(reader, "reader"), CallScope.NONE);
  }

  private <T> T read(BackendRequest request, BodyReader<T> reader, CallScope scope) {
    ObservedOperation own = ownOp(scope);
    if (own == null) {
      return blocking.run(request, reader, scope);
    }
    try {
      T r = blocking.run(request, reader, scope.with(own));
      own.end(null);
      return r;
    } catch (RuntimeException e) {
      own.end(e);
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> start(
      BackendRequest request, BodyReader<?> reader, CallScope scope) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    ObservedOperation own = ownOp(scope);
    if (own != null) {
      result.whenComplete((r, e) -> own.end(e == null ? null : Futures.unwrap(e)));
    }
    try {
      async.run(request, reader, result, own == null ? scope : scope.with(own));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return (CompletableFuture<T>) result;
  }

  /**
   * The operation a request must start for itself: none when nobody observes or the call has
   * one of this client's; else an operation of its own ({@code OTHER}).
   */
  private ObservedOperation ownOp(CallScope scope) {
    if (!observers.active()) {
      return null;
    }
    ObservedOperation current = scope.operation();
    return current != null && current.of(observers)
        ? null
        : observers.start(LivyOperation.OTHER, null, null, current == null);
  }

  /** The transport seen by one call. */
  private final class Scoped implements Transport {
    private final CallScope scope;

    Scoped(CallScope scope) {
      this.scope = scope;
    }

    @Override
    public BackendResponse send(BackendRequest request) {
      return read(request, null);
    }

    @Override
    public <T> T read(BackendRequest request, BodyReader<T> reader) {
      return HttpTransport.this.read(request, reader, scope);
    }

    @Override
    public CompletableFuture<BackendResponse> sendAsync(BackendRequest request) {
      return start(request, null, scope);
    }

    @Override
    public <T> CompletableFuture<T> readAsync(BackendRequest request, BodyReader<T> reader) {
      return start(request, Objects.requireNonNull(reader, "reader"), scope);
    }
  }

  /**
   * Closes the transport: every request in flight fails now, without another attempt, and no
   * request is sent any more.
   */
  public void close() {
    calls.close();
  }
}
