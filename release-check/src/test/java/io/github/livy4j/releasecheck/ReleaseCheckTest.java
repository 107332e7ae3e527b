package io.github.livy4j.releasecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.releasecheck.ReleaseCheck.Module;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseCheckTest {

  private static final Instant FIXED = Instant.parse("2026-12-03T05:21:02Z");

  @TempDir Path dir;

  @Test
  void sameBytesAgree() throws IOException {
    Path a = jar("a.jar", "A.class", "one");
    Path b = jar("b.jar", "A.class", "one");

    assertThat(ReleaseCheck.compare(a, b)).isEmpty();
  }

  @Test
  void jarsThatDifferNameTheEntries() throws IOException {
    Path a = jar("a.jar", "A.class", "one");
    Path b = jar("b.jar", "A.class", "two");

    assertThat(ReleaseCheck.compare(a, b))
        .singleElement()
        .asString()
        .startsWith(a + " and " + b + " differ: 1 entries, A.class (3 bytes, crc ");
  }

  @Test
  void textsThatDifferNameTheFirstLine() throws IOException {
    Path a = Files.writeString(dir.resolve("a.json"), "{\n  \"serialNumber\": \"1\"\n}\n");
    Path b = Files.writeString(dir.resolve("b.json"), "{\n  \"serialNumber\": \"2\"\n}\n");

    assertThat(ReleaseCheck.compare(a, b))
        .containsExactly(
            a + " and " + b + " differ: line 2: \"serialNumber\": \"1\" / \"serialNumber\": \"2\"");
  }

  @Test
  void aFileTheSecondBuildDidNotMakeIsNamed() throws IOException {
    Path a = jar("a.jar", "A.class", "one");

    assertThat(ReleaseCheck.compare(a, dir.resolve("rebuild/a.jar")))
        .containsExactly(dir.resolve("rebuild/a.jar") + ": the second build did not make it");
  }

  @Test
  void publishedModulesAreTheParentTheBomAndWhatTheBomLists() throws IOException {
    project();

    assertThat(ReleaseCheck.publishedModules(dir))
        .containsExactly(
            new Module("livy4j-parent", dir, false),
            new Module("livy4j-bom", dir.resolve("livy4j-bom"), false),
            new Module("livy4j-core", dir.resolve("livy4j-core"), true));
  }

  @Test
  void aModuleTheBomListsWithoutDirectoryIsRefused() throws IOException {
    project();
    Files.delete(dir.resolve("livy4j-core/pom.xml"));

    assertThatThrownBy(() -> ReleaseCheck.publishedModules(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "livy4j-bom lists livy4j-core, but there is no " + dir.resolve("livy4j-core") + "/pom.xml");
  }

  @Test
  void aPublishedModuleTheBomDoesNotListIsNamed() throws IOException {
    project();
    pom("livy-extra", "livy-extra");

    assertThat(ReleaseCheck.unlistedPublishedModules(dir, ReleaseCheck.publishedModules(dir)))
        .containsExactly(
            "livy-extra is published (its pom does not set maven.deploy.skip to true), but"
                + " livy4j-bom does not list it: list it there, or set maven.deploy.skip");
  }

  @Test
  void aModuleThatIsNotPublishedNeedNotBeInTheBom() throws IOException {
    project();
    Files.writeString(
        dir.resolve("livy-extra/pom.xml"),
        "<project><artifactId>livy-extra</artifactId>"
            + "<properties><maven.deploy.skip>true</maven.deploy.skip></properties></project>");

    assertThat(ReleaseCheck.unlistedPublishedModules(dir, ReleaseCheck.publishedModules(dir)))
        .isEmpty();
  }

  @Test
  void aJarModuleWithoutJavadocOrSbomIsIncomplete() throws IOException {
    Module core = new Module("livy4j-core", dir.resolve("livy4j-core"), true);
    Path target = Files.createDirectories(dir.resolve("livy4j-core/target"));
    for (String name : List.of("livy4j-core-1.0.jar", "livy4j-core-1.0-sources.jar")) {
      Files.writeString(target.resolve(name), name);
    }
    Files.writeString(target.resolve("livy4j-core-1.0-tests.jar"), "tests");
    List<String> missing = new ArrayList<>();

    assertThat(ReleaseCheck.publishedFiles(core, "1.0", missing))
        .containsExactly(
            "livy4j-core-1.0.jar", "livy4j-core-1.0-sources.jar", "livy4j-core-1.0-tests.jar");
    assertThat(missing)
        .containsExactly(
            "livy4j-core has no livy4j-core-1.0-javadoc.jar in " + target,
            "livy4j-core has no livy4j-core-1.0-cyclonedx.json in " + target,
            "livy4j-core has no livy4j-core-1.0-cyclonedx.xml in " + target);
  }

  private void project() throws IOException {
    Files.writeString(
        dir.resolve("pom.xml"),
        "<project><artifactId>livy4j-parent</artifactId><modules>"
            + "<module>livy4j-bom</module><module>livy4j-core</module><module>livy-extra</module>"
            + "</modules></project>");
    Files.createDirectories(dir.resolve("livy4j-bom"));
    Files.writeString(
        dir.resolve("livy4j-bom/pom.xml"),
        "<project><artifactId>livy4j-bom</artifactId><dependencyManagement><dependencies>"
            + "<dependency><groupId>io.github.livy4j</groupId><artifactId>livy4j-core</artifactId>"
            + "</dependency>"
            + "<dependency><groupId>io.github.livy4j</groupId><artifactId>livy4j-core</artifactId>"
            + "<type>test-jar</type></dependency>"
            + "<dependency><groupId>com.fasterxml.jackson</groupId>"
            + "<artifactId>jackson-bom</artifactId></dependency>"
            + "</dependencies></dependencyManagement></project>");
    pom("livy4j-core", "livy4j-core");
    pom("livy-extra", "livy-extra");
  }

  private void pom(String directory, String artifactId) throws IOException {
    Files.createDirectories(dir.resolve(directory));
    Files.writeString(
        dir.resolve(directory).resolve("pom.xml"),
        "<project><artifactId>" + artifactId + "</artifactId></project>");
  }

  private Path jar(String name, String entry, String content) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      ZipEntry zipEntry = new ZipEntry(entry);
      zipEntry.setLastModifiedTime(FileTime.from(FIXED));
      zip.putNextEntry(zipEntry);
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }
}
