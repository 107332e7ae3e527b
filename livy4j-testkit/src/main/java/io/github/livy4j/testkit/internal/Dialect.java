package io.github.livy4j.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wire format over the {@link Model}: routing, JSON and error wording. What both formats
 * share (request checks, statements) is here; each subclass stays with its own dialect.
 */
abstract class Dialect {
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

  /** The fields of a batch request, in both dialects. */
  static final List<String> BATCH_FIELDS =
      List.of(
          "file",
          "proxyUser",
          "className",
          "args",
          "jars",
          "pyFiles",
          "files",
          "driverMemory",
          "driverCores",
          "executorMemory",
          "executorCores",
          "numExecutors",
          "archives",
          "queue",
          "name",
          "conf");

  final Model model;
  final String versionText;
  final int major;
  final int minor;

  Dialect(Model model, String version) {
    this.model = model;
    this.versionText = version;
    Matcher m = VERSION.matcher(version);
    if (!m.find()) {
      throw new IllegalArgumentException("Livy version '" + version + "' is not like 0.7.1");
    }
    this.major = Integer.parseInt(m.group(1));
    this.minor = Integer.parseInt(m.group(2));
  }

  /** Answers a request; the model is already brought to the clock's time. */
  abstract Reply route(String method, String path, Map<String, String> params, String body);

  /** A message answer ({@code {"msg"}} or the dialect's error body). */
  abstract Reply msg(int status, String text);

  /** A bare-string answer, as Livy's Jackson errors come. */
  abstract Reply bare(int status, String text);

  /** The answer to a statement submitted to a session that is not ready. */
  abstract Reply notReady(Session s);

  /** The answer to a statement just submitted. */
  abstract Reply submitted(Session s, Statement st);

  /** Words a refusal of the model. */
  Reply refusal(Refused r) {
    return r.style == Refused.Style.MSG
        ? msg(r.status, r.getMessage())
        : bare(r.status, r.getMessage());
  }

  final Reply handle(String method, String path, String query, String body) {
    try {
      return route(method, path, Wire.params(query), body);
    } catch (Refused r) {
      return refusal(r);
    }
  }

  boolean atLeast(int maj, int min) {
    return major > maj || (major == maj && minor >= min);
  }

  Reply methodNotAllowed() {
    return Reply.text(405, "Method Not Allowed");
  }

  /** Reads a create request as Livy's Jackson does: an object with only known fields. */
  JsonNode request(String body, List<String> known, String type) {
    JsonNode req;
    try {
      req = Wire.JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw Refused.bare(400, e.getOriginalMessage());
    }
    if (req == null || !req.isObject()) {
      String simple = type.substring(type.lastIndexOf('.') + 1);
      throw Refused.bare(400, "Cannot deserialize " + simple + " from a non-object");
    }
    Iterator<String> names = req.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!known.contains(f)) {
        throw Refused.bare(
            400,
            "Unrecognized field \""
                + f
                + "\" (class org.apache.livy.server."
                + type
                + "), not marked as ignorable ("
                + known.size()
                + " known properties: "
                + String.join(", ", new TreeSet<>(known))
                + "])");
      }
    }
    return req;
  }

  Reply submit(Session s, String body) {
    JsonNode req;
    try {
      req = Wire.JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      return bare(400, e.getOriginalMessage());
    }
    if (req == null || !req.isObject() || Wire.text(req, "code") == null) {
      return msg(400, "requirement failed: code is required");
    }
    if (!s.isReady()) {
      return notReady(s);
    }
    return submitted(s, model.submit(s, Wire.text(req, "code"), Wire.text(req, "kind")));
  }

  Reply cancel(Session s, Statement st) {
    model.cancel(s, st);
    return msg(200, "canceled");
  }

  Reply listStatements(Session s) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("total_statements", s.statements.size());
    ArrayNode a = n.putArray("statements");
    s.statements.forEach(st -> a.add(statementJson(st)));
    return Reply.json(200, n);
  }

  /** A statement's state as the dialect names it. */
  String statementState(Statement st) {
    return st.state;
  }

  ObjectNode statementJson(Statement st) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("id", st.id);
    n.put("code", st.code);
    n.put("state", statementState(st));
    if (st.output == null) {
      n.putNull("output");
    } else {
      n.set("output", st.output);
    }
    if (atLeast(0, 7)) {
      n.put("progress", st.progress(model.now()));
      n.put("started", st.start == null ? 0 : st.start.toEpochMilli());
      n.put("completed", st.isFinished() ? st.end.toEpochMilli() : 0);
    }
    return n;
  }

  /** The last ten log lines, as sessions and batches show them. */
  static void putLogTail(ObjectNode n, List<String> log) {
    ArrayNode l = n.putArray("log");
    log.subList(Math.max(0, log.size() - 10), log.size()).forEach(l::add);
  }
}
