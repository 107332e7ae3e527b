package io.github.livy4j.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fabric's high-concurrency sessions: {@code POST /highConcurrencySessions} packs a REPL into a
 * shared session with the same tag (up to five), {@code GET}/{@code DELETE} on its id, and
 * statements under {@code /highConcurrencySessions/{sessionId}/repls/{replId}/statements}.
 */
final class FabricSharedSessions {
  private static final long SHARED_HIGH = FabricDialect.GUID_HIGH + 1;
  private static final long REPL_HIGH = FabricDialect.GUID_HIGH + 2;

  /** {@code HighConcurrencySessionRequest}: a {@code SessionRequest} plus the tag. */
  private static final List<String> FIELDS =
      List.of(
          "sessionTag",
          "name",
          "conf",
          "tags",
          "archives",
          "driverMemory",
          "driverCores",
          "executorMemory",
          "executorCores",
          "numExecutors");

  private final FabricDialect dialect;
  private final Model model;

  FabricSharedSessions(FabricDialect dialect) {
    this.dialect = dialect;
    this.model = dialect.model;
  }

  Reply route(String method, String[] p, Map<String, String> params, String body) {
    if (p.length == 2) {
      return method.equals("POST") ? acquire(body) : dialect.methodNotAllowed();
    }
    if (p.length == 3) {
      Repl r = model.repl(Wire.guidId(SHARED_HIGH, p[2]));
      if (r == null) {
        return dialect.error(
            404,
            "HighConcurrencySessionNotFound",
            "High concurrency session '" + p[2] + "' not found.");
      }
      return switch (method) {
        case "GET" -> Reply.json(200, json(r));
        case "DELETE" -> {
          model.release(r);
          yield Reply.empty(200);
        }
        default -> dialect.methodNotAllowed();
      };
    }
    Session s = model.session(Wire.guidId(FabricDialect.GUID_HIGH, p[2]));
    Integer replId = p.length >= 5 && p[3].equals("repls") ? Wire.guidId(REPL_HIGH, p[4]) : null;
    Repl r =
        s == null || replId == null
            ? null
            : s.repls.stream().filter(x -> replId.equals(x.id)).findFirst().orElse(null);
    if (r == null) {
      return dialect.error(404, "ReplNotFound", "REPL '" + String.join("/", p) + "' not found.");
    }
    if (p.length >= 6 && p[5].equals("statements")) {
      return dialect.statements(method, r.statements, p, 5, params, body);
    }
    return dialect.error(404, "EntityNotFound", "No such API");
  }

  private Reply acquire(String body) {
    JsonNode req = dialect.request(body, FIELDS, "HighConcurrencySessionRequest");
    return Reply.json(
        202, json(model.acquireRepl(Wire.text(req, "sessionTag"), Wire.text(req, "name"))));
  }

  /**
   * A REPL as Fabric shows it: NotStarted, AcquiringHighConcurrencySession, then Idle or Busy
   * with both ids, or Failed/Dead with the shared session.
   */
  private ObjectNode json(Repl r) {
    ObjectNode n = Wire.JSON.createObjectNode();
    n.put("id", Wire.guid(SHARED_HIGH, r.id));
    n.put("name", r.name);
    n.put("sessionTag", r.session.sessionTag);
    Instant now = model.now();
    Instant ready = r.statements.readyAt;
    String state;
    if (Session.isFailed(r.session.state)) {
      // no errorInfo here: the reason is in the underlying session's layer
      state = r.session.failReason != null ? "Failed" : "Dead";
      ObjectNode layer = n.putObject("fabricSessionStateInfo");
      layer.put("state", "error");
      layer.put(
          "errorMessage",
          r.session.failReason != null ? r.session.failReason : "the shared session ended");
    } else if (now.isBefore(
        r.acquiredAt.plus(Duration.between(r.acquiredAt, ready).dividedBy(3)))) {
      state = "NotStarted";
    } else if (now.isBefore(ready)) {
      state = "AcquiringHighConcurrencySession";
    } else {
      state = r.busy() ? "Busy" : "Idle";
    }
    n.put("state", state);
    if (!state.equals("NotStarted")) {
      n.put("sessionId", Wire.guid(FabricDialect.GUID_HIGH, r.session.id));
    } else {
      n.putNull("sessionId");
    }
    if (state.equals("Idle") || state.equals("Busy")) {
      n.put("replId", Wire.guid(REPL_HIGH, r.id));
    } else {
      n.putNull("replId");
    }
    return n;
  }
}
