package io.github.livy4j.internal.client;

import io.github.livy4j.LivyException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.HttpTransport;
import io.github.livy4j.internal.http.TransportOptions;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.internal.polling.DefaultPoller;
import io.github.livy4j.internal.polling.Scheduler;
import io.github.livy4j.spi.BackendCapabilities;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a client's sessions and pollers share. */
final class ClientContext {
  private static final Logger LOG = LoggerFactory.getLogger(ClientContext.class);
  static final String VERSION = readVersion();

  final ClientConfig config;
  final LivyBackend backend;
  private final HttpTransport http;
  final Observers observers;
  final DoubleSupplier random;
  private final Object lock = new Object();
  private final EngineCore engine;
  private final boolean ownEngine;
  private final CapabilitiesRead capabilities;
  private volatile boolean closed;

  ClientContext(ClientConfig config, DoubleSupplier random) {
    this.config = config;
    this.backend = config.backend();
    this.random = random;
    this.capabilities = new CapabilitiesRead(config.clock());
    this.ownEngine = config.engine() == null;
    // a client of its own makes its own engine, and closes it with itself
    this.engine =
        ownEngine
            ? new EngineCore(
                config.connectTimeout(),
                config.httpClient(),
                config.maxConnections(),
                config.sleeper())
            : config.engine();
    this.observers =
        config.observers().isEmpty()
            ? Observers.NONE
            : new Observers(config.observers(), backend.kind(), config.observeCodeText());
    this.http =
        new HttpTransport(
            TransportOptions.builder(engine.http(), this::scheduler)
                .requestTimeout(config.requestTimeout())
                .userAgent(userAgent(config))
                .tokens(config.tokens())
                .retry(config.retry())
                .clock(config.clock())
                .sleeper(config.sleeper())
                .random(random)
                .refusePlainHttpCredentials(config.refusePlainHttpCredentials())
                .permits(engine.permits())
                .watchdog(engine.watchdog())
                .observers(observers)
                .throttling(backend.throttling())
                .build());
  }

  ClientContext(ClientConfig config) {
    this(config, () -> ThreadLocalRandom.current().nextDouble());
  }

  private static String userAgent(ClientConfig config) {
    String ua =
        "livy4j/"
            + VERSION
            + " (Java "
            + Runtime.version().feature()
            + "; "
            + System.getProperty("os.name", "unknown")
            + ")";
    return config.applicationId() == null ? ua : ua + " " + config.applicationId();
  }

  private static String readVersion() {
    try (InputStream in = ClientContext.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /**
   * The transport as one call sees it: each request carries the call's deadline and belongs to
   * its operation.
   *
   * @param call the call's deadline and operation
   * @return the transport for the call
   */
  Transport transport(CallScope call) {
    return http.in(call);
  }

  /**
   * Runs a one-request operation of the user's, observed.
   *
   * @param name the operation
   * @param session its session, or {@code null}
   * @param work the work, given the call's scope
   * @return what the work returns
   */
  <T> T observed(String name, io.github.livy4j.SessionId session, Function<CallScope, T> work) {
    return observed(observers.start(name, session, null), work);
  }

  /**
   * Runs the work of an operation on the calling thread and ends the operation with it.
   *
   * @param op the operation
   * @param work the work, given the operation's scope
   * @return what the work returns
   */
  static <T> T observed(ObservedOperation op, Function<CallScope, T> work) {
    try {
      T result = work.apply(CallScope.of(op));
      op.end(null);
      return result;
    } catch (RuntimeException | Error e) {
      op.end(e);
      throw e;
    }
  }

  /**
   * Runs work for an operation that goes on after it (a poller takes it over): the operation
   * ends here only if the work fails.
   *
   * @param op the operation
   * @param work the work, given the operation's scope
   * @return what the work returns
   */
  static <T> T begun(ObservedOperation op, Function<CallScope, T> work) {
    try {
      return work.apply(CallScope.of(op));
    } catch (RuntimeException | Error e) {
      op.end(e);
      throw e;
    }
  }

  /**
   * What the backend can do, read from the server by the first call that needs it.
   *
   * @param call the scope of that first call, whose deadline the read counts against
   * @return the capabilities
   */
  BackendCapabilities capabilities(CallScope call) {
    return capabilities.get(call, c -> backend.capabilities(transport(c)));
  }

  /**
   * What the backend can do, if a call read it already; never sends a request.
   *
   * @return the capabilities, or empty if not read yet
   */
  Optional<BackendCapabilities> knownCapabilities() {
    return capabilities.known();
  }

  /**
   * What the backend can do, without a thread held while it is read: known at once after the
   * first read; the first read (a request the backend makes blocking) runs on the pool for
   * blocking calls, and the calls that need it meanwhile wait for it holding none.
   *
   * @param call the scope of the call that needs them, whose deadline a first read counts
   *     against
   * @return the capabilities, when they are known
   */
  CompletableFuture<BackendCapabilities> capabilitiesAsync(CallScope call) {
    return capabilities.getAsync(() -> supply(() -> backend.capabilities(transport(call))));
  }

  /**
   * Runs work that may block on the client's pool for blocking calls; the future fails as the
   * blocking call would, and with {@code IllegalStateException: this LivyClient is closed} once
   * the client is closed.
   *
   * @param work the work
   * @param <T> its result
   * @return the future result
   */
  <T> CompletableFuture<T> supply(Supplier<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      ensureOpen();
      scheduler()
          .executeBlocking(
              () -> {
                try {
                  f.complete(work.get());
                } catch (RuntimeException | Error e) {
                  f.completeExceptionally(e);
                }
              });
    } catch (RejectedExecutionException e) {
      // closed meanwhile: said as the blocking call says it
      IllegalStateException closed = new IllegalStateException("this LivyClient is closed");
      closed.addSuppressed(e);
      f.completeExceptionally(closed);
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /**
   * Runs the blocking work of an operation started on the caller's thread on the client's pool
   * for blocking calls, and completes the caller's future with the operation's observers' scopes
   * open (see {@link #complete}). The operation is ended with the failure if the work fails, or
   * cannot run because the client is closed; the work ends it otherwise (or hands it on to a
   * poller).
   *
   * @param op the operation
   * @param work the work
   * @param <T> its result
   * @return the future result
   */
  <T> CompletableFuture<T> supply(ObservedOperation op, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    supply(work)
        .whenComplete(
            (v, e) -> {
              Throwable failure = e == null ? null : Futures.unwrap(e);
              if (failure != null) {
                op.end(failure);
              }
              complete(result, v, failure, op);
            });
    return result;
  }

  /**
   * Completes a future handed to the caller on the threads that complete callers' futures, with
   * the operation's observers' scopes open, so that the caller's dependent actions see what the
   * observers set up for it (its trace context, the caller's MDC); once the client is closed, on
   * this thread, the scopes open all the same.
   *
   * @param future the caller's future
   * @param value the result, if {@code failure} is {@code null}
   * @param failure the failure, or {@code null}
   * @param op the operation the future is the result of
   * @param <T> the result type
   */
  <T> void complete(CompletableFuture<T> future, T value, Throwable failure, ObservedOperation op) {
    Scheduler scheduler;
    try {
      scheduler = scheduler();
    } catch (IllegalStateException closed) {
      op.resuming(
              () -> {
                if (failure == null) {
                  future.complete(value);
                } else {
                  future.completeExceptionally(failure);
                }
              })
          .run();
      return;
    }
    scheduler.complete(future, value, failure, op);
  }

  DefaultPoller.Timing timing() {
    return new DefaultPoller.Timing(config.clock(), config.sleeper(), random, scheduler());
  }

  Scheduler scheduler() {
    ensureOpen();
    return engine.scheduler();
  }

  /** @return the engine the client runs on, its own or shared */
  EngineCore engine() {
    return engine;
  }

  boolean isClosed() {
    return closed;
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this LivyClient is closed");
    }
  }

  boolean markClosed() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  /** Ends the client's requests in flight, and the engine's threads if it is the client's own. */
  void shutdownThreads() {
    http.close();
    if (ownEngine) {
      engine.close();
    }
  }

  static LivyException addSuppressed(LivyException first, LivyException next) {
    if (first == null) {
      return next;
    }
    Failures.suppress(first, next);
    return first;
  }
}
