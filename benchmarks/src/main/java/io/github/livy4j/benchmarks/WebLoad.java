package io.github.livy4j.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.samples.web.WebLoadRig;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web sample under load, in one JVM: the fake Entra ID, the testkit's fake Livy and the web
 * app, and {@code --users} simulated people ({@link WebUser}) who all start at once (or spread
 * over {@code --ramp-ms}), each signing in through the whole Entra ID flow, creating a session,
 * running three statements and signing out. Prints the time of each kind of page (p50, p95, p99,
 * max), the JVM's threads by name before, at the peak and after, the heap after GC, and the
 * users that failed; exits with 1 if any did.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx1g -Dsun.net.httpserver.nodelay=true \
 *   -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)" \
 *   io.github.livy4j.benchmarks.WebLoad --users 500
 * </pre>
 */
public final class WebLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Requests to the fake Entra ID in flight at once: it answers one at a time. */
  static final int ENTRA_AT_ONCE = 8;

  /** How a run goes. */
  record Options(
      int users,
      Duration poll,
      Duration sessionStartup,
      Duration statementDuration,
      Duration ramp,
      Path json) {
    static Options parse(String[] args) {
      int users = 500;
      long poll = 1_000;
      long startup = 500;
      long statement = 200;
      long ramp = 0;
      Path json = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--users" -> users = positive(a, v);
          case "--poll-ms" -> poll = positive(a, v);
          case "--session-startup-ms" -> startup = positive(a, v);
          case "--statement-ms" -> statement = positive(a, v);
          case "--ramp-ms" -> ramp = number(a, v, 0);
          case "--json" -> json = Path.of(v);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + a
                      + "; the options are --users, --poll-ms, --session-startup-ms,"
                      + " --statement-ms, --ramp-ms and --json");
        }
      }
      return new Options(
          users,
          Duration.ofMillis(poll),
          Duration.ofMillis(startup),
          Duration.ofMillis(statement),
          Duration.ofMillis(ramp),
          json);
    }

    private static int positive(String option, String value) {
      return number(option, value, 1);
    }

    private static int number(String option, String value, int least) {
      int n;
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        n = least - 1;
      }
      if (n < least) {
        throw new IllegalArgumentException(
            option
                + " takes a "
                + (least > 0 ? "positive" : "non-negative")
                + " number, not '"
                + value
                + "'");
      }
      return n;
    }
  }

  /** What one run found; times in milliseconds, heap in bytes. */
  record Result(
      int users,
      long pollMs,
      long sessionStartupMs,
      long statementMs,
      long rampMs,
      double wallSeconds,
      List<String> failures,
      List<PageTimes.Summary> pages,
      Map<String, Integer> threadsBefore,
      Map<String, Integer> threadPeaks,
      Map<String, Integer> threadsAfter,
      Map<String, Integer> threadsSeen,
      int jvmPeakThreads,
      long jvmStartedThreads,
      long heapBefore,
      long heapPeakAfterGc,
      long collections,
      long heapAfter,
      int livySessionsLeft,
      int peakLivyRequests,
      double loadBefore,
      double loadAfter,
      String machine,
      int commonPoolParallelism) {}

  private WebLoad() {}

  /**
   * Runs the load and prints what it found.
   *
   * @param args {@code [--users N] [--poll-ms MS] [--session-startup-ms MS] [--statement-ms MS]
   *     [--ramp-ms MS] [--json FILE]}: 500 users, the page's 1 s refresh, 500 ms session
   *     start-up and 200 ms statements by default; {@code --json} also writes the result there.
   *     Or {@code --compare 100,500}: a run per count, each in a fresh JVM with the defaults, and
   *     the section of {@code RESULTS.md} that compares them
   * @throws Exception if the harness breaks
   */
  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    if (args.length == 2 && args[0].equals("--compare")) {
      compare(args[1]);
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("WebLoad: " + e.getMessage());
      System.exit(2);
      return;
    }
    Result r = run(options);
    System.out.print(WebLoadReport.run(r));
    if (options.json() != null) {
      Files.writeString(options.json(), JSON.writeValueAsString(r), StandardCharsets.UTF_8);
    }
    if (!r.failures().isEmpty()) {
      System.err.println("WebLoad: " + r.failures().size() + " users failed");
      System.exit(1);
    }
    System.exit(0);
  }

  /** Runs the load once per count of users, each in a fresh JVM, and prints the comparison. */
  private static void compare(String counts) throws Exception {
    List<Result> runs = new ArrayList<>();
    Path dir = Files.createTempDirectory("web-load");
    try {
      for (String c : counts.split(",")) {
        runs.add(inChildJvm(Options.positive("--compare", c.strip()), dir));
      }
    } catch (IllegalArgumentException e) {
      System.err.println("WebLoad: " + e.getMessage());
      System.exit(2);
    } finally {
      Files.deleteIfExists(dir);
    }
    System.out.print(WebLoadReport.section(runs));
    System.exit(0);
  }

  /**
   * Runs the load.
   *
   * @param o how
   * @return what it found
   * @throws Exception if the harness breaks
   */
  static Result run(Options o) throws Exception {
    // the load's threads, and the threads they start, in a group of their own
    ThreadGroup load = new ThreadGroup("web-load");
    ExecutorService clientThreads =
        Executors.newFixedThreadPool(4, named(load, "web-load-client-"));
    ExecutorService people = Executors.newFixedThreadPool(o.users(), named(load, "web-load-user-"));
    // built in the group, so that the client's own thread is in it too
    HttpClient http =
        inGroup(
            load,
            () ->
                HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .executor(clientThreads)
                    .build());
    WebUser.Settings settings =
        new WebUser.Settings(
            o.poll(), Duration.ofSeconds(60), Duration.ofSeconds(60), new Semaphore(ENTRA_AT_ONCE));
    // one user more than asked for: the first signs in and out alone, to warm the app up
    try (WebLoadRig rig =
        WebLoadRig.start(o.users() + 1, o.sessionStartup(), o.statementDuration())) {
      PageTimes warmUp = new PageTimes(WebUser.KINDS);
      people
          .submit(
              () -> {
                new WebUser(o.users(), rig.base(), http, warmUp, settings).run();
                return null;
              })
          .get(2, TimeUnit.MINUTES);
      double loadBefore = load();
      long heapBefore = JvmWatch.heapAfterFullGc();
      PageTimes times = new PageTimes(WebUser.KINDS);
      List<String> failures = new ArrayList<>();
      Map<String, Integer> before;
      Map<String, Integer> after;
      double wall;
      JvmWatch watch = new JvmWatch(load);
      try {
        before = watch.threadsByGroup();
        long start = System.nanoTime();
        List<Future<?>> users = new ArrayList<>();
        for (int i = 0; i < o.users(); i++) {
          WebUser u = new WebUser(i, rig.base(), http, times, settings);
          long delay = o.ramp().toMillis() * i / o.users();
          users.add(
              people.submit(
                  () -> {
                    Thread.sleep(delay);
                    u.run();
                    return null;
                  }));
        }
        long limit = o.ramp().toMinutes() + 10;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(limit);
        for (Future<?> f : users) {
          try {
            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (ExecutionException e) {
            failures.add(message(e.getCause()));
          } catch (TimeoutException e) {
            failures.add(
                "user " + (users.indexOf(f) + 1) + " had not finished after " + limit + " min");
          }
        }
        wall = (System.nanoTime() - start) / 1e9;
        after = watch.threadsByGroup();
      } finally {
        watch.close();
      }
      rig.forgetLivyRequests();
      int left = rig.livySessions();
      long heapAfter = JvmWatch.heapAfterFullGc();
      return new Result(
          o.users(),
          o.poll().toMillis(),
          o.sessionStartup().toMillis(),
          o.statementDuration().toMillis(),
          o.ramp().toMillis(),
          wall,
          failures,
          times.summaries(),
          before,
          watch.peaks(),
          after,
          watch.seen(),
          watch.jvmPeakThreads(),
          watch.jvmStartedThreads(),
          heapBefore,
          watch.peakHeapAfterGc(),
          watch.collections(),
          heapAfter,
          left,
          rig.peakLivyRequests(),
          loadBefore,
          load(),
          machine(),
          java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    } finally {
      people.shutdownNow();
      clientThreads.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory named(ThreadGroup group, String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(group, r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Runs the load in a child JVM with the given heap, as {@code benchmarks/run} does.
   *
   * @param users how many users
   * @param dir where the child writes its result
   * @return what it found
   * @throws Exception if the child fails
   */
  static Result inChildJvm(int users, Path dir) throws Exception {
    Path json = dir.resolve("web-load-" + users + ".json");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-Dsun.net.httpserver.nodelay=true",
                "-cp",
                System.getProperty("java.class.path"),
                WebLoad.class.getName(),
                "--users",
                Integer.toString(users),
                "--json",
                json.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD) // its report is in the result
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("the web load with " + users + " users took over 20 min");
    }
    if (!Files.exists(json)) {
      throw new IllegalStateException(
          "the web load with " + users + " users ended with " + p.exitValue() + " and no result");
    }
    Result r = JSON.readValue(json.toFile(), Result.class);
    Files.delete(json);
    if (!r.failures().isEmpty()) {
      throw new IllegalStateException(
          "the web load with "
              + users
              + " users had "
              + r.failures().size()
              + " failures, the first: "
              + r.failures().get(0));
    }
    return r;
  }

  /** Runs a task on a new thread of a group, and waits for it. */
  private static <T> T inGroup(ThreadGroup group, java.util.concurrent.Callable<T> task)
      throws Exception {
    CompletableFuture<T> out = new CompletableFuture<>();
    Thread t =
        new Thread(
            group,
            () -> {
              try {
                out.complete(task.call());
              } catch (Exception | Error e) {
                out.completeExceptionally(e);
              }
            },
            "web-load-setup");
    t.start();
    return out.get(1, TimeUnit.MINUTES);
  }

  private static String message(Throwable e) {
    return e instanceof WebUser.Failure ? e.getMessage() : e.toString();
  }

  /** @return the machine and the JVM: cores, Java, collectors, heap and arguments */
  static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        java.util.Locale.ROOT,
        "%s %s (%s), %d cores; Java %s (%s); collectors %s; max heap %d MB; JVM arguments: %s",
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        rt.availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(java.lang.management.GarbageCollectorMXBean::getName)
            .collect(java.util.stream.Collectors.joining(", ")),
        rt.maxMemory() >> 20,
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
