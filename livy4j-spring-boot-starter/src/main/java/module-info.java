/**
 * The livy4j Spring Boot starter: no code of its own, only what an application needs to get a
 * {@code LivyClient} bean from {@code livy4j.*} properties. It reads the auto-configuration
 * ({@code io.github.livy4j.spring}, from livy4j-spring-boot-autoconfigure) and both backends,
 * Apache Livy ({@code io.github.livy4j.apache}) and Microsoft Fabric ({@code
 * io.github.livy4j.fabric}), so that a module requiring this one reads them too.
 */
module io.github.livy4j.spring.starter {
  requires transitive io.github.livy4j.spring;
  requires transitive io.github.livy4j.apache;
  requires transitive io.github.livy4j.fabric;
}
