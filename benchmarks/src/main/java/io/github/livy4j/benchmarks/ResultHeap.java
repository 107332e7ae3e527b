package io.github.livy4j.benchmarks;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Heap for large results, measured on the user's path: a fresh child JVM builds a
 * {@link LivyClient} for a {@link FakeLivy} (which runs in this JVM, so that its memory is not
 * counted), creates a session, reads a large statement answer over loopback HTTP with
 * {@code session.execute(...)} (the statement runs 100 ms, so that its output comes with a
 * read of the statement, as from a real Livy) and decodes it ({@code table()} for a 5-column Spark SQL
 * result, {@code text()} for a text output). The smallest {@code -Xmx} with which it succeeds
 * is found by halving, and so is the floor: the same program reading a one-row result.
 * Allocation is counted in a child with a large heap, summed over its threads
 * ({@code ThreadMXBean#getThreadAllocatedBytes}) around {@code execute} and the decoding.
 */
public final class ResultHeap {
  /**
   * What one measurement found.
   *
   * @param what the result read
   * @param payloadBytes the size of the statement answer on the wire
   * @param heapMb the smallest {@code -Xmx} that reads it
   * @param floorMb the smallest {@code -Xmx} that reads a one-row result the same way
   * @param allocatedBytes the bytes allocated by the read and the decoding
   */
  public record Result(
      String what, long payloadBytes, int heapMb, int floorMb, long allocatedBytes) {
    /** @return the heap above the floor, per byte of payload */
    public double heapPerPayload() {
      return ((heapMb - floorMb) << 20) / (double) payloadBytes;
    }

    /** @return the bytes allocated per byte of payload */
    public double allocatedPerPayload() {
      return allocatedBytes / (double) payloadBytes;
    }
  }

  private static final String SQL = "SELECT * FROM big";
  private static final String TINY = "SELECT 1 AS one";
  private static final String TEXT = "print(big)";

  private ResultHeap() {}

  /**
   * Measures the SQL result and the text output.
   *
   * @param rows the SQL result's rows (5 columns)
   * @param textBytes the text output's size
   * @param bisect whether to find the smallest heaps (else only allocation is measured)
   * @return the SQL result's and the text output's measurements
   * @throws Exception if a child JVM cannot be run
   */
  public static List<Result> run(int rows, int textBytes, boolean bisect) throws Exception {
    try (FakeLivy fake =
        FakeLivy.builder()
            .sessionStartup(Duration.ZERO)
            .statementDuration(Duration.ofMillis(100))
            .sqlRowLimit(rows + 1)
            .start()) {
      fake.script(
          SQL,
          FakeResult.sqlTable(
              List.of("id", "name", "amount", "flag", "day"),
              List.of("long", "string", "double", "boolean", "date"),
              sqlRows(rows)));
      fake.script(
          TINY, FakeResult.sqlTable(List.of("one"), List.of("integer"), List.of(List.of(1))));
      fake.script(TEXT, FakeResult.text(text(textBytes)));
      String uri = fake.uri().toString();
      int floor = bisect ? smallestHeapMb(uri, "tiny", 1) : 0;
      List<Result> out = new ArrayList<>();
      String[] sql = probe(1024, uri, "sql", rows, true);
      out.add(
          new Result(
              rows + " x 5 SQL result, `execute` + `table()`",
              Long.parseLong(sql[0]),
              bisect ? smallestHeapMb(uri, "sql", rows) : 0,
              floor,
              Long.parseLong(sql[1])));
      String[] txt = probe(2048, uri, "text", textBytes, true);
      out.add(
          new Result(
              (textBytes >> 20) + " MB text output, `execute` + `text()`",
              Long.parseLong(txt[0]),
              bisect ? smallestHeapMb(uri, "text", textBytes) : 0,
              floor,
              Long.parseLong(txt[1])));
      return out;
    }
  }

  /** Rows of id, name, amount, flag and day. */
  static List<List<Object>> sqlRows(int rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(
          List.of(
              (long) i,
              "name-" + i,
              i * 1.5,
              i % 2 == 0,
              LocalDate.of(2026, 1, 10 + i % 20).toString()));
    }
    return out;
  }

  /** Text of lines of printable ASCII. */
  static String text(int bytes) {
    StringBuilder b = new StringBuilder(bytes);
    int line = 0;
    while (b.length() < bytes) {
      b.append("line ").append(line++).append(": the quick brown fox jumps over the lazy dog\n");
    }
    b.setLength(bytes);
    return b.toString();
  }

  /** The smallest {@code -Xmx}, in MB, with which a child reads the result, by halving. */
  private static int smallestHeapMb(String uri, String what, int size) throws Exception {
    int works = 64;
    while (probe(works, uri, what, size, false) == null) {
      works *= 2;
      if (works > 8192) {
        throw new IllegalStateException("no heap up to 8 GB reads the " + what + " result");
      }
    }
    int fails = 3;
    while (works - fails > 1) {
      int mid = (works + fails) / 2;
      if (probe(mid, uri, what, size, false) != null) {
        works = mid;
      } else {
        fails = mid;
      }
    }
    return works;
  }

  /**
   * Runs a child JVM that reads one result.
   *
   * @return the payload and the allocated bytes it printed, or {@code null} if it failed
   */
  private static String[] probe(int heapMb, String uri, String what, int size, boolean measure)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx" + heapMb + "m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                ResultHeap.class.getName(),
                uri,
                what,
                Integer.toString(size),
                Boolean.toString(measure))
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return null;
    }
    if (p.exitValue() != 0) {
      if (measure) {
        throw new IllegalStateException("the " + what + " probe failed: " + new String(out));
      }
      return null;
    }
    String[] lines = new String(out).strip().split("\n");
    return lines[lines.length - 1].strip().split(" ");
  }

  /**
   * The child: reads one result through the client and exits 0, or fails.
   *
   * @param args the server's URI, {@code sql}, {@code tiny} or {@code text}, the expected rows
   *     or characters, and whether to print the payload and the allocated bytes
   */
  public static void main(String[] args) {
    try {
      URI uri = URI.create(args[0]);
      String what = args[1];
      int expected = Integer.parseInt(args[2]);
      boolean measure = Boolean.parseBoolean(args[3]);
      try (LivyClient client = LivyClient.builder().backend(ApacheLivy.at(uri)).build();
          LivySession session =
              client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
        long before = measure ? allocated() : 0;
        StatementResult r =
            session.execute(
                what.equals("text") ? Code.scala(TEXT) : Code.sql(what.equals("sql") ? SQL : TINY));
        int got = what.equals("text") ? r.text().orElseThrow().length() : r.table().size();
        long allocated = measure ? allocated() - before : 0;
        if (got != expected) {
          throw new IllegalStateException("read " + got + " of " + expected);
        }
        if (measure) {
          System.out.println(payload(uri, session, r) + " " + allocated);
        }
      }
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** The statement answer's size, read again with a bare client. */
  private static long payload(URI uri, LivySession session, StatementResult r) throws Exception {
    HttpResponse<byte[]> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            uri
                                + "/sessions/"
                                + session.id().value()
                                + "/statements/"
                                + r.statementId().value()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    return answer.body().length;
  }

  /** The bytes allocated so far by the JVM's live threads. */
  private static long allocated() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, a);
    }
    return sum;
  }
}
