package io.github.livy4j.apache.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses Apache Livy's session and statement bodies, leniently. */
final class ApacheJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApacheJson() {}

  static JsonNode parse(String body, String what) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new LivyClientException("Unexpected answer to " + what + ": not a JSON object",
            null);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new LivyClientException("Malformed JSON in the answer to " + what + ": "
          + e.getOriginalMessage(), null);
    }
  }

  static SessionInfo session(JsonNode n) {
    String id = text(n, "id");
    if (id == null) {
      throw new LivyClientException("Session answer has no id", null);
    }
    SessionInfo.Builder b = SessionInfo.builder(SessionId.of(id), orElse(text(n, "state"),
        "unknown"))
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
    n.path("appInfo").fields().forEachRemaining(e -> b.appInfo(e.getKey(),
        e.getValue().isNull() ? null : e.getValue().asText()));
    return b.build();
  }

  static StatementInfo statement(JsonNode n) {
    String id = text(n, "id");
    if (id == null) {
      throw new LivyClientException("Statement answer has no id", null);
    }
    StatementInfo.Builder b = StatementInfo.builder(StatementId.of(id),
        orElse(text(n, "state"), "unknown"));
    JsonNode progress = n.get("progress");
    if (progress != null && progress.isNumber()) {
      b.progress(progress.doubleValue());
    }
    b.started(epochMillis(n.get("started")));
    b.completed(epochMillis(n.get("completed")));
    JsonNode out = n.get("output");
    if (out != null && out.isObject()) {
      b.output(output(out));
    }
    return b.build();
  }

  private static StatementOutput output(JsonNode out) {
    JsonNode count = out.get("execution_count");
    Integer executionCount = count != null && count.canConvertToInt() ? count.asInt() : null;
    String status = orElse(text(out, "status"), "ok");
    if ("error".equalsIgnoreCase(status)) {
      List<String> traceback = new ArrayList<>();
      // servers have sent both a list and an empty object here
      JsonNode tb = out.path("traceback");
      if (tb.isArray()) {
        tb.forEach(l -> traceback.add(l.asText()));
      } else if (tb.isTextual()) {
        traceback.add(tb.textValue());
      }
      return StatementOutput.error(executionCount, orElse(text(out, "ename"), "Error"),
          orElse(text(out, "evalue"), ""), traceback);
    }
    Map<String, String> data = new LinkedHashMap<>();
    out.path("data").fields().forEachRemaining(e -> data.put(e.getKey(),
        e.getValue().toString()));
    return StatementOutput.ok(executionCount, data);
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
