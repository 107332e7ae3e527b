package io.github.livy4j.spring.internal;

import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Livy health indicator on Spring Boot 4, whose health types are in {@code
 * spring-boot-health} ({@code org.springframework.boot.health.contributor}). Loaded only when
 * that module is present.
 * Each call makes one cheap request, {@link io.github.livy4j.LivyClient#ping()} (the first item of
 * the server's session list, however many sessions it holds), waited for up to {@code
 * livy4j.health.timeout}: up when it answers, down with the failure otherwise.
 */
public final class Boot4HealthIndicator implements HealthIndicator {
  private final LivyHealthProbe probe;

  /**
   * An indicator.
   *
   * @param probe the check it reports
   */
  public Boot4HealthIndicator(LivyHealthProbe probe) {
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  @Override
  public Health health() {
    LivyHealthProbe.Result r = probe.check();
    Health.Builder b =
        switch (r.status()) {
          case UP -> Health.up();
          case DOWN -> Health.down();
          case UNKNOWN -> Health.unknown();
        };
    return b.withDetails(r.details()).build();
  }
}
