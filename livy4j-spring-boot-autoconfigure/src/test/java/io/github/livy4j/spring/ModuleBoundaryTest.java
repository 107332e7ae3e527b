package io.github.livy4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.livy4j.LivyClient;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.entra.EntraTokenProviders;
import io.github.livy4j.fabric.FabricLivy;
import io.github.livy4j.micrometer.LivyMetrics;
import io.github.livy4j.opentelemetry.LivyTracing;
import io.github.livy4j.testkit.FakeLivy;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each published module's descriptor, read from its built classes: its name, the packages it
 * exports (its API, never an {@code internal} one) and those it opens.
 */
class ModuleBoundaryTest {

  static Stream<Arguments> publishedModules() {
    return Stream.of(
        arguments(
            LivyClient.class,
            "io.github.livy4j.core",
            Set.of(
                "io.github.livy4j",
                "io.github.livy4j.auth",
                "io.github.livy4j.observe",
                "io.github.livy4j.polling",
                "io.github.livy4j.spi"),
            Set.of()),
        arguments(
            ApacheLivy.class,
            "io.github.livy4j.apache",
            Set.of("io.github.livy4j.apache"),
            Set.of()),
        arguments(
            FabricLivy.class,
            "io.github.livy4j.fabric",
            Set.of("io.github.livy4j.fabric"),
            Set.of()),
        arguments(
            EntraTokenProviders.class,
            "io.github.livy4j.auth.entra",
            Set.of("io.github.livy4j.auth.entra"),
            Set.of()),
        arguments(
            FakeLivy.class,
            "io.github.livy4j.testkit",
            Set.of("io.github.livy4j.testkit"),
            Set.of()),
        arguments(
            LivyMetrics.class,
            "io.github.livy4j.micrometer",
            Set.of("io.github.livy4j.micrometer"),
            Set.of()),
        arguments(
            LivyTracing.class,
            "io.github.livy4j.opentelemetry",
            Set.of("io.github.livy4j.opentelemetry"),
            Set.of()),
        // Spring builds the auto-configuration and binds the properties by reflection
        arguments(
            LivyAutoConfiguration.class,
            "io.github.livy4j.spring",
            Set.of("io.github.livy4j.spring"),
            Set.of("io.github.livy4j.spring")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("publishedModules")
  void exportsItsApiOnly(Class<?> member, String name, Set<String> api, Set<String> opened)
      throws Exception {
    ModuleDescriptor d = descriptor(member);

    assertThat(d.name()).isEqualTo(name);
    assertThat(d.isAutomatic()).as("has a module-info").isFalse();
    assertThat(d.isOpen()).as("an open module").isFalse();
    assertThat(d.packages()).contains(member.getPackageName());
    assertThat(d.exports())
        .allSatisfy(
            e -> assertThat(e.isQualified()).as("qualified export of %s", e.source()).isFalse());
    assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrderElementsOf(api);
    assertThat(d.opens().stream().map(ModuleDescriptor.Opens::source))
        .containsExactlyInAnyOrderElementsOf(opened);
    for (String pkg : d.packages()) {
      if (pkg.contains(".internal")) {
        assertThat(api).as("exports %s", pkg).doesNotContain(pkg);
        assertThat(opened).as("opens %s", pkg).doesNotContain(pkg);
      }
    }
  }

  @Test
  void everyLivy4jModuleHasInternalsToHide() throws Exception {
    // the modules whose code is split into an API and internal packages
    for (Class<?> member :
        List.of(
            LivyClient.class,
            ApacheLivy.class,
            FabricLivy.class,
            EntraTokenProviders.class,
            FakeLivy.class,
            LivyAutoConfiguration.class)) {
      assertThat(descriptor(member).packages())
          .as(member.getName())
          .anyMatch(p -> p.contains(".internal"));
    }
  }

  /**
   * On the module path, which these tests run on, a public class in livy4j-core's internal
   * packages cannot be reached from another module, while the API can.
   */
  @Test
  void internalsAreOutOfReachAtRunTime() throws Exception {
    Module core = LivyClient.class.getModule();
    assertThat(core.isNamed()).as("livy4j-core on the module path").isTrue();
    assertThat(ModuleBoundaryTest.class.getModule().getName()).isEqualTo("io.github.livy4j.spring");
    MethodHandles.Lookup here = MethodHandles.lookup();
    assertThat(here.accessClass(LivyClient.class)).isSameAs(LivyClient.class);

    List<Class<?>> internals = publicClassesIn(LivyClient.class, ".internal");
    assertThat(internals).isNotEmpty();
    for (Class<?> c : internals) {
      assertThat(core.isExported(c.getPackageName(), ModuleBoundaryTest.class.getModule()))
          .as(c.getPackageName())
          .isFalse();
      assertThatThrownBy(() -> here.accessClass(c))
          .as(c.getName())
          .isInstanceOf(IllegalAccessException.class);
    }
  }

  /** The descriptor of the module {@code member} was built into, from its jar or classes. */
  private static ModuleDescriptor descriptor(Class<?> member) throws URISyntaxException {
    Path where = location(member);
    Set<ModuleReference> found = ModuleFinder.of(where).findAll();
    assertThat(found).as("modules in %s", where).hasSize(1);
    return found.iterator().next().descriptor();
  }

  private static Path location(Class<?> member) throws URISyntaxException {
    return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** The public top-level classes of {@code member}'s module in packages naming {@code part}. */
  private static List<Class<?>> publicClassesIn(Class<?> member, String part)
      throws URISyntaxException, IOException, ClassNotFoundException {
    Path where = location(member);
    List<String> names;
    if (Files.isDirectory(where)) {
      names = classNames(where);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(where)) {
        names = classNames(jar.getPath("/"));
      }
    }
    List<Class<?>> out = new ArrayList<>();
    for (String n : names) {
      if (n.substring(0, n.lastIndexOf('.')).contains(part)) {
        Class<?> c = Class.forName(n, false, member.getClassLoader());
        if (Modifier.isPublic(c.getModifiers())) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static List<String> classNames(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(
              p ->
                  p.endsWith(".class")
                      && !p.contains("$")
                      && p.contains("/")
                      && !p.startsWith("META-INF"))
          .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
          .collect(Collectors.toList());
    }
  }
}
