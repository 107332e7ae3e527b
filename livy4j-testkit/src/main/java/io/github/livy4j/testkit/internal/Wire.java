package io.github.livy4j.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** JSON and query helpers the dialects share. */
final class Wire {
  static final ObjectMapper JSON = new ObjectMapper();

  private Wire() {}

  static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static Map<String, String> params(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String part : query.split("&")) {
      int eq = part.indexOf('=');
      out.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
    }
    return out;
  }

  static int intParam(Map<String, String> params, String name, int fallback) {
    try {
      return params.containsKey(name) ? Integer.parseInt(params.get(name)) : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** A GUID that carries a small int: Fabric's ids for the fake's objects. */
  static String guid(long high, int id) {
    return new UUID(high, 0x8000_0000_0000_0000L | id).toString();
  }

  static Integer guidId(long high, String key) {
    try {
      UUID u = UUID.fromString(key);
      return u.getMostSignificantBits() == high
          ? (int) (u.getLeastSignificantBits() & 0xffff_ffffL)
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static Integer intId(String key) {
    try {
      return Integer.parseInt(key);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
