package io.github.livy4j.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Decodes Livy's own table format, whose column types are Livy's names for Spark's types. */
final class LivyTables {
  private LivyTables() {}

  /**
   * Decodes a Livy table {@code {"headers":[{"name","type"}], "data":[[...]]}}.
   *
   * @param json the {@code application/vnd.livy.table.v1+json} value
   * @return the table
   */
  static Table decode(String json) {
    JsonNode root = Json.parse(json, "Livy table result");
    JsonNode headers = root.path("headers");
    if (!headers.isArray() || !root.path("data").isArray()) {
      throw new LivyClientException("Livy table result lacks headers or data", null);
    }
    List<Table.Column> columns = new ArrayList<>();
    List<JsonNode> types = new ArrayList<>();
    for (JsonNode h : headers) {
      String sparkType = livyTypeToSpark(h.path("type").asText("string"));
      types.add(Json.MAPPER.getNodeFactory().textNode(sparkType));
      columns.add(new Table.Column(h.path("name").asText(""), sparkType, true));
    }
    return Table.of(columns, SparkValues.rows(root.path("data"), types));
  }

  private static String livyTypeToSpark(String livyType) {
    String t = livyType.toUpperCase(Locale.ROOT);
    if (t.endsWith("_TYPE")) {
      t = t.substring(0, t.length() - "_TYPE".length());
    }
    return switch (t) {
      case "INT", "INTEGER" -> "integer";
      case "BIGINT", "LONG" -> "long";
      case "SMALLINT", "SHORT" -> "short";
      case "TINYINT", "BYTE" -> "byte";
      case "NULL" -> "null";
      default -> t.toLowerCase(Locale.ROOT);
    };
  }
}
