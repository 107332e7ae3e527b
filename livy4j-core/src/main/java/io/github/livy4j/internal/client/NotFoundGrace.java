package io.github.livy4j.internal.client;

import io.github.livy4j.internal.http.CallScope;
import java.time.Duration;
import java.time.Instant;

/**
 * Fabric's service does not see a session or statement for a moment after creating it: a 404
 * within the backend's grace period after the create is the service catching up, not an end.
 */
final class NotFoundGrace {
  /**
   * How many reads in a row may say something is not there (a session not found, a finished
   * statement without its output) before it is believed: a proxy or a server behind a balancer
   * can say so for a moment.
   */
  static final int CHECKS = 3;

  private NotFoundGrace() {}

  /**
   * @param ctx the client's context
   * @param since when the session or statement was created
   * @return whether a 404 now may be the service not having caught up yet
   */
  static boolean within(ClientContext ctx, Instant since) {
    if (since == null) {
      return false;
    }
    // created by this client, so the capabilities have been read
    Duration grace = ctx.capabilities(CallScope.NONE).transientNotFound();
    return !grace.isZero()
        && Duration.between(since, ctx.config.clock().instant()).compareTo(grace) < 0;
  }
}
