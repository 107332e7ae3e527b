package io.github.livy4j.internal.observe;

import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.observe.OperationObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One observed operation. The work done for it carries it to the transport (in a
 * {@link io.github.livy4j.internal.http.CallScope}), which is how an HTTP exchange knows whose
 * it is, on whatever thread it runs.
 *
 * <p>Its observers are called one at a time under a {@link ReentrantLock}, never a monitor: an
 * observer that blocks does not pin a virtual thread.
 */
public final class ObservedOperation {
  private final Observers owner;
  private final LivyOperation info;
  private final List<OperationObserver> parts;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();

  ObservedOperation(Observers owner, LivyOperation info, List<OperationObserver> parts) {
    this.owner = owner;
    this.info = info;
    this.parts = parts;
  }

  /** @return whether anyone observes it */
  public boolean active() {
    return !parts.isEmpty();
  }

  /**
   * @param observers a client's observers
   * @return whether this operation is of that client
   */
  public boolean of(Observers observers) {
    return owner == observers;
  }

  /** @return what it is, or {@code null} for an inactive one */
  public LivyOperation info() {
    return info;
  }

  /**
   * The server named what the operation created.
   *
   * @param id the id
   */
  public void identified(String id) {
    if (parts.isEmpty() || ended.get()) {
      return;
    }
    each(parts, "identified", p -> p.identified(id));
  }

  /**
   * What the operation waits for changed state.
   *
   * @param from the state before
   * @param to the state now
   */
  public void stateChanged(String from, String to) {
    if (parts.isEmpty() || ended.get() || java.util.Objects.equals(from, to)) {
      return;
    }
    each(parts, "stateChanged", p -> p.stateChanged(from, to));
  }

  /**
   * Ends the operation; only the first call counts.
   *
   * @param failure what it failed with, or {@code null}
   */
  public void end(Throwable failure) {
    if (parts.isEmpty() || !ended.compareAndSet(false, true)) {
      return;
    }
    each(parts, "ended", p -> p.ended(failure));
  }

  /**
   * The client goes on with the operation on this thread, one of its own.
   *
   * @return the observers' scopes, to close on this thread when the piece of work is done
   */
  public ObserverScope resume() {
    if (parts.isEmpty()) {
      return ObserverScope.NONE;
    }
    return open(parts, "resumed", OperationObserver::resumed);
  }

  /**
   * Wraps a piece of the operation's work that runs on one of the client's threads, so that its
   * observers' {@linkplain OperationObserver#resumed() scopes} are open while it runs.
   *
   * @param work the work
   * @return the wrapped work (the work itself when nobody observes)
   */
  public Runnable resuming(Runnable work) {
    if (parts.isEmpty()) {
      return work;
    }
    return () -> {
      try (ObserverScope s = resume()) {
        work.run();
      }
    };
  }

  /**
   * An HTTP attempt of this operation begins.
   *
   * @param exchange the attempt
   * @param headers adds a header to the request (checked by the caller)
   * @return the observers of the attempt, told once of its end
   */
  public ExchangeObserver exchangeStarted(
      HttpExchange exchange, BiConsumer<String, String> headers) {
    if (parts.isEmpty()) {
      return ExchangeObserver.NONE;
    }
    List<ExchangeObserver> attempts = new ArrayList<>(parts.size());
    each(
        parts,
        "exchangeStarted",
        p -> {
          ExchangeObserver x = p.exchangeStarted(exchange, headers);
          if (x != null && x != ExchangeObserver.NONE) {
            attempts.add(x);
          }
        });
    if (attempts.isEmpty()) {
      return ExchangeObserver.NONE;
    }
    AtomicBoolean done = new AtomicBoolean();
    return new ExchangeObserver() {
      @Override
      public ObserverScope sending() {
        return open(attempts, "sending", ExchangeObserver::sending);
      }

      @Override
      public void ended(HttpResult result) {
        if (done.compareAndSet(false, true)) {
          each(attempts, "ended", x -> x.ended(result));
        }
      }
    };
  }

  /** Calls each observer under the lock; what one throws is logged and the next is called. */
  private <T> void each(List<T> observers, String what, Consumer<T> call) {
    lock.lock();
    try {
      for (T o : observers) {
        try {
          call.accept(o);
        } catch (RuntimeException e) {
          Observers.failed(o, what, e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Opens each observer's scope; the result closes them in reverse order. */
  private <T> ObserverScope open(
      List<T> observers, String what, Function<T, ObserverScope> opener) {
    List<ObserverScope> opened = new ArrayList<>(observers.size());
    each(
        observers,
        what,
        o -> {
          ObserverScope s = opener.apply(o);
          if (s != null && s != ObserverScope.NONE) {
            opened.add(s);
          }
        });
    if (opened.isEmpty()) {
      return ObserverScope.NONE;
    }
    return () -> {
      for (int i = opened.size() - 1; i >= 0; i--) {
        ObserverScope s = opened.get(i);
        try {
          s.close();
        } catch (RuntimeException e) {
          Observers.failed(s, what + " close", e);
        }
      }
    };
  }

  @Override
  public String toString() {
    return info == null ? "ObservedOperation[none]" : "ObservedOperation[" + info.name() + "]";
  }
}
