package io.github.livy4j.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Livy server for the test JVM, started by {@code local-livy/bin/local-livy} with CSRF
 * protection and impersonation on (a session with a {@code proxyUser} runs as that user; one
 * without, as before), and stopped when the JVM's tests end. Each test class runs in a JVM of its own
 * (see the module's surefire settings), so a class has the server to itself; classes that need
 * more start their own ({@link #startOwn}).
 */
final class LocalLivy implements AutoCloseable {
  private final Path script = Path.of(System.getProperty("livy4j.localLivy"));
  private final String replJar = System.getProperty("livy4j.replJar");
  private final String runDir;
  private final List<String> options;
  private final URI uri;

  /** Spark drivers of earlier servers from this run directory, stopped without them. */
  private final List<ProcessHandle> earlierDrivers = new ArrayList<>();

  private LocalLivy() throws IOException, InterruptedException {
    this(System.getProperty("livy4j.runDir"));
  }

  private LocalLivy(String runDir, String... options) throws IOException, InterruptedException {
    this.runDir = runDir;
    this.options = List.of(options);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash",
                script.toString(),
                "start",
                "--csrf",
                "--impersonation",
                "--run-dir",
                runDir,
                "--repl-jar",
                replJar));
    cmd.addAll(List.of(options));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("local-livy start did not finish in 15 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "local-livy start failed (exit " + p.exitValue() + "); see " + runDir + "/logs");
    }
    this.uri = URI.create(out.lines().reduce((a, b) -> b).orElseThrow());
  }

  /**
   * Starts a server of its own, next to the shared one.
   *
   * @param name the name of its run directory
   * @param options more {@code local-livy start} options
   * @return the running server, to close
   * @throws IOException if it cannot start
   * @throws InterruptedException if interrupted
   */
  static LocalLivy startOwn(String name, String... options)
      throws IOException, InterruptedException {
    return new LocalLivy(System.getProperty("livy4j.runDir") + "-" + name, options);
  }

  static LocalLivy get(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            LocalLivy.class,
            k -> {
              try {
                return new LocalLivy();
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start local Livy", e);
              }
            },
            LocalLivy.class);
  }

  URI uri() {
    return uri;
  }

  /**
   * Stops the server (and its Spark drivers) and starts it again at the same address, as
   * Livy without recovery does: it remembers no session, and counts ids from 0 again.
   *
   * @return the restarted server, to close
   * @throws Exception if it cannot restart
   */
  LocalLivy restart() throws Exception {
    close();
    List<String> again = new ArrayList<>(options);
    again.addAll(List.of("--port", String.valueOf(uri.getPort())));
    return new LocalLivy(runDir, again.toArray(String[]::new));
  }

  /**
   * Stops only the server, its Spark drivers running on, and starts it again at the same
   * address, as an operator restarting the server or a crash of the server alone would: a
   * server started with {@code --recovery} then recovers its sessions, with their ids,
   * statements and drivers.
   *
   * @return the restarted server, to close (which stops the drivers of both)
   * @throws Exception if it cannot restart
   */
  LocalLivy restartServer() throws Exception {
    List<ProcessHandle> drivers = drivers();
    Process p =
        new ProcessBuilder("bash", script.toString(), "stop", "--server-only", "--run-dir", runDir)
            .inheritIO()
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("local-livy stop --server-only failed; see " + runDir);
    }
    List<String> again = new ArrayList<>(options);
    again.addAll(List.of("--port", String.valueOf(uri.getPort())));
    LocalLivy restarted = new LocalLivy(runDir, again.toArray(String[]::new));
    restarted.earlierDrivers.addAll(drivers);
    return restarted;
  }

  /**
   * The Spark drivers (sessions and batches) that run for this run directory: the server's,
   * and those that earlier servers stopped by {@link #restartServer()} left running.
   *
   * @return the live driver processes
   * @throws IOException if the server's pid cannot be read
   */
  List<ProcessHandle> drivers() throws IOException {
    List<ProcessHandle> all = new ArrayList<>(earlierDrivers);
    Path pidFile = Path.of(runDir, "livy.pid");
    if (java.nio.file.Files.exists(pidFile)) {
      long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
      ProcessHandle.of(pid).ifPresent(server -> all.addAll(server.descendants().toList()));
    }
    return all.stream().filter(ProcessHandle::isAlive).toList();
  }

  /**
   * Kills every Spark driver the server started, at once and without warning, as a crash or
   * the out-of-memory killer would.
   *
   * @return how many processes were killed
   * @throws IOException if the server's pid cannot be read
   */
  int killDrivers() throws IOException {
    long pid = Long.parseLong(java.nio.file.Files.readString(Path.of(runDir, "livy.pid")).strip());
    List<ProcessHandle> drivers = ProcessHandle.of(pid).orElseThrow().descendants().toList();
    drivers.forEach(ProcessHandle::destroyForcibly);
    return drivers.size();
  }

  /** @return Livy's own test applications jar, in a directory the server allows */
  Path testAppsJar() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", script.toString(), "assemble")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String cache = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(5, TimeUnit.MINUTES);
    return Path.of(cache, "batch-jars", "livy-test-lib-0.7.1-incubating.jar");
  }

  @Override
  public void close() throws Exception {
    Process p =
        new ProcessBuilder("bash", script.toString(), "stop", "--run-dir", runDir)
            .inheritIO()
            .start();
    p.waitFor(60, TimeUnit.SECONDS);
  }
}
