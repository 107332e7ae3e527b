/**
 * Spring Boot auto-configuration of a livy4j {@code LivyClient}.
 *
 * <p>Spring builds the auto-configuration and binds {@code LivyProperties} by reflection, so the
 * package is open to Spring's modules. The backends (livy4j-apache, livy4j-fabric: the starter brings
 * both), livy4j-auth-entra, livy4j-micrometer, livy4j-opentelemetry and the health types are optional: each
 * is used when the application has it. The health types are
 * those of Spring Boot 4 (spring-boot-health) or of Spring Boot 3 (spring-boot-actuator); the
 * indicator for each line is in the internal package, loaded only on its line.
 */
module io.github.livy4j.spring {
  requires transitive io.github.livy4j.core;
  requires static io.github.livy4j.apache;
  requires static io.github.livy4j.fabric;
  requires static io.github.livy4j.auth.entra;
  requires static io.github.livy4j.micrometer;
  requires static micrometer.core;
  requires static micrometer.observation;
  requires static io.github.livy4j.opentelemetry;
  requires static spring.boot.health;
  requires static spring.boot.actuator;
  requires static spring.boot.actuator.autoconfigure;
  requires transitive spring.beans;
  requires transitive spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires transitive spring.context;
  requires spring.core;

  exports io.github.livy4j.spring;

  opens io.github.livy4j.spring to
      spring.core,
      spring.beans,
      spring.context,
      spring.boot;
}
