package io.github.livy4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The output of a finished statement as the server sent it: a status, and either data by MIME
 * type or an error.
 *
 * <p>Data values are kept as JSON text (a JSON string for {@code text/plain}); decode them with
 * {@link StatementResult}. Backends build outputs with {@link #ok} and {@link #error}.
 */
public final class StatementOutput {
  private final String status;
  private final Integer executionCount;
  private final Map<String, String> data;
  private final String errorName;
  private final String errorValue;
  private final List<String> traceback;

  private StatementOutput(
      String status,
      Integer executionCount,
      Map<String, String> data,
      String errorName,
      String errorValue,
      List<String> traceback) {
    this.status = Objects.requireNonNull(status, "status");
    this.executionCount = executionCount;
    // a backend's streamed output is immutable and compact already: not copied (or rendered)
    this.data =
        data instanceof io.github.livy4j.internal.json.OutputData
            ? data
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    this.errorName = errorName;
    this.errorValue = errorValue;
    this.traceback = List.copyOf(traceback);
  }

  /**
   * A successful output.
   *
   * @param executionCount the interpreter's execution counter, or {@code null}
   * @param data the data by MIME type, each value as JSON text
   * @return the output
   */
  public static StatementOutput ok(Integer executionCount, Map<String, String> data) {
    return new StatementOutput("ok", executionCount, data, null, null, List.of());
  }

  /**
   * A failed output.
   *
   * @param executionCount the interpreter's execution counter, or {@code null}
   * @param errorName the error name ({@code ename})
   * @param errorValue the error message ({@code evalue})
   * @param traceback the traceback lines
   * @return the output
   */
  public static StatementOutput error(
      Integer executionCount, String errorName, String errorValue, List<String> traceback) {
    return new StatementOutput(
        "error",
        executionCount,
        Map.of(),
        Objects.requireNonNull(errorName, "errorName"),
        Objects.requireNonNull(errorValue, "errorValue"),
        traceback);
  }

  /** @return whether the statement succeeded */
  public boolean isOk() {
    return "ok".equals(status);
  }

  /** @return the status as the server named it ({@code ok} or {@code error}) */
  public String status() {
    return status;
  }

  /** @return the interpreter's execution counter, when sent */
  public OptionalInt executionCount() {
    return executionCount == null ? OptionalInt.empty() : OptionalInt.of(executionCount);
  }

  /** @return the data by MIME type, each value as JSON text; empty for errors */
  public Map<String, String> data() {
    return data;
  }

  /** @return the error name, for a failed statement */
  public Optional<String> errorName() {
    return Optional.ofNullable(errorName);
  }

  /** @return the error message, for a failed statement */
  public Optional<String> errorValue() {
    return Optional.ofNullable(errorValue);
  }

  /** @return the traceback lines, for a failed statement; possibly empty */
  public List<String> traceback() {
    return traceback;
  }

  @Override
  public String toString() {
    return "StatementOutput[status=" + status + ", mimeTypes=" + data.keySet() + "]";
  }
}
