package io.github.livy4j.internal.client;

import io.github.livy4j.SessionInfo;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * What a handle knows of its remote session: the last snapshot and when it was read. Observers
 * hear of each new state once; the statements of a session share one view, so that however many
 * run, the session is read once per interval, and by one request at a time.
 */
final class SessionView {
  private final ClientContext ctx;
  private final SessionIdentity identity;

  /** Whether the handle is still owned: only then do observers hear of new states. */
  private final BooleanSupplier live;

  private final Object lock = new Object();
  private volatile SessionInfo info;
  private volatile Instant seenAt;

  /** The session read in flight for {@link #recentState}, if any; guarded by the lock. */
  private CompletableFuture<SessionInfo> reading;

  /**
   * Creates the view.
   *
   * @param ctx the client's context
   * @param identity the session's identity
   * @param first the session's first snapshot
   * @param live whether the handle is still owned
   */
  SessionView(
      ClientContext ctx, SessionIdentity identity, SessionInfo first, BooleanSupplier live) {
    this.ctx = ctx;
    this.identity = identity;
    this.live = live;
    this.info = first;
    this.seenAt = ctx.config.clock().instant();
  }

  /** @return the last snapshot */
  SessionInfo info() {
    return info;
  }

  /**
   * Starts over with a replacement session's first snapshot, read now.
   *
   * @param first the snapshot
   * @param now the moment
   */
  void reset(SessionInfo first, Instant now) {
    info = first;
    seenAt = now;
  }

  /** The session was just seen running (the server accepted a statement): as good as a read. */
  void seenRunning() {
    seenAt = ctx.config.clock().instant();
  }

  /**
   * Takes a new snapshot as the view, telling observers of a new state.
   *
   * @param next the snapshot
   */
  void seen(SessionInfo next) {
    SessionInfo before = info;
    info = next;
    if (before.state() != next.state() && live.getAsBoolean()) {
      ctx.observers.sessionStateChanged(identity.id(), before.state(), next.state());
    }
  }

  /**
   * Reads the whole snapshot.
   *
   * @param call the scope of the read's requests
   * @param async whether to send without blocking
   * @return the snapshot
   */
  CompletableFuture<SessionInfo> refresh(CallScope call, boolean async) {
    CompletableFuture<SessionInfo> read =
        async
            ? ctx.backend.getSessionAsync(ctx.transport(call), identity.id())
            : Futures.call(() -> ctx.backend.getSession(ctx.transport(call), identity.id()));
    return read.thenApply(
        s -> {
          String other = identity.otherSession(s, call);
          if (other != null) {
            throw identity.replaced(other);
          }
          identity.learn(s);
          seen(s);
          seenAt = ctx.config.clock().instant();
          return s;
        });
  }

  /**
   * The session's state as seen at most {@code maxAge} ago, read by one request at a time.
   *
   * @param maxAge how old the view may be
   * @param call the scope of the read's requests
   * @param async whether to send without blocking
   * @return the state
   */
  CompletableFuture<SessionInfo> recentState(Duration maxAge, CallScope call, boolean async) {
    CompletableFuture<SessionInfo> read;
    synchronized (lock) {
      if (Duration.between(seenAt, ctx.config.clock().instant()).compareTo(maxAge) < 0) {
        return CompletableFuture.completedFuture(info);
      }
      if (reading != null && !reading.isDone()) {
        return reading;
      }
      read = new CompletableFuture<>();
      reading = read;
    }
    readState(call, async)
        .whenComplete(
            (seen, e) -> {
              if (e == null) {
                seenAt = ctx.config.clock().instant();
                read.complete(seen);
              } else {
                read.completeExceptionally(Futures.unwrap(e));
              }
            });
    return read;
  }

  /**
   * Reads the session's state: the cheap state call where the backend has one (the whole
   * snapshot once the session has ended, for the log tail of its failure).
   *
   * @param call the scope of the read's requests
   * @param async whether to send without blocking
   * @return the state
   */
  CompletableFuture<SessionInfo> readState(CallScope call, boolean async) {
    if (!ctx.capabilities(call).sessionStateCall()) {
      return refresh(call, async);
    }
    CompletableFuture<SessionInfo> read =
        async
            ? ctx.backend.getSessionStateAsync(ctx.transport(call), identity.id())
            : Futures.call(() -> ctx.backend.getSessionState(ctx.transport(call), identity.id()));
    return read.thenCompose(
        s -> {
          if (s.state().isFinished()) {
            return refresh(call, async);
          }
          SessionInfo prev = info;
          if (prev.state() != s.state()) {
            seen(
                SessionInfo.builder(identity.id(), s.rawState())
                    .state(s.state())
                    .name(prev.name().orElse(null))
                    .kind(prev.kind().orElse(null))
                    .appId(prev.appId().orElse(null))
                    .build());
          }
          return CompletableFuture.completedFuture(s);
        });
  }
}
