package io.github.livy4j.internal.client;

import io.github.livy4j.LivyException;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionState;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.spi.Futures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lifetime tick of a client, started with its first session that has a lifetime: it
 * lets each owned session do what is due (its time to live, idle timeout or keep-alive). When the
 * sleeper waits real time it runs once a second on the client's timer; otherwise each time the
 * sleeper's time moves ({@link io.github.livy4j.polling.Sleeper#waitsRealTime()}).
 */
final class LifetimeTicker {
  private static final Logger LOG = LoggerFactory.getLogger(LifetimeTicker.class);

  /** How often the client looks at its sessions' lifetimes on real time. */
  private static final Duration TICK = Duration.ofSeconds(1);

  private final ClientContext ctx;
  private final OwnedSessions owned;
  private final SessionEvents events;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean ticking = new AtomicBoolean();

  /**
   * Creates the tick of one client.
   *
   * @param ctx the client's context
   * @param owned its sessions
   * @param events who hears of keep-alives
   */
  LifetimeTicker(ClientContext ctx, OwnedSessions owned, SessionEvents events) {
    this.ctx = ctx;
    this.owned = owned;
    this.events = events;
  }

  /** Starts the tick, once. */
  void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    try {
      ctx.scheduler().everyTick(this::tick, TICK, ctx::isClosed); // ends with the client
    } catch (RuntimeException e) {
      // closed: no more ticks
    }
  }

  private void tick() {
    if (ctx.isClosed() || !ticking.compareAndSet(false, true)) {
      return;
    }
    try {
      Instant now = ctx.config.clock().instant();
      for (DefaultLivySession s : owned.all()) {
        try {
          tick(s, now);
        } catch (RuntimeException e) {
          LOG.warn("The lifetime of session {} could not be checked", s.id(), e);
        }
      }
    } finally {
      ticking.set(false);
    }
  }

  /**
   * Does what is due at {@code now}: deletes the session past its time to live or idle timeout,
   * or keeps it alive while it is in use.
   *
   * @param s the session
   * @param now the moment
   */
  private void tick(DefaultLivySession s, Instant now) {
    SessionLifetime lifetime = s.lifetime();
    if (!s.isLive() || !lifetime.ticks(now)) {
      return;
    }
    if (lifetime.ttlPassed(now)) {
      s.expire(SessionExpiredException.Reason.TTL);
      return;
    }
    if (lifetime.idlePassed(now)) {
      // the server has the last word: a statement the client does not follow keeps it busy
      SessionInfo seen;
      try {
        seen =
            ClientContext.observed(
                ctx.observers.start(LivyOperation.SESSION_GET, s.id(), null, true),
                call -> Futures.join(s.view().readState(call, false)));
      } catch (SessionNotFoundException e) {
        s.expire(SessionExpiredException.Reason.IDLE_TIMEOUT);
        return;
      } catch (LivyException e) {
        LOG.debug("Could not read session {} before its idle timeout: {}", s.id(), e.getMessage());
        return; // looked at again on the next tick
      }
      if (seen.state() != SessionState.BUSY) {
        s.expire(SessionExpiredException.Reason.IDLE_TIMEOUT);
        return;
      }
      lifetime.usedBySomeoneElse(now);
    }
    if (ctx.capabilities(CallScope.NONE).keepAlive()
        && lifetime.keepAliveDue(now, s.view().info().state().isReady())) {
      try {
        ClientContext.observed(
            ctx.observers.start(LivyOperation.SESSION_KEEPALIVE, s.id(), null, true),
            call -> {
              ctx.backend.keepAlive(ctx.transport(call), s.id());
              return null;
            });
        LOG.debug("Kept session {} alive", s.id());
        events.keptAlive(s.id());
      } catch (LivyException e) {
        LOG.warn("Could not keep session {} alive: {}", s.id(), e.getMessage());
      }
    }
  }
}
