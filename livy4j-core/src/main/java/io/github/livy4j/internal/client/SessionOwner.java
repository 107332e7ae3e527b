package io.github.livy4j.internal.client;

/**
 * What a session handle needs from the client that owns it, and nothing of the client itself:
 * its context, its creates (to replace a lost session), the listeners to tell, the ownership to
 * give up, and where clean-up runs.
 *
 * @param ctx the client's context
 * @param creates the client's creates
 * @param events the client's session listeners
 * @param owned the client's owned sessions
 * @param cleanups the client's background clean-up
 */
record SessionOwner(
    ClientContext ctx,
    RemoteCreate creates,
    SessionEvents events,
    OwnedSessions owned,
    Cleanups cleanups) {}
