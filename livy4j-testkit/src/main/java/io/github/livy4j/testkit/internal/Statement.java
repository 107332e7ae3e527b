package io.github.livy4j.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** A statement: waiting, running, cancelling, then available or cancelled. */
final class Statement {
  final int id;
  final String code;
  final String kind;
  final Instant submitted;
  final ScriptedResult result;
  final Duration duration;
  String state = "waiting";
  Instant start;
  Instant end;
  Instant cancelAt;
  ObjectNode output;

  Statement(
      int id,
      String code,
      String kind,
      Instant submitted,
      ScriptedResult result,
      Duration duration) {
    this.id = id;
    this.code = code;
    this.kind = kind;
    this.submitted = submitted;
    this.result = result;
    this.duration = duration;
  }

  boolean isFinished() {
    return state.equals("available") || state.equals("cancelled");
  }

  /** Ends the statement with its scripted output (an empty text when unscripted). */
  void finish(Instant at, int executionCount, int sqlRowLimit) {
    end = at;
    state = "available";
    ObjectNode out = Wire.JSON.createObjectNode();
    if (result != null && result.errorName() != null) {
      out.put("status", "error");
      out.put("execution_count", executionCount);
      out.put("ename", result.errorName());
      out.put("evalue", result.errorValue());
      ArrayNode tb = out.putArray("traceback");
      result.traceback().forEach(tb::add);
    } else {
      out.put("status", "ok");
      out.put("execution_count", executionCount);
      ObjectNode data = out.putObject("data");
      if (result == null) {
        data.put("text/plain", "");
      } else if (result.sqlSchema() != null) {
        ObjectNode json = data.putObject("application/json");
        json.set("schema", result.sqlSchema());
        ArrayNode rows = json.putArray("data");
        result.sqlRows().stream()
            .limit(sqlRowLimit)
            .forEach(row -> rows.add(Wire.JSON.valueToTree(row)));
      } else {
        result.data().forEach((mime, v) -> data.set(mime, Wire.JSON.valueToTree(v)));
      }
    }
    output = out;
  }

  /** Livy's 0..1 progress at {@code now}. */
  double progress(Instant now) {
    if (isFinished()) {
      return 1.0;
    }
    if (start == null || duration.isZero()) {
      return 0.0;
    }
    long done = Duration.between(start, now).toMillis();
    return Math.min(1.0, Math.max(0.0, done / (double) duration.toMillis()));
  }

  boolean failed() {
    return output != null && "error".equals(output.path("status").asText());
  }
}
