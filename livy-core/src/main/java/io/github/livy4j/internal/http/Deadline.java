package io.github.livy4j.internal.http;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deadline of the wait the current thread works for. A poller runs each observation inside
 * {@link #within}; the HTTP pipeline caps every request's timeout and every pause between
 * retries by the time left, and past the deadline throws {@link DeadlineExceededException}, so
 * no wait outlives its deadline whatever the server does. Nested deadlines keep the earlier.
 */
public final class Deadline {
  private static final ThreadLocal<Instant> CURRENT = new ThreadLocal<>();

  private Deadline() {}

  /**
   * Runs a call under a deadline.
   *
   * @param <T> the result type
   * @param deadline when the call must have ended
   * @param call the call
   * @return its result
   */
  public static <T> T within(Instant deadline, Supplier<T> call) {
    Instant outer = CURRENT.get();
    CURRENT.set(outer != null && outer.isBefore(deadline) ? outer : deadline);
    try {
      return call.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /**
   * Runs a task under a deadline.
   *
   * @param deadline when the task must have ended
   * @param task the task
   */
  public static void within(Instant deadline, Runnable task) {
    within(
        deadline,
        () -> {
          task.run();
          return null;
        });
  }

  /**
   * Makes a deadline the current thread's until the scope closes (the earlier one, if the
   * thread has one already): how an asynchronous answer's continuations, which run on whatever
   * thread completed it, keep the deadline of the wait that sent the request.
   *
   * @param deadline the deadline, or empty for none
   * @return the scope, which restores what was current before
   */
  public static Scope enter(Optional<Instant> deadline) {
    if (deadline.isEmpty()) {
      return () -> {};
    }
    Instant outer = CURRENT.get();
    CURRENT.set(outer != null && outer.isBefore(deadline.get()) ? outer : deadline.get());
    return () -> {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    };
  }

  /** A deadline made current for a while; closing it restores the one before. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** @return the deadline of the current thread's wait, if it has one */
  public static Optional<Instant> current() {
    return Optional.ofNullable(CURRENT.get());
  }
}
