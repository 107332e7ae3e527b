package io.github.livy4j.internal.client;

import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.ServiceError;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.internal.http.CallScope;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which remote session a handle stands for: its id (another one after a recovery), how many
 * times it was replaced, and its name and Spark application, which tell it from a session the
 * server gave the same id later (Apache Livy restarted without recovery counts ids from 0
 * again).
 */
final class SessionIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(SessionIdentity.class);

  private final ClientContext ctx;
  private volatile SessionId id;
  private volatile String ownName;
  private volatile String ownAppId;

  /** How many times the session was replaced; written under the session's lock. */
  private volatile int generation;

  /**
   * The identity of a session as first seen.
   *
   * @param ctx the client's context
   * @param first the session's first snapshot
   */
  SessionIdentity(ClientContext ctx, SessionInfo first) {
    this.ctx = ctx;
    take(first);
  }

  private void take(SessionInfo first) {
    id = first.id();
    ownName = first.name().orElse(null);
    ownAppId = first.appId().orElse(null);
  }

  /** @return the remote session's id */
  SessionId id() {
    return id;
  }

  /** @return how many times the session was replaced */
  int generation() {
    return generation;
  }

  /**
   * The handle now stands for a replacement.
   *
   * @param first the replacement's first snapshot
   */
  void replaceWith(SessionInfo first) {
    take(first);
    generation++;
  }

  /**
   * Learns the session's Spark application from a snapshot, once the server reports it.
   *
   * @param seen the snapshot
   */
  void learn(SessionInfo seen) {
    if (ownAppId == null && seen.appId().isPresent()) {
      ownAppId = seen.appId().get();
    }
  }

  /**
   * @param call the scope of the call that asks, should the capabilities not be read yet
   * @return whether the server may give this session's id to another
   */
  boolean idsReused(CallScope call) {
    return ctx.capabilities(call).idsReused();
  }

  /**
   * Whether the server's session at this id is another one than this handle's.
   *
   * @param seen what the server has at this id
   * @param call the scope of the call that read it
   * @return how it differs, or {@code null} if it is this session or cannot be told apart
   *     (only another name or another Spark application tells: an answer without them is no
   *     proof, and the session is then taken to be this one)
   */
  String otherSession(SessionInfo seen, CallScope call) {
    if (!idsReused(call)) {
      return null;
    }
    String name = ownName;
    String now = seen.name().orElse(null);
    if (name != null && now != null && !name.equals(now)) {
      return "one named " + now;
    }
    String app = ownAppId;
    if (app != null && seen.appId().isPresent() && !app.equals(seen.appId().get())) {
      return "one of Spark application " + seen.appId().get();
    }
    return null;
  }

  /**
   * The session was forgotten by the server, which gave its id to another.
   *
   * @param other how the other one differs
   * @return the exception
   */
  SessionNotFoundException replaced(String other) {
    return new SessionNotFoundException(
        id,
        new LivyServiceException(
            "The server has given the"
                + " id of session "
                + id
                + " to another session ("
                + other
                + "): it forgot this one, as"
                + " after a restart",
            new ServiceError(200, "GET", "sessions/" + id, null, null, "")));
  }

  /**
   * Deletes the session, unless the server has given its id to another session since: there,
   * the session is read first (within half the time left) and left alone if it is another one.
   * A read that fails does not stop the delete.
   *
   * @param call the scope of the delete's requests
   * @throws SessionNotFoundException if the server no longer has it
   */
  void deleteIfStillOurs(CallScope call) {
    SessionId target = id;
    if (idsReused(call) && (ownName != null || ownAppId != null)) {
      String other;
      // the look may take half the time left, so that the delete still has the other half
      Instant now = ctx.config.clock().instant();
      Instant lookBy =
          call.end()
              .map(d -> now.plus(Duration.between(now, d).dividedBy(2)))
              .orElse(now.plus(ctx.config.closeTimeout().dividedBy(2)));
      try {
        other =
            otherSession(ctx.backend.getSession(ctx.transport(call.within(lookBy)), target), call);
      } catch (LivyException e) {
        // not read (or not found, which the delete tells for certain): deleted as before
        other = null;
      }
      if (other != null) {
        LOG.info(
            "Not deleting session {}: the server has given its id to another session ({});"
                + " the one this client created is gone, as after a restart",
            target,
            other);
        return;
      }
    }
    ctx.backend.deleteSession(ctx.transport(call), target);
    LOG.debug("Deleted session {}", target);
  }
}
