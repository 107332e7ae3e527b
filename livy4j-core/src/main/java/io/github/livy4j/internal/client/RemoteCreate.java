package io.github.livy4j.internal.client;

import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.internal.http.ServerWait;
import io.github.livy4j.spi.BackendCapabilities;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.SessionField;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates sessions and batches, which are not idempotent: a create whose answer may have been
 * lost is looked for by its unique name before it is sent again, and never sent again where it
 * cannot be looked for; one that the call's deadline cut short is looked for and deleted off the
 * caller's thread.
 */
final class RemoteCreate {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteCreate.class);

  private final ClientContext ctx;
  private final Cleanups cleanups;

  /**
   * Creates the creates of one client.
   *
   * @param ctx the client's context
   * @param cleanups where a lost create's clean-up runs
   */
  RemoteCreate(ClientContext ctx, Cleanups cleanups) {
    this.ctx = ctx;
    this.cleanups = cleanups;
  }

  /**
   * Creates a session.
   *
   * @param spec the spec
   * @param name its unique name
   * @param call the scope of the call that creates it
   * @return its first snapshot
   */
  SessionInfo session(SessionSpec spec, String name, CallScope call) {
    // a REPL acquired in a shared session cannot be found by name: a lost answer is final
    boolean findable = spec.sharedSessionTag().isEmpty();
    return createOnce(
        "session",
        name,
        call,
        c -> ctx.backend.createSession(ctx.transport(c), spec, name),
        findable ? c -> ctx.backend.listSessions(ctx.transport(c)) : null,
        findable ? (c, id) -> ctx.backend.deleteSession(ctx.transport(c), id) : null);
  }

  /**
   * Creates a session without a thread held while the create is in flight: the request is
   * sent asynchronously; the rare paths after a failure (looking for a create whose answer was
   * lost, trying again after a pause) go on with the blocking logic on the client's pool for
   * blocking calls. A REPL in a shared session, which takes several requests, is acquired there
   * too.
   *
   * @param spec the spec, its fields checked
   * @param name its unique name
   * @param call the scope of the call that creates it
   * @return its first snapshot, when it comes
   */
  CompletableFuture<SessionInfo> sessionAsync(SessionSpec spec, String name, CallScope call) {
    if (spec.sharedSessionTag().isPresent()) {
      return ctx.supply(() -> session(spec, name, call));
    }
    Instant started = ctx.config.clock().instant();
    CompletableFuture<SessionInfo> sent;
    try {
      sent = ctx.backend.createSessionAsync(ctx.transport(call), spec, name);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle(
            (first, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(first);
              }
              Throwable t = Futures.unwrap(e);
              if (!(t instanceof RuntimeException failure)) {
                return CompletableFuture.<SessionInfo>failedFuture(t);
              }
              return ctx.supply(
                  () ->
                      createOnce(
                          "session",
                          name,
                          call,
                          c -> ctx.backend.createSession(ctx.transport(c), spec, name),
                          c -> ctx.backend.listSessions(ctx.transport(c)),
                          (c, id) -> ctx.backend.deleteSession(ctx.transport(c), id),
                          failure,
                          started));
            })
        .thenCompose(f -> f);
  }

  /**
   * Submits a batch.
   *
   * @param spec the spec
   * @param name its unique name
   * @param call the scope of the call that creates it
   * @return its first snapshot
   */
  SessionInfo batch(BatchSpec spec, String name, CallScope call) {
    return createOnce(
        "batch",
        name,
        call,
        c -> ctx.backend.submitBatch(ctx.transport(c), spec, name),
        c -> ctx.backend.listBatches(ctx.transport(c)),
        (c, id) -> ctx.backend.deleteBatch(ctx.transport(c), BatchId.of(id.value())));
  }

  /**
   * Runs a non-idempotent create; when its answer may have been lost, looks for what it
   * created by the unique name before trying again; without {@code list} it never repeats a
   * create that may have acted.
   */
  private SessionInfo createOnce(
      String what,
      String name,
      CallScope call,
      Function<CallScope, SessionInfo> create,
      Function<CallScope, List<SessionInfo>> list,
      BiConsumer<CallScope, SessionId> delete) {
    return createOnce(what, name, call, create, list, delete, null, ctx.config.clock().instant());
  }

  /**
   * {@link #createOnce}, its first attempt already made when {@code firstFailure} is given:
   * what follows is decided from that failure.
   */
  private SessionInfo createOnce(
      String what,
      String name,
      CallScope call,
      Function<CallScope, SessionInfo> create,
      Function<CallScope, List<SessionInfo>> list,
      BiConsumer<CallScope, SessionId> delete,
      RuntimeException firstFailure,
      Instant started) {
    int attempts = ctx.config.retry().maxAttempts();
    int notFound = 0;
    RuntimeException made = firstFailure;
    for (int attempt = 1; ; attempt++) {
      try {
        if (made != null) {
          RuntimeException first = made;
          made = null;
          throw first;
        }
        return create.apply(call);
      } catch (DeadlineExceededException e) {
        if (e.outcomeUnknown()) {
          deleteLaterIfCreated(what, name, list, delete);
        }
        throw e;
      } catch (RuntimeException e) {
        if (transientNotFound(e, started)) {
          // the service does not know the lakehouse yet: nothing was created, ask again
          LOG.debug(
              "Creating {} '{}' answered 404 within the grace period; trying again", what, name);
          pause(++notFound, e, call);
          attempt--;
          continue;
        }
        if (!mayHaveActed(e) || list == null) {
          throw e;
        }
        Optional<SessionInfo> found;
        try {
          found =
              list.apply(call).stream()
                  .filter(s -> s.name().filter(name::equals).isPresent())
                  .filter(s -> !s.state().isFailed())
                  .findFirst();
        } catch (DeadlineExceededException lookup) {
          // the call's deadline passed while looking: the create may have acted
          Failures.suppress(lookup, e);
          deleteLaterIfCreated(what, name, list, delete);
          throw lookup;
        } catch (LivyException lookup) {
          Failures.suppress(e, lookup);
          throw e;
        }
        if (found.isPresent()) {
          LOG.debug(
              "The answer to creating {} '{}' was lost; found it as {}",
              what,
              name,
              found.get().id());
          return found.get();
        }
        if (attempt >= attempts) {
          throw e;
        }
        LOG.debug(
            "Creating {} '{}' failed before the server acted ({}); trying again",
            what,
            name,
            e.getMessage());
        pause(attempt, e, call);
      }
    }
  }

  /**
   * The call's deadline cut a create's answer short: what the server may have created is looked
   * for by its name and deleted, off the caller's thread. Without a way to list or delete, there
   * is nothing to look for.
   */
  private void deleteLaterIfCreated(
      String what,
      String name,
      Function<CallScope, List<SessionInfo>> list,
      BiConsumer<CallScope, SessionId> delete) {
    if (list != null && delete != null) {
      cleanups.run(what + " '" + name + "'", c -> deleteCreated(what, name, c, list, delete));
    }
  }

  /** Deletes what a create whose answer was lost made, if the server lists it by its name. */
  private void deleteCreated(
      String what,
      String name,
      CallScope call,
      Function<CallScope, List<SessionInfo>> list,
      BiConsumer<CallScope, SessionId> delete) {
    for (SessionInfo s : list.apply(call)) {
      if (s.name().filter(name::equals).isPresent()) {
        delete.accept(call, s.id());
        LOG.info(
            "Deleted {} {} ('{}'), whose create's answer came after the call's deadline",
            what,
            s.id(),
            name);
      }
    }
  }

  /**
   * Whether a create was refused with a 404 while the backend's grace period for transient
   * 404s runs (Fabric, right after a lakehouse is provisioned): a 404 created nothing.
   */
  private boolean transientNotFound(RuntimeException e, Instant started) {
    Duration grace = ctx.capabilities(CallScope.NONE).transientNotFound();
    return e instanceof LivyServiceException s
        && s.statusCode() == 404
        && !grace.isZero()
        && Duration.between(started, ctx.config.clock().instant()).compareTo(grace) < 0;
  }

  /**
   * The pause before a create is sent again: the client's backoff, or the wait the server
   * asked for with its refusal ({@code Retry-After}) when that is longer. A wait longer than
   * {@link io.github.livy4j.RetryOptions#maxRetryAfter()} is not taken, and one that ends past
   * the call's deadline ends the call at once with the refusal naming it (see {@link
   * ServerWait}).
   */
  private void pause(int attempt, RuntimeException failure, CallScope call) {
    Duration asked =
        failure instanceof LivyServiceException refused ? refused.retryAfter().orElse(null) : null;
    if (asked != null && asked.compareTo(ctx.config.retry().maxRetryAfter()) > 0) {
      throw failure;
    }
    Duration delay =
        ServerWait.pause(
            ctx.config.retry().backoff().delay(attempt, ctx.random.getAsDouble()), asked);
    Optional<Instant> deadline = call.end();
    Duration left =
        deadline.map(d -> Duration.between(ctx.config.clock().instant(), d)).orElse(null);
    if (left != null && ServerWait.pastDeadline(asked, left)) {
      throw ServerWait.refusal((LivyServiceException) failure, left);
    }
    if (left != null && left.compareTo(delay) < 0) {
      DeadlineExceededException e =
          new DeadlineExceededException(
              "The call's deadline" + " passed before it could try again: " + failure.getMessage(),
              false);
      Failures.suppress(e, failure);
      throw e;
    }
    try {
      ctx.config.sleeper().sleep(delay);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      Failures.suppress(failure, ie);
      throw failure;
    }
  }

  /**
   * Whether the server may have created something despite the failure: a lost or unreadable
   * answer, a 5xx or 408, or any other failure after the request could have been sent. A
   * refused connection or a definite rejection (4xx) created nothing.
   */
  private static boolean mayHaveActed(RuntimeException e) {
    if (e instanceof LivyServiceException s) {
      return s.statusCode() >= 500 || s.statusCode() == 408;
    }
    if (e instanceof LivyClientException c) {
      return c.outcomeUnknown();
    }
    if (e instanceof LivyException) {
      // only the transport reports an unknown outcome (above); any other failure of ours, such
      // as a token that could not be obtained, came before the request was sent
      return false;
    }
    return !(e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof UnsupportedOperationException);
  }

  /**
   * Refuses, naming them, the fields of a spec the backend does not accept.
   *
   * @param spec the spec
   * @param call the scope of the call, whose deadline a first read of the capabilities counts
   *     against
   * @throws IllegalArgumentException if any is set
   */
  void checkFields(SessionSpec spec, CallScope call) {
    checkFields(spec, ctx.capabilities(call));
  }

  /**
   * Refuses, naming them, the fields of a spec the backend does not accept.
   *
   * @param spec the spec
   * @param caps what the backend can do
   * @throws IllegalArgumentException if any is set
   */
  void checkFields(SessionSpec spec, BackendCapabilities caps) {
    Set<String> rejected = new LinkedHashSet<>();
    check(rejected, caps, SessionField.KIND, spec.kind().isPresent());
    check(rejected, caps, SessionField.PROXY_USER, spec.proxyUser().isPresent());
    check(rejected, caps, SessionField.JARS, !spec.jars().isEmpty());
    check(rejected, caps, SessionField.PY_FILES, !spec.pyFiles().isEmpty());
    check(rejected, caps, SessionField.FILES, !spec.files().isEmpty());
    check(rejected, caps, SessionField.ARCHIVES, !spec.archives().isEmpty());
    check(rejected, caps, SessionField.DRIVER_MEMORY, spec.driverMemory().isPresent());
    check(rejected, caps, SessionField.DRIVER_CORES, spec.driverCores().isPresent());
    check(rejected, caps, SessionField.EXECUTOR_MEMORY, spec.executorMemory().isPresent());
    check(rejected, caps, SessionField.EXECUTOR_CORES, spec.executorCores().isPresent());
    check(rejected, caps, SessionField.NUM_EXECUTORS, spec.numExecutors().isPresent());
    check(rejected, caps, SessionField.QUEUE, spec.queue().isPresent());
    check(rejected, caps, SessionField.HEARTBEAT_TIMEOUT, spec.heartbeatTimeout().isPresent());
    // ttl and idleTimeout are enforced by the client; sent only where the server takes them
    check(rejected, caps, SessionField.TAGS, !spec.tags().isEmpty());
    check(rejected, caps, SessionField.SHARED_SESSION, spec.sharedSessionTag().isPresent());
    if (!rejected.isEmpty()) {
      throw new IllegalArgumentException(
          ctx.backend.description()
              + " does not accept the session field(s) "
              + rejected
              + "; remove them from the SessionSpec");
    }
  }

  private static void check(
      Set<String> rejected, BackendCapabilities caps, SessionField f, boolean set) {
    if (set && !caps.accepts(f)) {
      rejected.add(f.name().toLowerCase(Locale.ROOT));
    }
  }
}
