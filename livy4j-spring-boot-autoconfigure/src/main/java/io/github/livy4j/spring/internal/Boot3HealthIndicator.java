package io.github.livy4j.spring.internal;

import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The Livy health indicator on Spring Boot 3, whose health types are in {@code
 * spring-boot-actuator} ({@code org.springframework.boot.actuate.health}). Loaded only when
 * that package is present.
 * Each call makes one cheap request, {@link io.github.livy4j.LivyClient#ping()} (the first item of
 * the server's session list, however many sessions it holds), waited for up to {@code
 * livy4j.health.timeout}: up when it answers, down with the failure otherwise.
 */
public final class Boot3HealthIndicator implements HealthIndicator {
  private final LivyHealthProbe probe;

  /**
   * An indicator.
   *
   * @param probe the check it reports
   */
  public Boot3HealthIndicator(LivyHealthProbe probe) {
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
