package io.github.livy4j.internal.client;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.SessionId;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.polling.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions a client owns: each is deleted when its owner is done with it, when the client
 * closes (in parallel, within the close budget) and, if asked, when the JVM shuts down.
 */
final class OwnedSessions {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedSessions.class);
  private static final int MAX_PARALLEL_DELETES = 16;
  private static final Duration CLOSE_SLACK = Duration.ofSeconds(2);

  private final ClientContext ctx;
  private final Set<DefaultLivySession> owned = ConcurrentHashMap.newKeySet();
  private final Object hookLock = new Object();
  private Runnable shutdownHook;

  /**
   * Creates the sessions of one client.
   *
   * @param ctx the client's context
   */
  OwnedSessions(ClientContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Takes a session into ownership, adding the shutdown hook with the first one if asked.
   *
   * @param session the session
   */
  void own(DefaultLivySession session) {
    if (owned.add(session)) {
      ctx.observers.sessionStateChanged(session.id(), null, session.info().state());
    }
    if (ctx.config.shutdownHook()) {
      synchronized (hookLock) {
        if (shutdownHook == null) {
          shutdownHook = ctx.engine().atShutdown(ctx.config.closeTimeout(), this::deleteAtShutdown);
        }
      }
    }
  }

  /**
   * Lets a session go: deleted, or detached.
   *
   * @param session the session
   */
  void release(DefaultLivySession session) {
    if (owned.remove(session)) {
      ctx.observers.sessionStateChanged(session.id(), session.info().state(), null);
    }
  }

  /**
   * @param id a session id
   * @return the owned session of that id, if any
   */
  Optional<DefaultLivySession> find(SessionId id) {
    return owned.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** @return the owned sessions, as they are now */
  List<DefaultLivySession> all() {
    return new ArrayList<>(owned);
  }

  /** @return how many sessions are owned */
  int size() {
    return owned.size();
  }

  /** Removes the shutdown hook: the client closed. */
  void removeShutdownHook() {
    synchronized (hookLock) {
      if (shutdownHook != null) {
        shutdownHook.run();
        shutdownHook = null;
      }
    }
  }

  private void deleteAtShutdown(Duration within) {
    try {
      closeAll(ctx.config.clock().instant().plus(within));
    } catch (LivyException e) {
      LOG.warn("Could not delete every Livy session at shutdown: {}", e.getMessage());
    }
  }

  /**
   * Deletes the owned sessions in parallel within the close budget; throws, naming them, if
   * any could not be deleted.
   */
  void closeAll(Instant deadline) {
    List<DefaultLivySession> sessions = all();
    if (sessions.isEmpty()) {
      return;
    }
    Duration budget = ctx.config.closeTimeout();
    ExecutorService deleters =
        Executors.newFixedThreadPool(
            Math.min(sessions.size(), MAX_PARALLEL_DELETES), Scheduler.threads("livy4j-close-"));
    Map<DefaultLivySession, Future<?>> deletes = new LinkedHashMap<>();
    try {
      for (DefaultLivySession s : sessions) {
        CallScope within = CallScope.until(deadline);
        deletes.put(s, deleters.submit(() -> s.closeByClient(within)));
      }
      deleters.shutdown();
      // the deadline bounds every request; the slack covers the last answer's arrival
      awaitQuietly(
          deleters, Duration.between(ctx.config.clock().instant(), deadline).plus(CLOSE_SLACK));
    } finally {
      deleters.shutdownNow();
      Scheduler.awaitEnd(deleters);
    }
    LivyException failure = null;
    List<String> left = new ArrayList<>();
    boolean unfinished = false;
    for (Map.Entry<DefaultLivySession, Future<?>> e : deletes.entrySet()) {
      Future<?> f = e.getValue();
      if (!f.isDone()) {
        left.add(e.getKey().id().value());
        unfinished = true;
        continue;
      }
      try {
        f.get();
      } catch (ExecutionException ex) {
        left.add(e.getKey().id().value());
        // a delete the budget's deadline cut short ran out of time, as one still running did
        unfinished |= ex.getCause() instanceof DeadlineExceededException;
        if (ex.getCause() instanceof LivyException le) {
          failure = ClientContext.addSuppressed(failure, le);
        }
      } catch (InterruptedException | CancellationException ex) {
        left.add(e.getKey().id().value());
      }
    }
    if (!left.isEmpty()) {
      // why: the budget ran out, or the deletes failed (the server gone, no token, ...)
      String why =
          unfinished || failure == null
              ? " within the close budget of "
                  + budget.toMillis()
                  + " ms (LivyClient.Builder.closeTimeout)"
              : ": " + failure.getMessage();
      LOG.warn(
          "Could not delete Livy session(s) {}{}; they run until the server's idle"
              + " timeout ends them",
          left,
          why);
      LivyClientException e =
          new LivyClientException("Could not delete Livy session(s) " + left + why, null, false);
      if (failure != null) {
        Failures.suppress(e, failure);
      }
      throw e;
    }
  }

  private static void awaitQuietly(ExecutorService pool, Duration timeout) {
    try {
      pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
