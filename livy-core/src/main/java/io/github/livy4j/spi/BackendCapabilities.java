package io.github.livy4j.spi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a backend, at the server version it talks to, can do.
 *
 * @param createFields the optional session create fields the server accepts
 * @param sessionLogs whether sessions have a log call
 * @param sessionStateCall whether there is a cheap call for a session's state alone
 * @param statementCancel whether statements can be cancelled
 * @param completion whether the server offers code completion
 * @param batches whether the server runs batches
 * @param keepAlive whether there is a call that resets a session's idle timer
 * @param transientNotFound how long after a create or a submit a 404 for the new session or
 *     statement may be transient (the service has not caught up yet); zero if never
 * @param idsReused whether the server may give a new session the id of one it forgot (Apache
 *     Livy restarted without recovery counts its ids from 0 again); the client then checks that
 *     a session is still the one it knows before deleting it, and that a statement still holds
 *     the code it sent
 */
public record BackendCapabilities(Set<SessionField> createFields, boolean sessionLogs,
    boolean sessionStateCall, boolean statementCancel, boolean completion, boolean batches,
    boolean keepAlive, java.time.Duration transientNotFound, boolean idsReused) {

  /** Validates the capabilities and makes the field set immutable. */
  public BackendCapabilities {
    Objects.requireNonNull(createFields, "createFields");
    Objects.requireNonNull(transientNotFound, "transientNotFound");
    createFields = createFields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(createFields));
  }

  /**
   * Whether the server accepts a create field.
   *
   * @param field the field
   * @return whether it is accepted
   */
  public boolean accepts(SessionField field) {
    return createFields.contains(field);
  }
}
