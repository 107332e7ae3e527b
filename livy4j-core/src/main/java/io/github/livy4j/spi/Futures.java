package io.github.livy4j.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Helpers for backends that write an operation once over futures and run it both ways. */
public final class Futures {
  private Futures() {}

  /**
   * The result of a future that a {@link Transport#blocking() blocking} transport completed,
   * or of any future, waiting for it; a failure is rethrown as it was raised, not wrapped.
   *
   * @param <T> the result type
   * @param future the future
   * @return its result
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw rethrowable(e);
    }
  }

  /**
   * The failure a future's stage saw, without the {@link CompletionException} or
   * {@link ExecutionException} wrapping it.
   *
   * @param t the failure
   * @return the original failure
   */
  public static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * Maps a future's failure: {@code map} gets the unwrapped failure and returns what to fail
   * with instead (or the same).
   *
   * @param <T> the result type
   * @param future the future
   * @param map the mapping
   * @return a future with the same result or the mapped failure
   */
  public static <T> CompletableFuture<T> mapFailure(
      CompletableFuture<T> future, Function<Throwable, Throwable> map) {
    return future
        .handle(
            (v, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(v);
              }
              return CompletableFuture.<T>failedFuture(map.apply(unwrap(e)));
            })
        .thenCompose(Function.identity());
  }

  /**
   * Calls a supplier and wraps its result or failure in a future.
   *
   * @param <T> the result type
   * @param call the call
   * @return the completed future
   */
  public static <T> CompletableFuture<T> call(java.util.function.Supplier<T> call) {
    try {
      return CompletableFuture.completedFuture(call.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static RuntimeException rethrowable(CompletionException e) {
    Throwable t = unwrap(e);
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return e;
  }
}
