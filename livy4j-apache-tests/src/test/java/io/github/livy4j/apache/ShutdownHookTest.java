package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.testkit.FakeLivy;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM that exits with sessions still open deletes them, except detached ones. */
class ShutdownHookTest {
  @Test
  void jvmExit_deletesOwnedSessions_butNotDetachedOnes_andThoseOfEveryClientOnAnEngine()
      throws Exception {
    try (FakeLivy fake = FakeLivy.builder().sessionStartup(Duration.ZERO).start();
        FakeLivy shared = FakeLivy.builder().sessionStartup(Duration.ZERO).start()) {
      String log = runChild("shutdown-child", fake.uri().toString(), shared.uri().toString(), "20");
      assertThat(log).contains("created 0 and 1").contains("created 20 sessions");
      assertThat(fake.requests())
          .anySatisfy(
              r -> {
                assertThat(r.method()).isEqualTo("DELETE");
                assertThat(r.path()).isEqualTo("/sessions/0");
              });
      assertThat(fake.requests())
          .noneMatch(r -> r.method().equals("DELETE") && r.path().equals("/sessions/1"));
      assertThat(fake.sessionCount()).isEqualTo(1);
      // the engine's one hook deleted the session of each of its twenty clients
      assertThat(shared.requests()).filteredOn(r -> r.method().equals("DELETE")).hasSize(20);
      assertThat(shared.sessionCount()).isZero();
    }
  }

  /** Runs {@link ShutdownChild} in a JVM of its own; returns its output once it has exited. */
  private static String runChild(String name, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ShutdownChild.class.getName());
    command.addAll(List.of(args));
    File out = new File("target/" + name + ".log");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
    String log = Files.readString(out.toPath(), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(log).isZero();
    return log;
  }
}
