package io.github.livy4j.fabric.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionState;
import io.github.livy4j.spi.LivyJson;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Fabric's layered session state: {@code fabricSessionStateInfo.state} (queued,
 * libraryPackaging, acquiringSession, error, cancelled), the top-level {@code state},
 * {@code livyInfo.currentState} (the real Livy state), {@code errorInfo[]} and {@code result},
 * and the scheduler's and the Spark plugin's phases ({@code schedulerInfo.currentState}:
 * Queued, Scheduled, Ended; {@code pluginInfo.currentState}: Preparation, ResourceAcquisition,
 * Queued, Submission, Monitoring, Cleanup, Ended). Any of them may be absent; an answer without
 * any state keeps the wait going.
 */
final class FabricJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FAILED = Set.of("dead", "killed", "error");
  private static final Set<String> NOT_SUBMITTED = Set.of("submitting", "not_submitted");

  private FabricJson() {}

  static SessionInfo session(String json) {
    JsonNode n = tree(json);
    SessionInfo.Builder b = LivyJson.session(json);
    String top = lower(text(n, "state"));
    String livy = lower(text(n.path("livyInfo"), "currentState"));
    String fabric = text(n.path("fabricSessionStateInfo"), "state");
    String fabricLower = lower(fabric);
    String result = lower(text(n, "result"));

    for (JsonNode e : n.path("errorInfo")) {
      String msg = text(e, "message");
      String code = text(e, "errorCode");
      if (msg != null || code != null) {
        b.error((code == null ? "" : code + ": ") + (msg == null ? "" : msg));
      }
    }
    String fabricError = text(n.path("fabricSessionStateInfo"), "errorMessage");
    if (fabricError != null && !fabricError.isBlank()) {
      b.error(fabricError);
    }
    String phase = phase(fabric, text(n.path("schedulerInfo"), "currentState"),
        text(n.path("pluginInfo"), "currentState"));
    if (phase != null) {
      b.phase(phase);
    }

    boolean cancelled = "cancelled".equals(fabricLower) || "cancelled".equals(result);
    boolean failed = cancelled || "error".equals(fabricLower) || "failed".equals(result)
        || in(FAILED, top) || in(FAILED, livy);
    if (failed) {
      String raw = first(in(FAILED, livy) ? livy : null,
          in(FAILED, top) ? top : null, fabric, result);
      SessionState state = "killed".equals(livy) || "killed".equals(top) || cancelled
          ? SessionState.KILLED : "dead".equals(livy) || "dead".equals(top)
          ? SessionState.DEAD : SessionState.ERROR;
      return b.rawState(raw).state(state).build();
    }
    if (livy != null) {
      // the real Livy state decides readiness
      return b.rawState(livy).state(SessionState.fromWireName(livy)).build();
    }
    if (top != null) {
      if (in(NOT_SUBMITTED, top)) {
        return b.rawState(top).state(SessionState.NOT_STARTED).build();
      }
      if ("success".equals(top) || "succeeded".equals(result)) {
        return b.rawState(top).state(SessionState.SUCCESS).build();
      }
      return b.rawState(top).state(SessionState.fromWireName(top)).build();
    }
    // early in acquisition only fabricSessionStateInfo is there: still starting
    return b.rawState(fabric != null ? fabric : "unknown").state(SessionState.STARTING).build();
  }

  /**
   * Reads a high-concurrency session (a REPL in a shared session): {@code id},
   * {@code sessionId} of the shared Livy session (set once it is being acquired),
   * {@code replId} (set once the REPL is ready) and a PascalCase {@code state}
   * ({@code NotStarted}, {@code AcquiringHighConcurrencySession}, {@code Idle}, {@code Busy},
   * {@code Dead}, {@code Killed}, {@code Failed}, {@code Deleting}). It is ready only when
   * idle or busy with both ids known.
   *
   * @param n the answer, read by {@link #tree(String)}
   * @param prefix the prefix that marks the SDK's id of such a session
   * @return the snapshot, its id being {@code prefix + id}
   */
  static SessionInfo shared(JsonNode n, String prefix) {
    String id = text(n, "id");
    if (id == null) {
      throw new LivyClientException("High-concurrency session answer has no id", null, true);
    }
    String raw = text(n, "state");
    String state = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
    boolean routed = text(n, "sessionId") != null && text(n, "replId") != null;
    SessionState mapped = switch (state) {
      case "idle" -> routed ? SessionState.IDLE : SessionState.STARTING;
      case "busy" -> routed ? SessionState.BUSY : SessionState.STARTING;
      case "notstarted", "not_started", "" -> SessionState.NOT_STARTED;
      case "dead" -> SessionState.DEAD;
      case "killed", "cancelled" -> SessionState.KILLED;
      case "failed", "error" -> SessionState.ERROR;
      case "deleting" -> SessionState.SHUTTING_DOWN;
      default -> SessionState.STARTING;
    };
    SessionInfo.Builder b = SessionInfo.builder(io.github.livy4j.SessionId.of(prefix + id),
        raw == null ? "unknown" : raw).state(mapped).name(text(n, "name"));
    for (JsonNode e : n.path("errorInfo")) {
      String msg = text(e, "message");
      String code = text(e, "errorCode");
      if (msg != null || code != null) {
        b.error((code == null ? "" : code + ": ") + (msg == null ? "" : msg));
      }
    }
    if (mapped == SessionState.STARTING && raw != null) {
      b.phase(raw);
    }
    return b.build();
  }

  /**
   * The shared session and REPL a high-concurrency session's statements go to.
   *
   * @param n the high-concurrency session answer, read by {@link #tree(String)}
   * @return {@code [sessionId, replId]}, or {@code null} while either is unknown
   */
  static String[] route(JsonNode n) {
    String session = text(n, "sessionId");
    String repl = text(n, "replId");
    return session == null || repl == null ? null : new String[] {session, repl};
  }

  static JsonNode tree(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.isObject()) {
        throw new LivyClientException("Unexpected Fabric answer: not a JSON object", null, true);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new LivyClientException("Malformed JSON in a Fabric answer: "
          + e.getOriginalMessage(), null, true);
    }
  }

  /**
   * The phases the layers report, such as {@code acquiringSession, scheduler Scheduled, plugin
   * ResourceAcquisition}; {@code null} when none does.
   */
  static String phase(String fabric, String scheduler, String plugin) {
    StringBuilder sb = new StringBuilder();
    if (fabric != null) {
      sb.append(fabric);
    }
    if (scheduler != null) {
      sb.append(sb.length() == 0 ? "" : ", ").append("scheduler ").append(scheduler);
    }
    if (plugin != null) {
      sb.append(sb.length() == 0 ? "" : ", ").append("plugin ").append(plugin);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static boolean in(Set<String> set, String value) {
    return value != null && set.contains(value);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return "unknown";
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
