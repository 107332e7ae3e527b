package io.github.livy4j.internal.client;

import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that tells a client's session listeners (the user's, and its pools') what
 * happened to its sessions; a listener that throws is logged and does not stop the others.
 */
final class SessionEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);

  private final List<SessionListener> listeners;
  private final List<Consumer<SessionExpiredException>> expiryListeners =
      new CopyOnWriteArrayList<>();

  /**
   * Creates the events of one client.
   *
   * @param listeners the user's listeners
   */
  SessionEvents(List<SessionListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Adds an internal listener for expiries (a pool's).
   *
   * @param listener the listener
   */
  void onExpiry(Consumer<SessionExpiredException> listener) {
    expiryListeners.add(listener);
  }

  /**
   * A session was ended by its time to live or idle timeout, or found gone.
   *
   * @param e how it ended
   */
  void expired(SessionExpiredException e) {
    for (Consumer<SessionExpiredException> l : expiryListeners) {
      try {
        l.accept(e);
      } catch (RuntimeException failure) {
        LOG.warn("A session pool failed to hear of an expiry", failure);
      }
    }
    each(l -> l.onExpired(e));
  }

  /**
   * A lost session was replaced.
   *
   * @param lost the lost session
   * @param replacement its replacement
   */
  void recovered(SessionId lost, SessionId replacement) {
    each(l -> l.onRecovered(lost, replacement));
  }

  /**
   * A session was kept alive.
   *
   * @param id the session
   */
  void keptAlive(SessionId id) {
    each(l -> l.onKeepAlive(id));
  }

  private void each(Consumer<SessionListener> event) {
    for (SessionListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException failure) {
        LOG.warn("A session listener failed", failure);
      }
    }
  }
}
