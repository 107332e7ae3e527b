package io.github.livy4j.spi;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementOutput;
import io.github.livy4j.internal.json.Json;
import io.github.livy4j.internal.json.OutputData;
import io.github.livy4j.internal.json.StatementReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON objects every Livy dialect shares, leniently: a session (or batch) and a
 * statement with its output. For backends; dialect-specific fields are the backend's to read.
 */
public final class LivyJson {
  private LivyJson() {}

  /**
   * Reads a Livy session or batch object ({@code id}, {@code name}, {@code state}, {@code kind},
   * {@code appId}, {@code owner}, {@code proxyUser}, {@code appInfo}, {@code log}).
   *
   * @param json the object as JSON text
   * @return a builder holding those fields, for the backend to finish
   * @throws LivyClientException if the text is not a JSON object with an id
   */
  public static SessionInfo.Builder session(String json) {
    JsonNode n = object(json, "session");
    String id = text(n, "id");
    if (id == null) {
      throw new LivyClientException("Session answer has no id", null, true);
    }
    SessionInfo.Builder b =
        SessionInfo.builder(SessionId.of(id), orElse(text(n, "state"), "unknown"))
            .name(text(n, "name"))
            .kind(CodeKind.fromWireName(text(n, "kind")).orElse(null))
            .appId(text(n, "appId"))
            .owner(text(n, "owner"))
            .proxyUser(text(n, "proxyUser"));
    JsonNode log = n.path("log");
    if (log.isArray()) {
      List<String> lines = new ArrayList<>();
      log.forEach(l -> lines.add(l.asText()));
      b.log(lines);
    }
    n.path("appInfo")
        .properties()
        .forEach(e -> b.appInfo(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    return b;
  }

  /**
   * Reads a Livy statement object with its output ({@code status ok} with {@code data}, or
   * {@code status error} with {@code ename}, {@code evalue} and a traceback list or object).
   *
   * @param json the object as JSON text
   * @return the statement
   * @throws LivyClientException if the text is not a JSON object with an id
   */
  public static StatementInfo statement(String json) {
    JsonNode n = object(json, "statement");
    String id = text(n, "id");
    if (id == null) {
      throw new LivyClientException("Statement answer has no id", null, true);
    }
    StatementInfo.Builder b =
        StatementInfo.builder(StatementId.of(id), orElse(text(n, "state"), "unknown"));
    JsonNode progress = n.get("progress");
    if (progress != null && progress.isNumber()) {
      b.progress(progress.doubleValue());
    }
    b.started(epochMillis(n.get("started")));
    b.completed(epochMillis(n.get("completed")));
    b.code(text(n, "code"));
    JsonNode out = n.get("output");
    if (out != null && out.isObject()) {
      b.output(output(out));
    }
    return b.build();
  }

  /**
   * Reads a statement as {@link #statement(String)} does, straight from the answer as it
   * arrives: the answer is never held whole, a string output value is decoded into its
   * {@link String} and any other output value kept compact.
   *
   * @param json the object as UTF-8 JSON
   * @return the statement
   * @throws IOException if reading the stream fails
   * @throws LivyClientException if the text is not a JSON object with an id
   */
  public static StatementInfo statement(InputStream json) throws IOException {
    return StatementReader.statement(json);
  }

  /**
   * Reads a list of statements as {@link #items(String)} and {@link #statement(String)} do,
   * straight from the answer as it arrives.
   *
   * @param json the list answer as UTF-8 JSON
   * @return the statements
   * @throws IOException if reading the stream fails
   * @throws LivyClientException if the text is not JSON or an item not a statement
   */
  public static List<StatementInfo> statements(InputStream json) throws IOException {
    return StatementReader.statements(json);
  }

  /**
   * Splits a list answer into its items' JSON texts, whichever key the dialect uses
   * ({@code sessions}, {@code items} or {@code statements}).
   *
   * @param json the list answer
   * @return the items as JSON text
   */
  public static List<String> items(String json) {
    JsonNode n = object(json, "list");
    for (String key : List.of("items", "sessions", "statements", "value")) {
      JsonNode a = n.get(key);
      if (a != null && a.isArray()) {
        List<String> out = new ArrayList<>(a.size());
        a.forEach(i -> out.add(i.toString()));
        return out;
      }
    }
    return List.of();
  }

  /**
   * A string value of a statement's output, decoded, without writing it as JSON text first (a
   * text output may run to hundreds of megabytes).
   *
   * @param statement the statement
   * @param mimeType the MIME type, such as {@code text/plain}
   * @return the string, or {@code null} if there is no output, no such value, or it is not a
   *     JSON string
   */
  public static String text(StatementInfo statement, String mimeType) {
    StatementOutput out = statement.output().orElse(null);
    if (out == null || !out.data().containsKey(mimeType)) {
      return null;
    }
    if (out.data() instanceof OutputData d) {
      return d.text(mimeType);
    }
    JsonNode v = Json.parse(out.data().get(mimeType), "the " + mimeType + " output");
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  /**
   * A statement with one value of its output replaced by a string, kept decoded: for a backend
   * that reads a long output in parts and hands it out whole.
   *
   * @param statement the statement, with a successful output
   * @param mimeType the MIME type, such as {@code text/plain}
   * @param text the whole string
   * @return the statement with the new value
   * @throws IllegalArgumentException if the statement has no successful output
   */
  public static StatementInfo withText(StatementInfo statement, String mimeType, String text) {
    StatementOutput out =
        statement
            .output()
            .filter(StatementOutput::isOk)
            .orElseThrow(
                () ->
                    new IllegalArgumentException("statement " + statement.id() + " has no output"));
    Map<String, String> data;
    if (out.data() instanceof OutputData d) {
      data = d.withText(mimeType, text);
    } else {
      data = new LinkedHashMap<>(out.data());
      data.put(mimeType, OutputData.quote(text));
    }
    StatementInfo.Builder b =
        StatementInfo.builder(statement.id(), statement.rawState())
            .started(statement.started().orElse(null))
            .completed(statement.completed().orElse(null))
            .code(statement.code().orElse(null))
            .output(
                StatementOutput.ok(
                    out.executionCount().isPresent() ? out.executionCount().getAsInt() : null,
                    data));
    statement.progress().ifPresent(b::progress);
    return b.build();
  }

  private static StatementOutput output(JsonNode out) {
    JsonNode count = out.get("execution_count");
    Integer executionCount = count != null && count.canConvertToInt() ? count.asInt() : null;
    String status = orElse(text(out, "status"), "ok");
    if ("error".equalsIgnoreCase(status)) {
      List<String> traceback = new ArrayList<>();
      JsonNode tb = out.path("traceback");
      if (tb.isArray()) {
        tb.forEach(l -> traceback.add(l.asText()));
      } else if (tb.isTextual()) {
        traceback.add(tb.textValue());
      }
      return StatementOutput.error(
          executionCount,
          orElse(text(out, "ename"), "Error"),
          orElse(text(out, "evalue"), ""),
          traceback);
    }
    Map<String, String> data = new LinkedHashMap<>();
    out.path("data").properties().forEach(e -> data.put(e.getKey(), jsonText(e.getValue())));
    return StatementOutput.ok(executionCount, data);
  }

  /** A value as JSON text; a string, the common case, without a generator. */
  private static String jsonText(JsonNode v) {
    if (!v.isTextual()) {
      return v.toString();
    }
    char[] quoted = JsonStringEncoder.getInstance().quoteAsString(v.textValue());
    return new StringBuilder(quoted.length + 2).append('"').append(quoted).append('"').toString();
  }

  private static JsonNode object(String json, String what) {
    // the server answered: what it did is unknown when its answer cannot be read
    JsonNode n;
    try {
      n = Json.parse(json, "the " + what + " answer");
    } catch (LivyClientException e) {
      throw new LivyClientException(e.getMessage(), null, true);
    }
    if (n == null || !n.isObject()) {
      throw new LivyClientException(
          "Unexpected " + what + " answer: not a JSON object", null, true);
    }
    return n;
  }

  private static Instant epochMillis(JsonNode v) {
    return v != null && v.isNumber() && v.asLong() > 0 ? Instant.ofEpochMilli(v.asLong()) : null;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String orElse(String v, String fallback) {
    return v == null ? fallback : v;
  }
}
