package io.github.livy4j.benchmarks;

import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementOutput;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Heap for large results: a Spark SQL result of {@code rows} x 5 columns decoded into a
 * {@link Table}, and a text output of {@code textBytes}. Reports the payload, the bytes the
 * decoding allocated, and what the decoded value retains.
 */
public final class ResultHeap {
  /** What one measurement found. */
  public record Result(String what, long payloadBytes, long allocatedBytes, long retainedBytes) {}

  private ResultHeap() {}

  /** A SQL result's JSON: id, name, amount, flag and day columns. */
  static String sqlPayload(int rows) {
    StringBuilder b = new StringBuilder(rows * 60);
    b.append("{\"schema\":{\"type\":\"struct\",\"fields\":[")
        .append("{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}},")
        .append("{\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},")
        .append("{\"name\":\"amount\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}},")
        .append("{\"name\":\"flag\",\"type\":\"boolean\",\"nullable\":true,\"metadata\":{}},")
        .append("{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}}]},")
        .append("\"data\":[");
    for (int i = 0; i < rows; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('[').append(i).append(",\"name-").append(i).append("\",").append(i * 1.5)
          .append(',').append(i % 2 == 0).append(",\"2026-01-").append(10 + i % 20)
          .append("\"]");
    }
    return b.append("]}").toString();
  }

  /**
   * Measures decoding a SQL result into a table.
   *
   * @param rows how many rows
   * @return what it found
   */
  public static Result sql(int rows) {
    String payload = sqlPayload(rows);
    StatementResult r = result(Map.of("application/json", payload));
    long used = settledUsed();
    long allocated = allocated();
    Table t = r.table();
    allocated = allocated() - allocated;
    long retained = settledUsed() - used;
    if (t.rows().size() != rows) {
      throw new IllegalStateException("decoded " + t.rows().size() + " rows of " + rows);
    }
    return new Result(rows + " x 5 SQL result to a Table", payload.length(), allocated,
        retained);
  }

  /**
   * Measures reading a text output.
   *
   * @param bytes the output's size
   * @return what it found
   */
  public static Result text(int bytes) {
    String text = "x".repeat(bytes);
    String json = "\"" + text + "\"";
    text = null;
    StatementResult r = result(Map.of("text/plain", json));
    long used = settledUsed();
    long allocated = allocated();
    String out = r.text().orElseThrow();
    allocated = allocated() - allocated;
    long retained = settledUsed() - used;
    if (out.length() != bytes) {
      throw new IllegalStateException("read " + out.length() + " of " + bytes);
    }
    return new Result((bytes >> 20) + " MB text output", json.length(), allocated, retained);
  }

  /**
   * The smallest {@code -Xmx}, in MB, with which a fresh JVM decodes a SQL result of
   * {@code rows} rows into a table (the JVM's own floor included), found by halving.
   *
   * @param rows how many rows
   * @return the heap in MB
   * @throws Exception if a child JVM cannot be run
   */
  public static int smallestHeapMb(int rows) throws Exception {
    int works = 512;
    int fails = 4;
    while (works - fails > 1) {
      int mid = (works + fails) / 2;
      if (decodesWithin(mid, rows)) {
        works = mid;
      } else {
        fails = mid;
      }
    }
    return works;
  }

  private static boolean decodesWithin(int heapMb, int rows) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx" + heapMb + "m", "-cp",
        System.getProperty("java.class.path"), ResultHeap.class.getName(),
        Integer.toString(rows)).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  /**
   * Decodes one SQL result and exits 0, or fails: the probe {@link #smallestHeapMb} runs.
   *
   * @param args the number of rows
   */
  public static void main(String[] args) {
    int rows = Integer.parseInt(args[0]);
    Table t = result(Map.of("application/json", sqlPayload(rows))).table();
    if (t.size() != rows) {
      throw new IllegalStateException("decoded " + t.size() + " rows of " + rows);
    }
  }

  private static StatementResult result(Map<String, String> data) {
    return StatementResult.of(SessionId.of(1), StatementInfo.builder(StatementId.of(1),
        "available").output(StatementOutput.ok(1, data)).build());
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static long settledUsed() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
