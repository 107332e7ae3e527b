package io.github.livy4j.fabric.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionState;
import io.github.livy4j.spi.LivyJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Fabric's answers, in the shapes of the Livy API's published swagger ({@code v1}, as of
 * {@code microsoft/fabric-samples} commit {@code 6107067b0152392f87e10704b5c645d2c1123818}):
 *
 * <ul>
 *   <li>a session or batch ({@code SessionResponse}, {@code BatchResponse}): Fabric's layer in
 *       {@code fabricSessionStateInfo} (sessions: queued, libraryPackaging, acquiringSession,
 *       cancelling, cancelled, error) or {@code fabricBatchStateInfo} (batches: queued,
 *       libraryPackaging, submitting, cancelling, cancelled, error, expired), each with an
 *       {@code errorMessage}; the top-level {@code state}; {@code livyInfo.currentState} (the
 *       real Livy state); {@code errorInfo[]}; {@code result}; and the scheduler's and the Spark
 *       plugin's phases ({@code schedulerInfo.currentState}: Queued, Scheduled, Ended;
 *       {@code pluginInfo.currentState}: Preparation ... Ended);
 *   <li>a list item ({@code LivySparkActivity}): {@code livyState}, {@code result},
 *       {@code schedulerState}, {@code pluginState}, {@code errorCode}, {@code errorSource},
 *       {@code cancellationReason}, {@code isJobTimedOut}, and none of the above.
 * </ul>
 *
 * Any field may be absent; an answer without any state keeps the wait going.
 */
final class FabricJson {
  /**
   * A successful answer's body as text, read through the transport's reader: a body that then
   * cannot be parsed is an unreadable answer, which the transport reads again for a read.
   *
   * @param in the body
   * @return the text
   * @throws IOException if reading fails
   */
  static String text(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Reads strings of any length: statement outputs run to hundreds of megabytes. */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build());

  private static final Set<String> FAILED = Set.of("dead", "killed", "error");
  private static final Set<String> LAYER_FAILED = Set.of("error", "cancelled", "expired");
  private static final Set<String> NOT_SUBMITTED = Set.of("submitting", "not_submitted");

  private FabricJson() {}

  static SessionInfo session(String json) {
    JsonNode n = tree(json);
    SessionInfo.Builder b = LivyJson.session(json);
    if (isActivity(n)) {
      return activity(n, b);
    }
    String top = lower(text(n, "state"));
    String livy = lower(text(n.path("livyInfo"), "currentState"));
    JsonNode layerNode =
        n.has("fabricBatchStateInfo")
            ? n.path("fabricBatchStateInfo")
            : n.path("fabricSessionStateInfo");
    String layer = text(layerNode, "state");
    String layerLower = lower(layer);
    String result = lower(text(n, "result"));

    for (JsonNode e : n.path("errorInfo")) {
      String msg = text(e, "message");
      String code = text(e, "errorCode");
      if (msg != null || code != null) {
        b.error((code == null ? "" : code + ": ") + (msg == null ? "" : msg));
      }
    }
    String layerError = text(layerNode, "errorMessage");
    if (layerError != null && !layerError.isBlank()) {
      b.error(layerError);
    }
    String phase =
        phase(
            layer,
            text(n.path("schedulerInfo"), "currentState"),
            text(n.path("pluginInfo"), "currentState"));
    if (phase != null) {
      b.phase(phase);
    }

    boolean cancelled = "cancelled".equals(layerLower) || "cancelled".equals(result);
    boolean failed =
        cancelled
            || in(LAYER_FAILED, layerLower)
            || "failed".equals(result)
            || in(FAILED, top)
            || in(FAILED, livy);
    if (failed) {
      String raw =
          first(in(FAILED, livy) ? livy : null, in(FAILED, top) ? top : null, layer, result);
      SessionState state =
          "killed".equals(livy) || "killed".equals(top) || cancelled
              ? SessionState.KILLED
              : "dead".equals(livy) || "dead".equals(top) || "expired".equals(layerLower)
                  ? SessionState.DEAD
                  : SessionState.ERROR;
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
    // early in acquisition only Fabric's layer is there: still starting
    return b.rawState(layer != null ? layer : "unknown").state(SessionState.STARTING).build();
  }

  /** Whether an answer is a list item ({@code LivySparkActivity}) rather than a session. */
  private static boolean isActivity(JsonNode n) {
    return !n.has("state")
        && !n.has("livyInfo")
        && !n.has("fabricSessionStateInfo")
        && !n.has("fabricBatchStateInfo")
        && (n.has("livyState") || n.has("schedulerState") || n.has("pluginState"));
  }

  /** Reads a list item: {@code livyState} and {@code result} decide, the rest explains. */
  private static SessionInfo activity(JsonNode n, SessionInfo.Builder b) {
    String livy = lower(text(n, "livyState"));
    String result = lower(text(n, "result"));
    String scheduler = text(n, "schedulerState");
    String code = text(n, "errorCode");
    if (code != null) {
      String source = text(n, "errorSource");
      b.error(code + (source == null ? "" : " (" + source + " error)"));
    }
    String reason = text(n, "cancellationReason");
    if (reason != null) {
      b.error("cancelled: " + reason);
    }
    if (n.path("isJobTimedOut").asBoolean(false)) {
      b.error("the job timed out");
    }
    String phase = phase(null, scheduler, text(n, "pluginState"));
    if (phase != null) {
      b.phase(phase);
    }
    if ("cancelled".equals(result) || "killed".equals(livy)) {
      return b.rawState(first(livy, result)).state(SessionState.KILLED).build();
    }
    if ("failed".equals(result) || in(FAILED, livy)) {
      return b.rawState(first(livy, result))
          .state("dead".equals(livy) ? SessionState.DEAD : SessionState.ERROR)
          .build();
    }
    if ("succeeded".equals(result) && (livy == null || "success".equals(livy))) {
      return b.rawState(first(livy, result)).state(SessionState.SUCCESS).build();
    }
    if (livy != null) {
      return b.rawState(livy)
          .state(
              in(NOT_SUBMITTED, livy) ? SessionState.NOT_STARTED : SessionState.fromWireName(livy))
          .build();
    }
    boolean ended = "ended".equalsIgnoreCase(scheduler);
    return b.rawState(scheduler != null ? scheduler : "unknown")
        .state(ended ? SessionState.UNKNOWN : SessionState.STARTING)
        .build();
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
    SessionState mapped =
        switch (state) {
          case "idle" -> routed ? SessionState.IDLE : SessionState.STARTING;
          case "busy" -> routed ? SessionState.BUSY : SessionState.STARTING;
          case "notstarted", "not_started", "" -> SessionState.NOT_STARTED;
          case "dead" -> SessionState.DEAD;
          case "killed", "cancelled" -> SessionState.KILLED;
          case "failed", "error" -> SessionState.ERROR;
          case "deleting" -> SessionState.SHUTTING_DOWN;
          default -> SessionState.STARTING;
        };
    SessionInfo.Builder b =
        SessionInfo.builder(
                io.github.livy4j.SessionId.of(prefix + id), raw == null ? "unknown" : raw)
            .state(mapped)
            .name(text(n, "name"));
    for (JsonNode e : n.path("errorInfo")) {
      String msg = text(e, "message");
      String code = text(e, "errorCode");
      if (msg != null || code != null) {
        b.error((code == null ? "" : code + ": ") + (msg == null ? "" : msg));
      }
    }
    // a high-concurrency answer carries its failure in the underlying session's layer
    JsonNode layer = n.path("fabricSessionStateInfo");
    String layerState = lower(text(layer, "state"));
    String layerError = text(layer, "errorMessage");
    if (layerError != null && !layerError.isBlank()) {
      b.error(layerError);
    }
    if (!mapped.isFinished() && in(LAYER_FAILED, layerState)) {
      mapped = "cancelled".equals(layerState) ? SessionState.KILLED : SessionState.ERROR;
      b.state(mapped);
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
      throw new LivyClientException(
          "Malformed JSON in a Fabric answer: " + e.getOriginalMessage(), null, true);
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
