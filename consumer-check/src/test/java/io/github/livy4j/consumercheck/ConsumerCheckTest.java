package io.github.livy4j.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.consumercheck.ConsumerCheck.Resolved;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerCheckTest {

  private static final List<String> BUILD =
      List.of(
          "",
          "The following files have been resolved:",
          "   com.azure:azure-json:jar:1.5.0:compile -- module com.azure.json",
          "   com.fasterxml.jackson.core:jackson-annotations:jar:2.23:compile"
              + " -- module com.fasterxml.jackson.annotation",
          "   io.github.livy4j:livy4j-testkit:test-jar:tests:0.1.0-SNAPSHOT:test",
          "   net.java.dev.jna:jna:jar:5.17.0:compile -- module com.sun.jna [auto]",
          "");

  @Test
  void readsCoordinatesClassifiersAndFilesOfDependencyList() {
    Map<String, Resolved> resolved =
        ConsumerCheck.parse(
            List.of(
                "The following files have been resolved:",
                "   org.slf4j:slf4j-api:jar:2.0.17:compile:/repo/with space/slf4j-api-2.0.17.jar"
                    + " -- module org.slf4j",
                "   io.github.livy4j:livy4j-testkit:test-jar:tests:0.1.0-SNAPSHOT:test:/r/t.jar",
                "   none"));

    assertThat(resolved)
        .containsOnlyKeys(
            "org.slf4j:slf4j-api:jar", "io.github.livy4j:livy4j-testkit:test-jar:tests");
    assertThat(resolved.get("org.slf4j:slf4j-api:jar"))
        .isEqualTo(
            new Resolved(
                "org.slf4j:slf4j-api:jar",
                "2.0.17",
                "compile",
                Path.of("/repo/with space/slf4j-api-2.0.17.jar")));
    Resolved testJar = resolved.get("io.github.livy4j:livy4j-testkit:test-jar:tests");
    assertThat(testJar.version()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(testJar.scope()).isEqualTo("test");
    assertThat(testJar.artifactId()).isEqualTo("livy4j-testkit");
  }

  @Test
  void sameArtifactsAtSameVersionsAgree() {
    Map<String, Resolved> build = ConsumerCheck.parse(BUILD);

    assertThat(ConsumerCheck.differences("uses all", build, ConsumerCheck.parse(BUILD), true))
        .isEmpty();
  }

  @Test
  void namesEachArtifactResolvedAtAnotherVersionMissingOrExtra() {
    Map<String, Resolved> build = ConsumerCheck.parse(BUILD);
    Map<String, Resolved> consumer =
        ConsumerCheck.parse(
            List.of(
                "   com.azure:azure-json:jar:1.4.0:compile",
                "   com.fasterxml.jackson.core:jackson-annotations:jar:2.23:compile",
                "   io.github.livy4j:livy4j-testkit:test-jar:tests:0.1.0-SNAPSHOT:test",
                "   net.java.dev.jna:jna:jar:5.13.0:compile",
                "   org.example:stray:jar:1.0:runtime"));
    Map<String, Resolved> missingOne =
        ConsumerCheck.parse(List.of("   com.azure:azure-json:jar:1.5.0:compile"));

    assertThat(ConsumerCheck.differences("uses all", build, consumer, true))
        .containsExactly(
            "com.azure:azure-json:jar: the project that uses all resolves 1.4.0,"
                + " this build tests with 1.5.0",
            "net.java.dev.jna:jna:jar: the project that uses all resolves 5.13.0,"
                + " this build tests with 5.17.0",
            "org.example:stray:jar 1.0: the project that uses all resolves it,"
                + " this build does not");
    assertThat(ConsumerCheck.differences("uses all", build, missingOne, true))
        .containsExactly(
            "com.fasterxml.jackson.core:jackson-annotations:jar 2.23: this build resolves it,"
                + " the project that uses all does not",
            "io.github.livy4j:livy4j-testkit:test-jar:tests 0.1.0-SNAPSHOT: this build resolves"
                + " it, the project that uses all does not",
            "net.java.dev.jna:jna:jar 5.17.0: this build resolves it, the project that uses all"
                + " does not");
    assertThat(ConsumerCheck.differences("uses a part", build, missingOne, false)).isEmpty();
  }

  @Test
  void livyApacheAloneWithinItsJarsAndBytesPassesAndOverEitherFails(@TempDir Path dir)
      throws IOException {
    Path core = Files.write(dir.resolve("livy4j-core.jar"), new byte[600 * 1024]);
    Path apache = Files.write(dir.resolve("livy4j-apache.jar"), new byte[500 * 1024]);
    Map<String, Resolved> apacheOnly =
        ConsumerCheck.parse(
            List.of(
                "   io.github.livy4j:livy4j-core:jar:1.0:compile:" + core,
                "   io.github.livy4j:livy4j-apache:jar:1.0:compile:" + apache));

    assertThat(ConsumerCheck.describe(apacheOnly))
        .isEqualTo("2 jars, 1.1 MiB (livy4j-apache, livy4j-core)");
    assertThat(ConsumerCheck.budget(apacheOnly, 2, 1100 * 1024)).isEmpty();
    assertThat(ConsumerCheck.budget(apacheOnly, 1, 1100 * 1024))
        .containsExactly(
            "livy4j-apache alone brings 2 jars, 1.1 MiB (livy4j-apache, livy4j-core),"
                + " more than the 1 jars and 1.1 MiB it may");
    assertThat(ConsumerCheck.budget(apacheOnly, 2, 1024 * 1024))
        .containsExactly(
            "livy4j-apache alone brings 2 jars, 1.1 MiB (livy4j-apache, livy4j-core),"
                + " more than the 2 jars and 1.0 MiB it may");
  }

  @Test
  void aListWithoutArtifactsIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
    Path empty = Files.write(dir.resolve("dependencies.txt"), List.of("", "   none"));

    assertThatThrownBy(() -> ConsumerCheck.read(empty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no resolved artifact in " + empty);
  }
}
