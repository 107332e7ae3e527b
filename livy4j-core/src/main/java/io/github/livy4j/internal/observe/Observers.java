package io.github.livy4j.internal.observe;

import io.github.livy4j.Code;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionState;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.OperationObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's observers, isolated from it: what they throw is logged and ignored. Without
 * observers every method returns at once and allocates nothing.
 */
public final class Observers {
  private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

  /** No observers. */
  public static final Observers NONE = new Observers(List.of(), "livy", false);

  private final List<LivyObserver> observers;
  private final String backend;
  private final boolean codeText;
  private final ObservedOperation none;

  /**
   * The observers of one client.
   *
   * @param observers the observers, in the order they were registered
   * @param backend the backend's kind
   * @param codeText whether operations may carry code text
   */
  public Observers(List<LivyObserver> observers, String backend, boolean codeText) {
    this.observers = List.copyOf(observers);
    this.backend = backend;
    this.codeText = codeText;
    this.none = new ObservedOperation(this, null, List.of());
  }

  /** @return whether anyone observes */
  public boolean active() {
    return !observers.isEmpty();
  }

  /**
   * Starts an operation for a call of the user's.
   *
   * @param name its name
   * @param session the session it works on, or {@code null}
   * @param code the statement's code, or {@code null}
   * @return the operation (inactive without observers)
   */
  public ObservedOperation start(String name, SessionId session, Code code) {
    return start(name, session, code, false);
  }

  /**
   * Starts an operation.
   *
   * @param name its name
   * @param session the session it works on, or {@code null}
   * @param code the statement's code, or {@code null}
   * @param background whether the client runs it on its own
   * @return the operation (inactive without observers)
   */
  public ObservedOperation start(String name, SessionId session, Code code, boolean background) {
    if (observers.isEmpty()) {
      return none;
    }
    LivyOperation op =
        ObservedTypes.get()
            .operation(
                name,
                backend,
                session,
                code == null ? null : code.kind().name().toLowerCase(Locale.ROOT),
                code != null && codeText ? code.code() : null,
                background);
    List<OperationObserver> parts = new ArrayList<>(observers.size());
    for (LivyObserver o : observers) {
      try {
        OperationObserver part = o.operationStarted(op);
        if (part != null && part != OperationObserver.NONE) {
          parts.add(part);
        }
      } catch (RuntimeException e) {
        failed(o, "operationStarted", e);
      }
    }
    return new ObservedOperation(this, op, parts);
  }

  /**
   * Tells of a session's new state, or of its start or end of being owned.
   *
   * @param session the session
   * @param from the state before, or {@code null}
   * @param to the state now, or {@code null}
   */
  public void sessionStateChanged(SessionId session, SessionState from, SessionState to) {
    if (from != to) {
      each("sessionStateChanged", o -> o.sessionStateChanged(session, from, to));
    }
  }

  /**
   * Tells of a new token.
   *
   * @param afterRejection whether the server had rejected the previous one
   * @param took how long getting it took
   */
  public void tokenRefreshed(boolean afterRejection, Duration took) {
    each("tokenRefreshed", o -> o.tokenRefreshed(afterRejection, took));
  }

  /**
   * Tells of a token provider's failure.
   *
   * @param failure what it threw
   */
  public void tokenFailed(Throwable failure) {
    each("tokenFailed", o -> o.tokenFailed(failure));
  }

  private void each(String what, Consumer<LivyObserver> call) {
    for (LivyObserver o : observers) {
      try {
        call.accept(o);
      } catch (RuntimeException e) {
        failed(o, what, e);
      }
    }
  }

  /**
   * Logs an observer's failure; the client goes on as if it had not happened.
   *
   * @param observer the observer
   * @param what the method that failed
   * @param e the failure
   */
  static void failed(Object observer, String what, RuntimeException e) {
    // the first failure of each observer method at WARN, the rest at DEBUG: an observer that
    // fails on every request must not flood the log
    if (WARNED.size() < MAX_WARNED && WARNED.add(observer.getClass().getName() + "#" + what)) {
      LOG.warn(
          "Observer {} failed in {}; ignored (later failures are logged at DEBUG): {}",
          observer.getClass().getName(),
          what,
          e.toString());
    } else {
      LOG.debug(
          "Observer {} failed in {}; ignored: {}",
          observer.getClass().getName(),
          what,
          e.toString());
    }
  }

  private static final int MAX_WARNED = 1000;
  private static final java.util.Set<String> WARNED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
}
