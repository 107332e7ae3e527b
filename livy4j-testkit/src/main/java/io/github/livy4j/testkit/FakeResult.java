package io.github.livy4j.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a scripted statement produces, and how long it runs.
 *
 * <pre>{@code
 * fake.script("spark.range(100).count()", FakeResult.text("res0: Long = 100"));
 * fake.script("SELECT 1 AS one", FakeResult.sqlTable(List.of("one"), List.of("integer"),
 *     List.of(List.of(1))));
 * fake.script("slow()", FakeResult.text("done").taking(Duration.ofMinutes(5)));
 * }</pre>
 */
public final class FakeResult {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, Object> data;
  final String errorName;
  final String errorValue;
  final List<String> traceback;
  final Duration duration;
  final List<List<Object>> sqlRows;
  final ObjectNode sqlSchema;

  private FakeResult(
      Map<String, Object> data,
      String errorName,
      String errorValue,
      List<String> traceback,
      Duration duration,
      ObjectNode sqlSchema,
      List<List<Object>> sqlRows) {
    this.data = data;
    this.errorName = errorName;
    this.errorValue = errorValue;
    this.traceback = traceback;
    this.duration = duration;
    this.sqlSchema = sqlSchema;
    this.sqlRows = sqlRows;
  }

  /**
   * A {@code text/plain} result.
   *
   * @param text the text
   * @return the result
   */
  public static FakeResult text(String text) {
    return data(Map.of("text/plain", Objects.requireNonNull(text, "text")));
  }

  /**
   * An {@code application/json} result.
   *
   * @param json JSON text
   * @return the result
   * @throws IllegalArgumentException if the text is not JSON
   */
  public static FakeResult json(String json) {
    try {
      return data(Map.of("application/json", JSON.readTree(json)));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * An {@code image/png} result.
   *
   * @param png the image bytes
   * @return the result
   */
  public static FakeResult image(byte[] png) {
    return data(Map.of("image/png", Base64.getEncoder().encodeToString(png)));
  }

  /**
   * Any data by MIME type; values are written as JSON.
   *
   * @param data the data
   * @return the result
   */
  public static FakeResult data(Map<String, Object> data) {
    return new FakeResult(Map.copyOf(data), null, null, List.of(), null, null, null);
  }

  /**
   * A Spark SQL result: {@code application/json} with a Spark schema and rows. Livy caps
   * the rows at the server's SQL row limit.
   *
   * @param columns the column names
   * @param sparkTypes the Spark type of each column, such as {@code integer} or {@code date}
   * @param rows the rows
   * @return the result
   */
  public static FakeResult sqlTable(
      List<String> columns, List<String> sparkTypes, List<List<Object>> rows) {
    if (columns.size() != sparkTypes.size()) {
      throw new IllegalArgumentException("columns and sparkTypes differ in length");
    }
    ObjectNode schema = JSON.createObjectNode();
    schema.put("type", "struct");
    ArrayNode fields = schema.putArray("fields");
    for (int i = 0; i < columns.size(); i++) {
      ObjectNode f = fields.addObject();
      f.put("name", columns.get(i));
      f.put("type", sparkTypes.get(i));
      f.put("nullable", true);
      f.putObject("metadata");
    }
    return new FakeResult(Map.of(), null, null, List.of(), null, schema, List.copyOf(rows));
  }

  /**
   * A failed statement: {@code available} with an error output.
   *
   * @param errorName the {@code ename}
   * @param errorValue the {@code evalue}
   * @param traceback the traceback lines
   * @return the result
   */
  public static FakeResult error(String errorName, String errorValue, String... traceback) {
    return new FakeResult(
        Map.of(),
        Objects.requireNonNull(errorName, "errorName"),
        Objects.requireNonNull(errorValue, "errorValue"),
        List.of(traceback),
        null,
        null,
        null);
  }

  /**
   * The same result, running for a given time (progress grows evenly meanwhile).
   *
   * @param runningTime how long the statement runs
   * @return the result
   */
  public FakeResult taking(Duration runningTime) {
    Objects.requireNonNull(runningTime, "runningTime");
    if (runningTime.isNegative()) {
      throw new IllegalArgumentException("running time must not be negative");
    }
    return new FakeResult(data, errorName, errorValue, traceback, runningTime, sqlSchema, sqlRows);
  }
}
