package io.github.livy4j.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  /**
   * The workers of the Spark cluster the server runs on (started with {@code --cluster N}).
   *
   * @return the workers' JVMs still running, in order
   * @throws IOException if a worker's pid cannot be read
   */
  List<ProcessHandle> sparkWorkers() throws IOException {
    List<ProcessHandle> workers = new ArrayList<>();
    for (int i = 1; Files.exists(clusterPid("worker-" + i)); i++) {
      ProcessHandle.of(Long.parseLong(Files.readString(clusterPid("worker-" + i)).strip()))
          .filter(ProcessHandle::isAlive)
          .ifPresent(workers::add);
    }
    return workers;
  }

  /**
   * Every process the server runs as: the server and its Spark drivers, and with a cluster its
   * master and workers and every executor (or driver) they launched.
   *
   * @return the processes running now
   * @throws IOException if a pid cannot be read
   */
  List<ProcessHandle> processes() throws IOException {
    List<ProcessHandle> roots = new ArrayList<>(sparkWorkers());
    for (Path pid : List.of(Path.of(runDir, "livy.pid"), clusterPid("master"))) {
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(roots::add);
      }
    }
    List<ProcessHandle> all = new ArrayList<>();
    for (ProcessHandle root : roots) {
      all.add(root);
      all.addAll(root.descendants().toList());
    }
    return all.stream().filter(ProcessHandle::isAlive).toList();
  }

  /**
   * Kills, at once and without warning, the Spark worker that launched the given executor,
   * with every process the worker started, as the loss of its machine would.
   *
   * @param executorPid the executor's process id
   * @return the killed worker
   * @throws IOException if the workers' pids cannot be read
   */
  ProcessHandle killWorkerOf(long executorPid) throws IOException {
    for (ProcessHandle worker : sparkWorkers()) {
      // taken before the worker dies: its children are then no longer its descendants
      List<ProcessHandle> launched = worker.descendants().toList();
      if (launched.stream().anyMatch(p -> p.pid() == executorPid)) {
        worker.destroyForcibly();
        launched.forEach(ProcessHandle::destroyForcibly);
        return worker;
      }
    }
    throw new IllegalStateException("no Spark worker launched process " + executorPid);
  }

  /**
   * @return what the Spark master of the server's cluster has logged
   * @throws IOException if the log cannot be read
   */
  String sparkMasterLog() throws IOException {
    return Files.readString(Path.of(runDir, "logs", "spark-master.log"));
  }

  private Path clusterPid(String name) {
    return Path.of(runDir, "cluster", name + ".pid");
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
