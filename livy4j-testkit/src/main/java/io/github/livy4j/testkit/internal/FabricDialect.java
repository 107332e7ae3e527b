package io.github.livy4j.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Fabric Livy API's wire format, after its published swagger ({@code v1} in
 * {@code docs-samples/data-engineering/Livy-API-swagger/swagger.yaml} of
 * {@code microsoft/fabric-samples}, commit {@code 6107067b0152392f87e10704b5c645d2c1123818}):
 * paths under a workspace and lakehouse, GUID ids, 202 for creates, layered session state
 * ({@code SessionResponse}: {@code fabricSessionStateInfo}; {@code BatchResponse}:
 * {@code fabricBatchStateInfo}; both with {@code livyInfo}, {@code schedulerInfo} and
 * {@code pluginInfo}), lists of {@code LivySparkActivity} items paged by {@code $top} (at most
 * {@link #MAX_TOP} a page) and {@code $skip} with {@code totalCountOfMatchedItems} and
 * {@code pageSize}, statement output paged by bytes, {@code reset-timeout}, no {@code /state},
 * {@code /log} or {@code /completion}, {@code {"errorCode","message","requestId"}} errors, and
 * high-concurrency sessions ({@link FabricSharedSessions}).
 */
final class FabricDialect extends Dialect {
  static final long GUID_HIGH = 0x4c697679_4a4a_4000L;
  private static final Pattern ROOT =
      Pattern.compile("/v1/workspaces/[^/]+/lakehouses/[^/]+/livy[aA]pi/versions/[^/]+(/.*)?");
  private static final List<String> SESSION_FIELDS =
      List.of(
          "name",
          "conf",
          "tags",
          "archives",
          "driverMemory",
          "driverCores",
          "executorMemory",
          "executorCores",
          "numExecutors",
          "kind",
          "pyFiles");
  private static final Set<String> ENDED = Set.of("dead", "error", "killed", "success");

  /** The most items a list page holds, whatever {@code $top} asks for. */
  static final int MAX_TOP = 50;

  private final FabricSharedSessions shared = new FabricSharedSessions(this);

  FabricDialect(Model model, String version) {
    super(model, version);
  }

  @Override
  Reply route(String method, String path, Map<String, String> params, String body) {
    Matcher root = ROOT.matcher(path);
    if (!root.matches()) {
      return error(404, "EntityNotFound", "No such API: " + path);
    }
    String rest = root.group(1) == null ? "" : root.group(1);
    String[] p = rest.replaceAll("/+$", "").split("/");
    if (p.length >= 2 && p[1].equals("batches")) {
      return batches(method, p, params, body);
    }
    if (p.length >= 2 && p[1].equals("highConcurrencySessions")) {
      return shared.route(method, p, params, body);
    }
    if (p.length < 2 || !p[1].equals("sessions")) {
      return error(404, "EntityNotFound", "No such API: " + rest);
    }
    if (p.length == 2) {
      return switch (method) {
        case "GET" ->
            page(
                model.sessions(),
                params,
                s -> activity(s.id, s.name, s.state, s.createdAt, s.readyAt, s.failReason));
        case "POST" -> createSession(body);
        default -> methodNotAllowed();
      };
    }
    Session s = model.session(Wire.guidId(GUID_HIGH, p[2]));
    if (s == null) {
      return msg(404, "Session '" + p[2] + "' not found.");
    }
    if (p.length == 3) {
      return switch (method) {
        case "GET" -> Reply.json(200, sessionJson(s));
        case "DELETE" -> {
          model.delete(s);
          yield Reply.empty(200);
        }
        default -> methodNotAllowed();
      };
    }
    String sub = p[3];
    if (p.length == 4 && sub.equals("reset-timeout") && method.equals("POST")) {
      s.lastActivity = model.now();
      return Reply.empty(204);
    }
    if (sub.equals("statements")) {
      return statements(method, s, p, 3, params, body);
    }
    return error(404, "EntityNotFound", "No such API: " + sub);
  }

  /** {@code .../statements[/{id}[/cancel]]}, the statements path starting at {@code p[at]}. */
  Reply statements(
      String method, Session s, String[] p, int at, Map<String, String> params, String body) {
    if (p.length == at + 1) {
      return switch (method) {
        case "GET" -> listStatements(s);
        case "POST" -> submit(s, body);
        default -> methodNotAllowed();
      };
    }
    Statement st = s.statement(p[at + 1]);
    if (st == null) {
      return bare(404, "Statement not found");
    }
    if (p.length == at + 2 && method.equals("GET")) {
      return Reply.json(200, pagedStatementJson(st, params));
    }
    if (p.length == at + 3 && p[at + 2].equals("cancel") && method.equals("POST")) {
      return cancel(s, st);
    }
    return error(404, "EntityNotFound", "No such API");
  }

  private Reply batches(String method, String[] p, Map<String, String> params, String body) {
    if (p.length == 2) {
      return switch (method) {
        case "GET" ->
            page(
                model.batches(),
                params,
                b ->
                    activity(
                        b.id,
                        b.name,
                        b.state,
                        b.runningAt.minus(model.startup),
                        b.runningAt,
                        b.failReason()));
        case "POST" -> {
          JsonNode req = request(body, BATCH_FIELDS, "batch.CreateBatchRequest");
          if (Wire.text(req, "file") == null) {
            yield msg(400, "requirement failed: File is required.");
          }
          yield Reply.json(
              202,
              batchJson(
                  model.submitBatch(
                      Wire.text(req, "name"),
                      Wire.text(req, "className"),
                      Wire.text(req, "proxyUser"))));
        }
        default -> methodNotAllowed();
      };
    }
    Batch b = model.batch(Wire.guidId(GUID_HIGH, p[2]));
    if (b == null) {
      return msg(404, "Session '" + p[2] + "' not found.");
    }
    if (p.length == 3) {
      return switch (method) {
        case "GET" -> Reply.json(200, batchJson(b));
        case "DELETE" -> {
          model.delete(b);
          yield Reply.empty(200);
        }
        default -> methodNotAllowed();
      };
    }
    return error(404, "EntityNotFound", "No such API: " + p[3]);
  }

  private Reply createSession(String body) {
    JsonNode req = request(body, SESSION_FIELDS, "interactive.CreateInteractiveRequest");
    Session s =
        model.createSession(
            Wire.text(req, "name"), Wire.text(req, "kind"), Wire.text(req, "proxyUser"));
    s.sqlRowLimit = req.path("conf").path("livy.rsc.sql.num-rows").asInt(0);
    return Reply.json(202, sessionJson(s));
  }

  @Override
  Reply notReady(Session s) {
    return error(400, "InvalidSessionState", "Session is in state " + s.state);
  }

  @Override
  Reply submitted(Session s, Statement st) {
    return Reply.json(200, statementJson(st));
  }

  @Override
  String statementState(Statement st) {
    return st.failed() ? "Error" : st.state;
  }

  /** A {@code $top}/{@code $skip} page of a list. */
  private <T> Reply page(
      Collection<T> all, Map<String, String> params, Function<T, ObjectNode> json) {
    int skip = Wire.intParam(params, "$skip", 0);
    int top = Math.min(MAX_TOP, Wire.intParam(params, "$top", 100));
    ObjectNode n = Wire.JSON.createObjectNode();
    ArrayNode a = n.putArray("items");
    all.stream().skip(skip).limit(top).forEach(x -> a.add(json.apply(x)));
    n.put("totalCountOfMatchedItems", all.size());
    n.put("pageSize", top);
    return Reply.json(200, n);
  }

  /**
   * A statement's text output paged by {@code from} and {@code size} in bytes; a page never
   * splits a character, so it may stop a few bytes short.
   */
  private ObjectNode pagedStatementJson(Statement st, Map<String, String> params) {
    ObjectNode n = statementJson(st);
    JsonNode text = n.path("output").path("data").get("text/plain");
    if (!params.containsKey("size") || text == null || !text.isTextual()) {
      return n;
    }
    byte[] bytes = text.textValue().getBytes(StandardCharsets.UTF_8);
    int from = Math.min(Math.max(0, Wire.intParam(params, "from", 0)), bytes.length);
    int end =
        (int)
            Math.min(
                bytes.length,
                (long) from + Math.max(0, Wire.intParam(params, "size", bytes.length)));
    while (end > from && end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    ObjectNode copy = n.deepCopy();
    ((ObjectNode) copy.path("output").path("data"))
        .put("text/plain", new String(bytes, from, end - from, StandardCharsets.UTF_8));
    return copy;
  }

  ObjectNode sessionJson(Session s) {
    return layered(
        s.id,
        s.name,
        s.state,
        s.createdAt,
        s.readyAt,
        s.failReason,
        s.log,
        "fabricSessionStateInfo",
        "acquiringSession");
  }

  private ObjectNode batchJson(Batch b) {
    return layered(
        b.id,
        b.name,
        b.state,
        b.runningAt.minus(model.startup),
        b.runningAt,
        b.failReason(),
        b.log,
        "fabricBatchStateInfo",
        "submitting");
  }

  /**
   * A list item ({@code LivySparkActivity}): {@code livyState}, {@code result} and the
   * scheduler's and plugin's states, and none of a session answer's layers.
   */
  private ObjectNode activity(
      int id, String name, String state, Instant created, Instant readyAt, String failReason) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("id", Wire.guid(GUID_HIGH, id));
    n.put("name", name);
    n.put("submittedAt", created.toString());
    boolean queued =
        state.equals("starting")
            && model.now().isBefore(created.plus(Duration.between(created, readyAt).dividedBy(3)));
    boolean ended = ENDED.contains(state);
    n.put("schedulerState", queued ? "Queued" : ended ? "Ended" : "Scheduled");
    n.put(
        "pluginState",
        queued
            ? "Queued"
            : ended ? "Ended" : state.equals("starting") ? "Submission" : "Monitoring");
    if (!queued) {
      n.put("livyState", state);
      n.put("startedAt", readyAt.toString());
    }
    n.put(
        "result",
        Session.isFailed(state) ? "Failed" : state.equals("success") ? "Succeeded" : "Uncertain");
    if (Session.isFailed(state)) {
      n.put("errorCode", failReason != null ? "SparkApplicationFailed" : "SparkJobEnded");
      n.put("errorSource", "User");
    }
    n.put("isJobTimedOut", false);
    return n;
  }

  /**
   * Fabric's layered state: only {@code fabricSessionStateInfo} (and the scheduler's phase)
   * while queued, then a top-level state while acquiring, then {@code livyInfo.currentState}
   * once Livy runs.
   */
  private ObjectNode layered(
      int id,
      String name,
      String state,
      Instant created,
      Instant readyAt,
      String failReason,
      List<String> log,
      String layer,
      String acquiring) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("id", Wire.guid(GUID_HIGH, id));
    n.put("name", name);
    long total = Math.max(1, Duration.between(created, readyAt).toMillis());
    long done = Duration.between(created, model.now()).toMillis();
    ObjectNode fabricInfo = n.putObject(layer);
    ObjectNode scheduler = n.putObject("schedulerInfo");
    ObjectNode plugin = n.putObject("pluginInfo");
    boolean starting = state.equals("starting");
    if (starting && done < total / 3) {
      fabricInfo.put("state", "queued");
      scheduler.put("currentState", "Queued");
      return n;
    }
    if (starting && done < 2 * total / 3) {
      fabricInfo.put("state", acquiring);
      scheduler.put("currentState", "Scheduled");
      plugin.put("currentState", "ResourceAcquisition");
      n.put("state", "starting");
      return n;
    }
    boolean ended = ENDED.contains(state);
    scheduler.put("currentState", ended ? "Ended" : "Scheduled");
    plugin.put("currentState", ended ? "Ended" : starting ? "Submission" : "Monitoring");
    n.put("state", state);
    n.putObject("livyInfo").put("currentState", state);
    if (Session.isFailed(state)) {
      n.put("result", "Failed");
      ArrayNode errors = n.putArray("errorInfo");
      String reason = failReason != null ? failReason : "the Spark application ended";
      ObjectNode e = errors.addObject();
      e.put("message", reason);
      e.put("errorCode", "SparkApplicationFailed");
      e.put("source", "User");
      if (failReason != null) {
        fabricInfo.put("state", "error");
        fabricInfo.put("errorMessage", reason);
      }
    } else {
      n.put("result", state.equals("success") ? "Succeeded" : "Uncertain");
      n.putArray("errorInfo");
    }
    n.putNull("appId");
    n.putObject("appInfo");
    putLogTail(n, log);
    return n;
  }

  /** A Fabric error answer. */
  Reply error(int status, String code, String message) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("errorCode", code);
    n.put("message", message);
    n.put("requestId", UUID.randomUUID().toString());
    return Reply.json(status, n);
  }

  @Override
  Reply msg(int status, String text) {
    return error(status, code(status, text), text);
  }

  @Override
  Reply bare(int status, String text) {
    return error(status, code(status, text), text);
  }

  @Override
  Reply refusal(Refused r) {
    return r.fabricCode != null ? error(r.status, r.fabricCode, r.getMessage()) : super.refusal(r);
  }

  private static String code(int status, String text) {
    if (text.contains("Statement not found")) {
      return "LivyStatementNotFound";
    }
    if (status == 404) {
      return "LivySessionNotFound";
    }
    return status >= 500 ? "InternalServerError" : "InvalidRequest";
  }
}
