package io.github.livy4j.spring.internal;

import io.github.livy4j.LivyClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The health check behind both Spring Boot lines' indicators: one {@link LivyClient#ping()} (a
 * single request, however many sessions the server lists), waited for up to a timeout. Knows
 * nothing of Spring Boot, so that each line's indicator only turns its {@link Result} into that
 * line's {@code Health}.
 */
public final class LivyHealthProbe {
  private final LivyClient client;
  private final String backend;
  private final Duration timeout;

  /**
   * A probe.
   *
   * @param client the client whose server to ask
   * @param backend the backend's kind, for the details
   * @param timeout how long the check may take before the server counts as down
   */
  public LivyHealthProbe(LivyClient client, String backend, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("livy4j.health.timeout must be positive, was " + timeout);
    }
  }

  /** What a check found. */
  public enum Status {
    /** The server answered. */
    UP,
    /** The server failed, refused or did not answer in time. */
    DOWN,
    /** The check was interrupted before the server answered. */
    UNKNOWN
  }

  /**
   * A check's outcome.
   *
   * @param status what it found
   * @param details the backend and, unless up, the failure's type and message (never a
   *     credential: livy4j's exceptions carry none)
   */
  public record Result(Status status, Map<String, Object> details) {
    /** Copies the details. */
    public Result {
      Objects.requireNonNull(status, "status");
      details = Map.copyOf(details);
    }
  }

  /**
   * Asks the server, waiting up to the timeout.
   *
   * @return what it found
   */
  public Result check() {
    CompletableFuture<Void> ping;
    try {
      ping = client.async().ping();
    } catch (RuntimeException e) {
      return failed(Status.DOWN, describe(e));
    }
    try {
      ping.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Result(Status.UP, Map.of("backend", backend));
    } catch (TimeoutException e) {
      ping.cancel(true);
      return failed(Status.DOWN, "no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return failed(Status.DOWN, describe(e.getCause() == null ? e : e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ping.cancel(true);
      return failed(Status.UNKNOWN, "interrupted");
    }
  }

  private Result failed(Status status, String error) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backend", backend);
    details.put("error", error);
    return new Result(status, details);
  }

  private static String describe(Throwable failure) {
    return failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }

  @Override
  public String toString() {
    return "LivyHealthProbe[backend=" + backend + ", timeout=" + timeout + "]";
  }
}
