package io.github.livy4j.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The health indicator on Spring Boot 4, whose health types are in spring-boot-health. */
class SpringBoot4HealthTest extends HealthIndicatorContract {

  @Override
  String line() {
    return "4";
  }

  @Override
  Class<?> indicatorType() {
    return HealthIndicator.class;
  }

  @Override
  Reading read(Object indicator) {
    Health h = ((HealthIndicator) indicator).health();
    return new Reading(h.getStatus().getCode(), h.getDetails());
  }
}
