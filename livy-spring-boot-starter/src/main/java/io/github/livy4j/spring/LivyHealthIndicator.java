package io.github.livy4j.spring;

import io.github.livy4j.LivyClient;
import io.github.livy4j.SessionInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Checks the Livy endpoint: up when it lists its sessions within the timeout, with the
 * backend and how many sessions this client owns among them; down, with the failure's type and
 * message (never a credential), when it does not.
 */
public class LivyHealthIndicator implements HealthIndicator {
  private final LivyClient client;
  private final String backend;
  private final Duration timeout;

  /**
   * A health indicator.
   *
   * @param client the client
   * @param backend the backend's kind, for the details
   * @param timeout how long the check may take
   */
  public LivyHealthIndicator(LivyClient client, String backend, Duration timeout) {
    this.client = client;
    this.backend = backend;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    CompletableFuture<List<SessionInfo>> listing = client.async().listSessions();
    try {
      List<SessionInfo> sessions = listing.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Health.up()
          .withDetail("backend", backend)
          .withDetail("sessions", sessions.size())
          .build();
    } catch (TimeoutException e) {
      listing.cancel(true);
      return Health.down()
          .withDetail("backend", backend)
          .withDetail("error", "no answer within " + timeout.toMillis() + " ms")
          .build();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Health.down()
          .withDetail("backend", backend)
          .withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      listing.cancel(true);
      return Health.unknown()
          .withDetail("backend", backend)
          .withDetail("error", "interrupted")
          .build();
    } catch (RuntimeException e) {
      return Health.down()
          .withDetail("backend", backend)
          .withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage())
          .build();
    }
  }
}
