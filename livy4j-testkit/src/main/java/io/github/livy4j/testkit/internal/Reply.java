package io.github.livy4j.testkit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of the fake server.
 *
 * @param status the HTTP status
 * @param contentType the content type
 * @param body the body
 * @param headers extra headers
 */
public record Reply(int status, String contentType, String body, Map<String, String> headers) {

  static Reply json(int status, Object body) {
    return new Reply(status, "application/json;charset=utf-8", Wire.write(body), Map.of());
  }

  static Reply text(int status, String text) {
    return new Reply(status, "text/plain", text, Map.of());
  }

  static Reply empty(int status) {
    return new Reply(status, "application/json", "", Map.of());
  }

  Reply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Reply(status, contentType, body, h);
  }
}
