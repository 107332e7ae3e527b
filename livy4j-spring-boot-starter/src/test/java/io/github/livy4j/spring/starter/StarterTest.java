package io.github.livy4j.spring.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The starter as Spring Boot's guide describes one: no code, only the dependencies an application
 * needs, which bring the auto-configuration, Spring Boot's core starter and both backends.
 */
class StarterTest {

  @Test
  void theStarter_hasNoCode_onlyItsModuleDescriptor() throws IOException {
    Path classes = Path.of("target", "classes");
    try (Stream<Path> files = Files.walk(classes)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> classes.relativize(p).toString()))
          .containsExactly("module-info.class");
    }
  }

  @Test
  void itsModule_bringsTheAutoConfigurationAndBothBackends() {
    ModuleDescriptor d = StarterTest.class.getModule().getDescriptor();
    assertThat(d).as("on the module path").isNotNull();
    assertThat(d.name()).isEqualTo("io.github.livy4j.spring.starter");
    assertThat(d.exports()).isEmpty();
    Set<String> transitive =
        d.requires().stream()
            .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
            .map(ModuleDescriptor.Requires::name)
            .collect(Collectors.toSet());
    assertThat(transitive)
        .containsExactlyInAnyOrder(
            "io.github.livy4j.spring", "io.github.livy4j.apache", "io.github.livy4j.fabric");
  }

  @Test
  void itsDependencies_registerTheAutoConfiguration_withSpringBootsCoreStarter() throws Exception {
    ClassLoader loader = StarterTest.class.getClassLoader();
    List<String> imports = new ArrayList<>();
    for (URL url :
        Collections.list(
            loader.getResources(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))) {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
        in.lines().map(String::strip).forEach(imports::add);
      }
    }
    assertThat(imports).contains("io.github.livy4j.spring.LivyAutoConfiguration");
    // the backends, and what spring-boot-starter brings: Spring Boot and its logging
    for (String type :
        List.of(
            "io.github.livy4j.apache.ApacheLivy",
            "io.github.livy4j.fabric.FabricLivy",
            "org.springframework.boot.SpringApplication",
            "org.springframework.boot.autoconfigure.SpringBootApplication",
            "ch.qos.logback.classic.Logger")) {
      assertThat(Class.forName(type, false, loader)).as(type).isNotNull();
    }
  }
}
