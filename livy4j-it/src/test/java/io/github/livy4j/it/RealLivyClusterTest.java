package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.Table;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.StatementPoller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Apache Livy whose Spark is a standalone cluster of a master and two workers, each a
 * JVM of its own ({@code local-livy start --cluster 2}). One Scala session serves the statement
 * tests, and a batch runs while it starts; the last test kills a worker under a running
 * statement, and closing the server leaves no process behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealLivyClusterTest {
  @TempDir static Path tmp;

  private LocalLivy server;
  private LivyClient client;
  private LivySession session;
  private BatchPoller batch;
  private Path batchOut;

  @BeforeAll
  void start() throws Exception {
    server = LocalLivy.startOwn("cluster", "--cluster", "2");
    client =
        LivyClient.builder()
            .backend(ApacheLivy.at(server.uri()))
            .polling(PollingOptions.builder().timeout(Duration.ofMinutes(3)).build())
            .build();
    // the batch runs while the session starts: each worker has room for both
    Poller<LivySession> starting =
        client.beginCreateSession(
            SessionSpec.builder().kind(CodeKind.SPARK).namePrefix("it-cluster-").build());
    batchOut = tmp.resolve("batch-out");
    batch =
        client.submitBatch(
            BatchSpec.builder("file://" + server.testAppsJar())
                .className("org.apache.livy.test.apps.SimpleSparkApp")
                .args(List.of("file://" + batchOut))
                .namePrefix("it-cluster-batch-")
                .build());
    session = starting.waitForCompletion();
  }

  @AfterAll
  void stop() throws Exception {
    List<ProcessHandle> processes = server == null ? List.of() : server.processes();
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    for (ProcessHandle p : processes) {
      p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join();
    }
    assertThat(processes)
        .as(
            "the server, its drivers, the Spark master, the workers and their executors, after stop")
        .isNotEmpty()
        .noneMatch(ProcessHandle::isAlive);
  }

  /** @return the worker that launched the given process */
  private ProcessHandle workerOf(long pid) throws Exception {
    return server.sparkWorkers().stream()
        .filter(w -> w.descendants().anyMatch(d -> d.pid() == pid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Spark worker launched process " + pid));
  }

  @Test
  @Order(1)
  void tasks_runInTwoExecutorJvms_launchedByDifferentWorkers_notInTheDriver() throws Exception {
    String text =
        session
            .execute(
                Code.scala(
                    """
                    {
                      // the first tasks go one to each executor there is: both, once registered
                      val until = System.nanoTime + 60000000000L
                      while (sc.statusTracker.getExecutorInfos.length < 3 && System.nanoTime < until)
                        Thread.sleep(100)
                      val pids = sc.parallelize(1 to 8, 8)
                        .map { _ => Thread.sleep(100); ProcessHandle.current.pid }
                        .collect.distinct.sorted
                      s"driver=${ProcessHandle.current.pid} executors=${pids.mkString(",")}"
                    }"""))
            .text()
            .orElseThrow();
    Matcher m = Pattern.compile("driver=(\\d+) executors=([\\d,]+)").matcher(text);
    assertThat(m.find()).as("the statement's answer: %s", text).isTrue();
    long driver = Long.parseLong(m.group(1));
    List<Long> executors = Arrays.stream(m.group(2).split(",")).map(Long::valueOf).toList();
    assertThat(executors).hasSizeGreaterThanOrEqualTo(2).doesNotContain(driver);
    Set<Long> workers = new TreeSet<>();
    for (long executor : executors) {
      workers.add(workerOf(executor).pid());
    }
    assertThat(workers).as("workers whose executors ran the tasks").hasSize(2);
  }

  @Test
  @Order(2)
  void sqlOverAShuffle_returnsTheTypedTable_ofLocalMode() {
    Table t =
        session
            .execute(
                Code.sql(
                    "SELECT k, count(*) AS n, sum(id) AS total, avg(id) AS mean, max(day) AS last"
                        + " FROM (SELECT /*+ REPARTITION(4) */ id, id % 5 AS k,"
                        + " date_add(DATE'2026-01-01', CAST(id % 7 AS INT)) AS day"
                        + " FROM range(0, 10000, 1, 3))"
                        + " GROUP BY k ORDER BY k"))
            .table();
    assertThat(t.columns())
        .extracting(Table.Column::sparkType)
        .containsExactly("long", "long", "long", "double", "date");
    // the same aggregates, computed here
    Map<Long, long[]> expected = new TreeMap<>();
    for (long id = 0; id < 10000; id++) {
      long[] agg = expected.computeIfAbsent(id % 5, k -> new long[3]);
      agg[0]++;
      agg[1] += id;
      agg[2] = Math.max(agg[2], id % 7);
    }
    assertThat(t.size()).isEqualTo(expected.size());
    int i = 0;
    for (Map.Entry<Long, long[]> e : expected.entrySet()) {
      Table.Row row = t.rows().get(i++);
      long[] agg = e.getValue();
      assertThat(row.get("k")).isEqualTo(e.getKey());
      assertThat(row.get("n")).isEqualTo(agg[0]);
      assertThat(row.get("total")).isEqualTo(agg[1]);
      assertThat(row.get("mean")).isEqualTo((double) agg[1] / agg[0]);
      assertThat(row.get("last")).isEqualTo(LocalDate.of(2026, 1, 1).plusDays(agg[2]));
    }
  }

  @Test
  @Order(3)
  void aBatch_runsToSuccess_onTheClustersExecutors() throws Exception {
    SessionInfo done = batch.waitForCompletion();
    assertThat(done.state()).isEqualTo(SessionState.SUCCESS);
    StringBuilder words = new StringBuilder();
    try (Stream<Path> parts = Files.list(batchOut)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        words.append(Files.readString(part));
      }
    }
    assertThat(words.toString()).contains("(quick,5)", "(jumped,6)", "(the,3)");
    String name = done.name().orElseThrow();
    assertThat(server.sparkMasterLog())
        .as("the master's log")
        .contains("Registered app " + name + " with ID");
    batch.delete();
  }

  @Test
  @Order(4)
  void aWorkerKilledUnderARunningStatement_hasItsTaskRunAgain_andTheStatementSucceeds()
      throws Exception {
    Path marks = Files.createDirectories(tmp.resolve("marks"));
    // each task leaves a mark naming itself and its JVM, then waits for the go-ahead
    StatementPoller p =
        session.beginExecute(
            Code.scala(
                """
                {
                  import java.nio.file.{Files, Paths}
                  val marks = "%s"
                  val ran = sc.parallelize(1 to 4, 4).map { i =>
                    val pid = ProcessHandle.current.pid
                    Files.write(Paths.get(marks, s"task-$i-$pid"), Array[Byte]())
                    val until = System.nanoTime + 120000000000L
                    while (!Files.exists(Paths.get(marks, "go")) && System.nanoTime < until)
                      Thread.sleep(50)
                    i
                  }.collect
                  ran.mkString(",")
                }"""
                    .formatted(marks)));
    // both executors hold a task: one of them loses its worker
    Map<Integer, Set<Long>> running = awaitTasksInJvms(p, marks, 2);
    long victim = running.values().stream().flatMap(Set::stream).max(Long::compare).orElseThrow();
    int lostTask =
        running.entrySet().stream()
            .filter(e -> e.getValue().contains(victim))
            .findFirst()
            .orElseThrow()
            .getKey();
    ProcessHandle worker = server.killWorkerOf(victim);
    assertThat(worker.onExit().completeOnTimeout(worker, 30, TimeUnit.SECONDS).join().isAlive())
        .as("the killed worker")
        .isFalse();
    Files.createFile(marks.resolve("go"));

    assertThat(p.waitForCompletion(Duration.ofMinutes(2)).text())
        .hasValueSatisfying(t -> assertThat(t).endsWith("String = 1,2,3,4"));
    assertThat(tasks(marks).get(lostTask))
        .as("the JVMs that ran task %d, which lost its executor", lostTask)
        .contains(victim)
        .hasSizeGreaterThanOrEqualTo(2);
  }

  /** Waits until the statement's tasks run in the given number of JVMs. */
  private static Map<Integer, Set<Long>> awaitTasksInJvms(StatementPoller p, Path marks, int jvms)
      throws Exception {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      Map<Integer, Set<Long>> tasks = tasks(marks);
      if (tasks.values().stream().flatMap(Set::stream).distinct().count() >= jvms) {
        return tasks;
      }
      p.poll();
      if (p.isDone()) {
        p.waitForCompletion(Duration.ofSeconds(10)); // throws what ended it
        throw new AssertionError("the statement ended before its tasks ran in " + jvms + " JVMs");
      }
      assertThat(System.nanoTime())
          .as("tasks run in %d JVMs within a minute: %s", jvms, tasks)
          .isLessThan(until);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /** @return the JVMs each task has run in, by task */
  private static Map<Integer, Set<Long>> tasks(Path marks) throws Exception {
    Pattern mark = Pattern.compile("task-(\\d+)-(\\d+)");
    List<Matcher> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(marks)) {
      files
          .map(f -> mark.matcher(f.getFileName().toString()))
          .filter(Matcher::matches)
          .forEach(found::add);
    }
    return found.stream()
        .collect(
            Collectors.groupingBy(
                m -> Integer.valueOf(m.group(1)),
                TreeMap::new,
                Collectors.mapping(
                    m -> Long.valueOf(m.group(2)), Collectors.toCollection(TreeSet::new))));
  }
}
