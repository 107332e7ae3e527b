package io.github.livy4j.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.livy4j.internal.json.Json;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an error body leniently: Livy's {@code {"msg"}}, a bare JSON string (Livy 0.5 and
 * older, and Jackson errors), Fabric's {@code {"errorCode","message","requestId"}}, an HTML
 * error page, or plain text.
 */
public final class ErrorBodies {
  /** The longest body kept on an exception. */
  public static final int MAX_BODY = 4096;

  private static final int MAX_MESSAGE = 500;
  private static final Pattern PRE = Pattern.compile("(?is)<pre>(.*?)</pre>");
  private static final Pattern TITLE = Pattern.compile("(?is)<title>(.*?)</title>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");

  private ErrorBodies() {}

  /**
   * The parts of an error body.
   *
   * @param message a one-line message, possibly empty
   * @param errorCode the service's error code, or {@code null}
   * @param requestId the service's request id, or {@code null}
   */
  public record Parsed(String message, String errorCode, String requestId) {}

  /**
   * Parses an error body.
   *
   * @param contentType the content type, or {@code null}
   * @param body the body
   * @return the parts
   */
  public static Parsed parse(String contentType, String body) {
    String trimmed = body == null ? "" : body.strip();
    if (trimmed.isEmpty()) {
      return new Parsed("", null, null);
    }
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (ct.contains("html")
        || trimmed.regionMatches(true, 0, "<html", 0, 5)
        || trimmed.regionMatches(true, 0, "<!doctype", 0, 9)) {
      return new Parsed(html(trimmed), null, null);
    }
    if (trimmed.startsWith("{") || trimmed.startsWith("\"")) {
      try {
        JsonNode n = Json.MAPPER.readTree(trimmed);
        if (n.isTextual()) {
          return new Parsed(oneLine(n.textValue()), null, null);
        }
        if (n.isObject()) {
          String msg = firstText(n, "msg", "message", "error_description", "error");
          if (msg == null && n.path("error").isObject()) {
            msg = firstText(n.path("error"), "message");
          }
          String code = firstText(n, "errorCode", "code");
          if (code == null && n.path("error").isObject()) {
            code = firstText(n.path("error"), "code");
          }
          String requestId = firstText(n, "requestId", "request_id");
          return new Parsed(oneLine(msg == null ? trimmed : msg), code, requestId);
        }
      } catch (java.io.IOException e) {
        // not JSON after all: fall through to text
      }
    }
    return new Parsed(oneLine(trimmed), null, null);
  }

  /**
   * Truncates a body for keeping on an exception.
   *
   * @param body the body
   * @return at most {@link #MAX_BODY} characters
   */
  public static String truncate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= MAX_BODY
        ? body
        : body.substring(0, MAX_BODY) + "... (" + (body.length() - MAX_BODY) + " more chars)";
  }

  private static String firstText(JsonNode n, String... keys) {
    for (String k : keys) {
      JsonNode v = n.get(k);
      if (v != null && v.isTextual() && !v.textValue().isBlank()) {
        return v.textValue();
      }
    }
    return null;
  }

  private static String html(String body) {
    Matcher pre = PRE.matcher(body);
    if (pre.find()) {
      return oneLine(TAG.matcher(pre.group(1)).replaceAll(" "));
    }
    Matcher title = TITLE.matcher(body);
    if (title.find()) {
      return oneLine(title.group(1));
    }
    return oneLine(TAG.matcher(body).replaceAll(" "));
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
  }
}
