package io.github.livy4j.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Apache Livy's wire format, version by version: int ids (and names in paths from 0.6), 201
 * with a {@code Location} for creates, {@code {"msg"}} errors from 0.6 (bare strings before),
 * {@code /version} from 0.6, {@code ttl} from 0.8 and {@code idleTimeout} from 0.9.
 */
final class ApacheDialect extends Dialect {
  /** The states in which Livy's session servlet serves statements. */
  private static final java.util.Set<String> ACTIVE =
      java.util.Set.of(
          "not_started", "starting", "recovering", "idle", "running", "busy", "shutting_down");

  private static final List<String> SESSION_FIELDS =
      List.of(
          "kind",
          "proxyUser",
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
          "conf",
          "heartbeatTimeoutInSecond");

  ApacheDialect(Model model, String version) {
    super(model, version);
  }

  @Override
  Reply route(String method, String path, Map<String, String> params, String body) {
    String[] p = path.replaceAll("/+$", "").split("/");
    // p[0] is "" for a leading slash
    if (p.length == 2 && p[1].equals("version") && method.equals("GET")) {
      return version();
    }
    if (p.length >= 2 && p[1].equals("batches")) {
      return batches(method, p, params, body);
    }
    if (p.length < 2 || !p[1].equals("sessions")) {
      return new Reply(
          404,
          "text/html;charset=iso-8859-1",
          "<html><body><h2>HTTP ERROR 404"
              + "</h2><p>Problem accessing "
              + path
              + ". Reason: Not Found</p></body></html>",
          Map.of());
    }
    if (p.length == 2) {
      return switch (method) {
        case "GET" -> page(model.sessions(), params, this::sessionJson);
        case "POST" -> createSession(body);
        default -> methodNotAllowed();
      };
    }
    Session s = session(p[2]);
    if (s == null) {
      return msg(404, "Session '" + p[2] + "' not found.");
    }
    if (p.length == 3) {
      return switch (method) {
        case "GET" -> Reply.json(200, sessionJson(s));
        case "DELETE" -> {
          model.delete(s);
          yield msg(200, "deleted");
        }
        default -> methodNotAllowed();
      };
    }
    String sub = p[3];
    if (p.length == 4 && sub.equals("state") && method.equals("GET")) {
      return stateReply(s.id, s.state);
    }
    if (p.length == 4 && sub.equals("log") && method.equals("GET")) {
      return log(s.id, s.log, params);
    }
    if (p.length == 4 && sub.equals("connect") && method.equals("POST")) {
      // what Livy's own Java client calls to record activity; answers with the session
      s.lastActivity = model.now();
      return Reply.json(200, sessionJson(s));
    }
    if (p.length == 4 && sub.equals("completion") && method.equals("POST")) {
      s.lastActivity = model.now();
      ObjectNode n = Wire.JSON.createObjectNode();
      n.putArray("candidates");
      return Reply.json(200, n);
    }
    if (sub.equals("statements")) {
      if (!ACTIVE.contains(s.state)) {
        // what Livy 0.7.1 answers once the driver is gone: a session that died, was killed or
        // failed to start has no statements to read or run
        return msg(400, "requirement failed: Session isn't active.");
      }
      if (p.length == 4) {
        return switch (method) {
          case "GET" -> listStatements(s);
          case "POST" -> submit(s, body);
          default -> methodNotAllowed();
        };
      }
      Statement st = s.statement(p[4]);
      if (st == null) {
        return bare(404, "Statement not found");
      }
      if (p.length == 5 && method.equals("GET")) {
        return Reply.json(200, statementJson(st));
      }
      if (p.length == 6 && p[5].equals("cancel") && method.equals("POST")) {
        return cancel(s, st);
      }
    }
    return Reply.text(404, "Not Found");
  }

  private Reply batches(String method, String[] p, Map<String, String> params, String body) {
    if (p.length == 2) {
      return switch (method) {
        case "GET" -> page(model.batches(), params, this::batchJson);
        case "POST" -> submitBatch(body);
        default -> methodNotAllowed();
      };
    }
    Integer id = Wire.intId(p[2]);
    Batch b = id != null ? model.batch(id) : atLeast(0, 6) ? model.batchNamed(p[2]) : null;
    if (b == null) {
      return msg(404, "Session '" + p[2] + "' not found.");
    }
    if (p.length == 3) {
      return switch (method) {
        case "GET" -> Reply.json(200, batchJson(b));
        case "DELETE" -> {
          model.delete(b);
          yield msg(200, "deleted");
        }
        default -> methodNotAllowed();
      };
    }
    if (p.length == 4 && p[3].equals("state") && method.equals("GET")) {
      return stateReply(b.id, b.state);
    }
    if (p.length == 4 && p[3].equals("log") && method.equals("GET")) {
      return log(b.id, b.log, params);
    }
    return Reply.text(404, "Not Found");
  }

  /** Looks up by id, or by name on servers that allow names in paths (0.6+). */
  private Session session(String key) {
    Integer id = Wire.intId(key);
    return id != null ? model.session(id) : atLeast(0, 6) ? model.sessionNamed(key) : null;
  }

  private Reply createSession(String body) {
    List<String> known = new ArrayList<>(SESSION_FIELDS);
    if (atLeast(0, 8)) {
      known.add("ttl");
    }
    if (atLeast(0, 9)) {
      known.add("idleTimeout");
    }
    JsonNode req = request(body, known, "interactive.CreateInteractiveRequest");
    Session s =
        model.createSession(
            Wire.text(req, "name"), Wire.text(req, "kind"), Wire.text(req, "proxyUser"));
    s.sqlRowLimit = req.path("conf").path("livy.rsc.sql.num-rows").asInt(0);
    return Reply.json(201, sessionJson(s)).withHeader("Location", "/sessions/" + s.id);
  }

  private Reply submitBatch(String body) {
    JsonNode req = request(body, BATCH_FIELDS, "batch.CreateBatchRequest");
    if (Wire.text(req, "file") == null) {
      return msg(400, "requirement failed: File is required.");
    }
    Batch b =
        model.submitBatch(
            Wire.text(req, "name"), Wire.text(req, "className"), Wire.text(req, "proxyUser"));
    return Reply.json(201, batchJson(b)).withHeader("Location", "/batches/" + b.id);
  }

  @Override
  Reply notReady(Session s) {
    return bare(500, "java.lang.IllegalStateException: Session is in state " + s.state);
  }

  @Override
  Reply submitted(Session s, Statement st) {
    return Reply.json(201, statementJson(st))
        .withHeader("Location", "/sessions/" + s.id + "/statements/" + st.id);
  }

  /** A page of a list; Livy names the list "sessions" for batches too. */
  private <T> Reply page(
      Collection<T> all, Map<String, String> params, Function<T, ObjectNode> json) {
    int from = Wire.intParam(params, "from", 0);
    int size = Wire.intParam(params, "size", 100);
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("from", from);
    n.put("total", all.size());
    ArrayNode a = n.putArray("sessions");
    all.stream().skip(from).limit(size).forEach(x -> a.add(json.apply(x)));
    return Reply.json(200, n);
  }

  private Reply log(int id, List<String> lines, Map<String, String> params) {
    int size = Wire.intParam(params, "size", 100);
    int total = lines.size();
    int from =
        params.containsKey("from") ? Wire.intParam(params, "from", 0) : Math.max(0, total - size);
    from = Math.min(Math.max(0, from), total);
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("id", id);
    n.put("from", from);
    n.put("total", total);
    ArrayNode a = n.putArray("log");
    lines.subList(from, Math.min(total, from + size)).forEach(a::add);
    return Reply.json(200, n);
  }

  private static Reply stateReply(int id, String state) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("id", id);
    n.put("state", state);
    return Reply.json(200, n);
  }

  private Reply version() {
    if (!atLeast(0, 6)) {
      return Reply.text(404, "Not Found");
    }
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("url", "https://github.com/apache/incubator-livy.git");
    n.put("branch", "branch-" + major + "." + minor);
    n.put("revision", "0000000000000000000000000000000000000000");
    n.put("version", versionText);
    n.put("date", "2021-02-04T05:14:46Z");
    n.put("user", "fake");
    return Reply.json(200, n);
  }

  private ObjectNode sessionJson(Session s) {
    ObjectNode n = common(s.id, s.name, s.proxyUser, s.state);
    n.put("kind", s.kind == null ? "shared" : s.kind);
    appInfo(n);
    putLogTail(n, s.log);
    return n;
  }

  private ObjectNode batchJson(Batch b) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("id", b.id);
    n.put("name", b.name);
    n.putNull("owner");
    n.put("proxyUser", b.proxyUser);
    n.put("state", b.state);
    n.putNull("appId");
    appInfo(n);
    putLogTail(n, b.log);
    return n;
  }

  private static ObjectNode common(int id, String name, String proxyUser, String state) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("id", id);
    n.put("name", name);
    n.putNull("appId");
    n.putNull("owner");
    n.put("proxyUser", proxyUser);
    n.put("state", state);
    return n;
  }

  private static void appInfo(ObjectNode n) {
    ObjectNode appInfo = n.putObject("appInfo");
    appInfo.putNull("driverLogUrl");
    appInfo.putNull("sparkUiUrl");
  }

  @Override
  Reply msg(int status, String text) {
    if (!atLeast(0, 6)) {
      return bare(status, text);
    }
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("msg", text);
    return Reply.json(status, n);
  }

  @Override
  Reply bare(int status, String text) {
    return Reply.json(status, Wire.JSON.getNodeFactory().textNode(text));
  }
}
