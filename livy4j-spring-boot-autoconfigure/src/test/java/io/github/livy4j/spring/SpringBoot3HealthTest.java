package io.github.livy4j.spring;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The health indicator on Spring Boot 3, whose health types are in spring-boot-actuator. */
class SpringBoot3HealthTest extends HealthIndicatorContract {

  @Override
  String line() {
    return "3";
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
