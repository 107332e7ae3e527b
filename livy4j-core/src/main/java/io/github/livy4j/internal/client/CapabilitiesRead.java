package io.github.livy4j.internal.client;

import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import io.github.livy4j.spi.BackendCapabilities;
import io.github.livy4j.spi.Futures;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the backend can do, read from the server once, by the first call that needs it. Calls
 * that need it while that read is on its way wait for it, each within its own deadline, never
 * behind a lock (an asynchronous call holds no thread while it waits); a read that failed is
 * tried again by the next call.
 */
final class CapabilitiesRead {
  private final AtomicReference<CompletableFuture<BackendCapabilities>> read =
      new AtomicReference<>();
  private final Clock clock;

  /**
   * Creates the read of one client.
   *
   * @param clock the clock deadlines are measured with
   */
  CapabilitiesRead(Clock clock) {
    this.clock = clock;
  }

  /**
   * The capabilities, read now if no call has read them yet.
   *
   * @param call the scope of the call that needs them
   * @param readNow reads them, in a call's scope
   * @return the capabilities
   * @throws DeadlineExceededException if the call's deadline passed while another call read them
   */
  BackendCapabilities get(CallScope call, Function<CallScope, BackendCapabilities> readNow) {
    while (true) {
      CompletableFuture<BackendCapabilities> known = read.get();
      if (known != null && known.isDone() && !known.isCompletedExceptionally()) {
        return known.join();
      }
      if (known == null || known.isCompletedExceptionally()) {
        CompletableFuture<BackendCapabilities> mine = new CompletableFuture<>();
        if (!read.compareAndSet(known, mine)) {
          continue;
        }
        try {
          BackendCapabilities c = readNow.apply(call);
          mine.complete(c);
          return c;
        } catch (RuntimeException | Error e) {
          mine.completeExceptionally(e);
          throw e;
        }
      }
      return awaitOther(known, call);
    }
  }

  /** @return the capabilities, if a call read them already */
  Optional<BackendCapabilities> known() {
    CompletableFuture<BackendCapabilities> known = read.get();
    return known != null && known.isDone() && !known.isCompletedExceptionally()
        ? Optional.of(known.join())
        : Optional.empty();
  }

  /**
   * The capabilities without a thread held while they are read: those known at once, else the
   * read on its way, else one begun now.
   *
   * @param readNow begins a read
   * @return the capabilities, when they are known
   */
  CompletableFuture<BackendCapabilities> getAsync(
      Supplier<CompletableFuture<BackendCapabilities>> readNow) {
    while (true) {
      CompletableFuture<BackendCapabilities> known = read.get();
      if (known != null && !known.isCompletedExceptionally()) {
        return known;
      }
      CompletableFuture<BackendCapabilities> mine = new CompletableFuture<>();
      if (!read.compareAndSet(known, mine)) {
        continue;
      }
      CompletableFuture<BackendCapabilities> reading;
      try {
        reading = readNow.get();
      } catch (RuntimeException e) {
        reading = CompletableFuture.failedFuture(e);
      }
      reading.whenComplete(
          (c, e) -> {
            if (e != null) {
              mine.completeExceptionally(Futures.unwrap(e));
            } else {
              mine.complete(c);
            }
          });
      return mine;
    }
  }

  /** Waits for another call's read, within this call's deadline. */
  private BackendCapabilities awaitOther(
      CompletableFuture<BackendCapabilities> other, CallScope call) {
    try {
      if (call.end().isEmpty()) {
        // the other read ends within its own request timeout
        return other.get();
      }
      Duration left = Duration.between(clock.instant(), call.end().get());
      return other.get(Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new DeadlineExceededException(
          "The wait's deadline passed while another call read what the server can do", false);
    } catch (ExecutionException e) {
      Throwable t = Futures.unwrap(e);
      throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.github.livy4j.LivyClientException(
          "Interrupted while another call read what the server can do", e, false);
    }
  }
}
