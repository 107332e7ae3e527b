package io.github.livy4j.internal.observe;

import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.OperationObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One observed operation. The work done for it carries it to the transport (in a
 * {@link io.github.livy4j.internal.http.CallScope}), which is how an HTTP exchange knows whose
 * it is, on whatever thread it runs.
 */
public final class ObservedOperation {
  private final Observers owner;
  private final LivyOperation info;
  private final List<OperationObserver> parts;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Object lock = new Object();

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
    synchronized (lock) {
      for (OperationObserver p : parts) {
        try {
          p.identified(id);
        } catch (RuntimeException e) {
          Observers.failed(p, "identified", e);
        }
      }
    }
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
    synchronized (lock) {
      for (OperationObserver p : parts) {
        try {
          p.stateChanged(from, to);
        } catch (RuntimeException e) {
          Observers.failed(p, "stateChanged", e);
        }
      }
    }
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
    synchronized (lock) {
      for (OperationObserver p : parts) {
        try {
          p.ended(failure);
        } catch (RuntimeException e) {
          Observers.failed(p, "ended", e);
        }
      }
    }
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
    synchronized (lock) {
      for (OperationObserver p : parts) {
        try {
          ExchangeObserver x = p.exchangeStarted(exchange, headers);
          if (x != null && x != ExchangeObserver.NONE) {
            attempts.add(x);
          }
        } catch (RuntimeException e) {
          Observers.failed(p, "exchangeStarted", e);
        }
      }
    }
    if (attempts.isEmpty()) {
      return ExchangeObserver.NONE;
    }
    AtomicBoolean done = new AtomicBoolean();
    return (HttpResult result) -> {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      synchronized (lock) {
        for (ExchangeObserver x : attempts) {
          try {
            x.ended(result);
          } catch (RuntimeException e) {
            Observers.failed(x, "ended", e);
          }
        }
      }
    };
  }

  @Override
  public String toString() {
    return info == null ? "ObservedOperation[none]" : "ObservedOperation[" + info.name() + "]";
  }
}
