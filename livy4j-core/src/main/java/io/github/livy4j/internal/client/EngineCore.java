package io.github.livy4j.internal.client;

import io.github.livy4j.internal.http.Permits;
import io.github.livy4j.internal.http.Watchdog;
import io.github.livy4j.internal.polling.Scheduler;
import io.github.livy4j.polling.Sleeper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What clients can share: the threads that poll, time and complete futures ({@link Scheduler}),
 * the JDK {@link HttpClient} with its few threads, and the bound on requests in flight. A
 * client that has none of its own makes one for itself and closes it with itself; an engine
 * shared by many clients ({@code LivyEngine}) ends when it is closed, after the clients still
 * open on it. Thread-safe.
 */
public final class EngineCore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineCore.class);

  /** How many clients' sessions are deleted at once at shutdown. */
  private static final int SHUTDOWN_THREADS = 8;

  private final Sleeper sleeper;
  private final Permits permits;
  private final Watchdog watchdog = new Watchdog();
  private final int maxConnections;
  private final ExecutorService httpExecutor;
  private final HttpClient ownHttp;
  private final HttpClient http;
  private final Set<DefaultLivyClient> clients = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final Map<Consumer<Duration>, Duration> atShutdown = new ConcurrentHashMap<>();
  private Scheduler scheduler;
  private Thread shutdownHook;
  private boolean closed;

  /**
   * Creates an engine.
   *
   * @param connectTimeout the connect timeout of the engine's own HTTP client
   * @param httpClient the HTTP client to use instead of one of its own, or {@code null}
   * @param maxConnections how many requests may be in flight at once, across its clients
   * @param sleeper how waits are timed
   */
  public EngineCore(
      Duration connectTimeout, HttpClient httpClient, int maxConnections, Sleeper sleeper) {
    this.sleeper = sleeper;
    this.maxConnections = maxConnections;
    this.permits = new Permits(maxConnections);
    if (httpClient != null) {
      this.httpExecutor = null;
      this.ownHttp = null;
      this.http = httpClient;
    } else {
      // the engine's own few threads, so that none of them outlives close(): requests in
      // flight hold none, the JDK client only hands them its short tasks
      this.httpExecutor = Scheduler.pool(Scheduler.CALLBACKS, "livy4j-http-");
      this.ownHttp =
          HttpClient.newBuilder()
              .connectTimeout(connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(httpExecutor)
              .build();
      this.http = ownHttp;
    }
  }

  /** @return the HTTP client every request is sent with */
  HttpClient http() {
    return http;
  }

  /** @return what ends requests whose time is up, for all the engine's clients */
  Watchdog watchdog() {
    return watchdog;
  }

  /** @return the bound on requests in flight, shared by the engine's clients */
  Permits permits() {
    return permits;
  }

  /** @return how waits are timed */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** @return how many requests may be in flight at once */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * The threads that poll, started with the first wait.
   *
   * @return the scheduler
   * @throws IllegalStateException if the engine is closed
   */
  Scheduler scheduler() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("this LivyClient is closed");
      }
      if (scheduler == null) {
        scheduler = new Scheduler(sleeper);
      }
      return scheduler;
    }
  }

  /**
   * A client starts using the engine.
   *
   * @param client the client
   * @throws IllegalStateException if the engine is closed
   */
  void register(DefaultLivyClient client) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the LivyEngine is closed");
      }
      clients.add(client);
    }
  }

  /**
   * A client is done with the engine.
   *
   * @param client the client
   */
  void unregister(DefaultLivyClient client) {
    clients.remove(client);
  }

  /**
   * Has a client's sessions deleted when the JVM shuts down: the engine adds one shutdown hook
   * for all its clients, which deletes their sessions in parallel within one budget, however
   * many clients there are.
   *
   * @param budget how long the client's deletes may take
   * @param deleteWithin deletes the client's sessions within the time it is given
   * @return takes the task back (the client closed)
   */
  Runnable atShutdown(Duration budget, Consumer<Duration> deleteWithin) {
    synchronized (lock) {
      if (shutdownHook == null) {
        Thread hook = new Thread(this::shutDown, "livy4j-shutdown");
        try {
          Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
          return () -> {}; // already shutting down
        }
        shutdownHook = hook;
      }
      atShutdown.put(deleteWithin, budget);
    }
    return () -> atShutdown.remove(deleteWithin);
  }

  /** The shutdown hook: every client's deletes at once, all by the longest budget. */
  private void shutDown() {
    Map<Consumer<Duration>, Duration> tasks = Map.copyOf(atShutdown);
    if (tasks.isEmpty()) {
      return;
    }
    Duration budget = tasks.values().stream().max(Duration::compareTo).orElseThrow();
    Instant deadline = Instant.now().plus(budget);
    if (tasks.size() == 1) {
      tasks.keySet().iterator().next().accept(budget);
      return;
    }
    ExecutorService deleters =
        Executors.newFixedThreadPool(
            Math.min(tasks.size(), SHUTDOWN_THREADS), Scheduler.threads("livy4j-shutdown-"));
    // a client whose turn comes late has what is left of the one budget
    tasks
        .keySet()
        .forEach(
            task ->
                deleters.execute(
                    () -> {
                      Duration left = Duration.between(Instant.now(), deadline);
                      if (!left.isNegative() && !left.isZero()) {
                        task.accept(left);
                      }
                    }));
    deleters.shutdown();
    try {
      deleters.awaitTermination(budget.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** @return how many clients use the engine */
  public int clients() {
    return clients.size();
  }

  /** @return whether the engine is closed */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Closes the clients still open on the engine (each deletes its sessions), then ends the
   * engine's threads. Idempotent.
   */
  @Override
  public void close() {
    List<DefaultLivyClient> open;
    synchronized (lock) {
      if (closed) {
        return;
      }
      open = new ArrayList<>(clients);
    }
    RuntimeException failure = null;
    for (DefaultLivyClient c : open) {
      try {
        c.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    Scheduler s;
    synchronized (lock) {
      closed = true;
      s = scheduler;
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down and runs the hook itself
        }
        shutdownHook = null;
      }
    }
    if (s != null) {
      s.close();
    }
    watchdog.close();
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
    if (failure != null) {
      throw failure;
    }
  }
}
