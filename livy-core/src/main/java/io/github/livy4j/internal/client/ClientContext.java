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
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
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
  private volatile Scheduler scheduler;
  private volatile BackendCapabilities capabilities;
  private volatile boolean closed;
  private final ExecutorService httpExecutor;
  private final HttpClient ownHttp;

  ClientContext(ClientConfig config, DoubleSupplier random) {
    this.config = config;
    this.backend = config.backend();
    this.random = random;
    if (config.httpClient() != null) {
      this.httpExecutor = null;
      this.ownHttp = null;
    } else {
      // the client's own few threads, so that none of them outlives close(): requests in
      // flight hold none, the JDK client only hands them its short tasks
      this.httpExecutor = Scheduler.pool(Scheduler.CALLBACKS, "livy4j-http-");
      this.ownHttp =
          HttpClient.newBuilder()
              .connectTimeout(config.connectTimeout())
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(httpExecutor)
              .build();
    }
    HttpClient http = config.httpClient() != null ? config.httpClient() : ownHttp;
    this.observers =
        config.observers().isEmpty()
            ? Observers.NONE
            : new Observers(config.observers(), backend.kind(), config.observeCodeText());
    this.http =
        new HttpTransport(
            TransportOptions.builder(http, this::scheduler)
                .requestTimeout(config.requestTimeout())
                .userAgent(userAgent(config))
                .tokens(config.tokens())
                .retry(config.retry())
                .clock(config.clock())
                .sleeper(config.sleeper())
                .random(random)
                .refusePlainHttpCredentials(config.refusePlainHttpCredentials())
                .maxConnections(config.maxConnections())
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
    BackendCapabilities c = capabilities;
    if (c == null) {
      synchronized (lock) {
        c = capabilities;
        if (c == null) {
          c = backend.capabilities(transport(call));
          capabilities = c;
        }
      }
    }
    return c;
  }

  DefaultPoller.Timing timing() {
    return new DefaultPoller.Timing(config.clock(), config.sleeper(), random, scheduler());
  }

  Scheduler scheduler() {
    Scheduler s = scheduler;
    if (s == null) {
      synchronized (lock) {
        ensureOpen();
        s = scheduler;
        if (s == null) {
          s = new Scheduler(config.sleeper());
          scheduler = s;
        }
      }
    }
    return s;
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

  void shutdownThreads() {
    Scheduler s;
    synchronized (lock) {
      s = scheduler;
    }
    if (s != null) {
      s.close();
    }
    http.close();
    if (httpExecutor != null) {
      httpExecutor.shutdownNow();
      Scheduler.awaitEnd(httpExecutor);
    }
    // Java 21's HttpClient can be shut down, which ends its selector thread too (without
    // waiting for requests still in flight); on 17 that thread ends when the client is collected
    if (ownHttp != null) {
      try {
        HttpClient.class.getMethod("shutdownNow").invoke(ownHttp);
      } catch (NoSuchMethodException e) {
        // Java 17
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.debug("Shutting down the HTTP client failed: {}", e.toString());
      }
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
