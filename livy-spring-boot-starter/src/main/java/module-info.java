/**
 * Spring Boot auto-configuration of a livy4j {@code LivyClient}.
 *
 * <p>Spring builds the auto-configuration and binds {@code LivyProperties} by reflection, so the
 * package is open to Spring's modules. auth-entra, livy-micrometer, livy-opentelemetry and
 * spring-boot-health are optional: each is used when the application has it.
 */
module io.github.livy4j.spring {
  requires transitive io.github.livy4j.core;
  requires io.github.livy4j.apache;
  requires io.github.livy4j.fabric;
  requires static io.github.livy4j.auth.entra;
  requires static io.github.livy4j.micrometer;
  requires static micrometer.core;
  requires static io.github.livy4j.opentelemetry;
  requires static transitive spring.boot.health;
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
