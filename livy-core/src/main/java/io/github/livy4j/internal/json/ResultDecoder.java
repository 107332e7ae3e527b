package io.github.livy4j.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.Table;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Decodes statement data (JSON text by MIME type) into Java values and tables. */
public final class ResultDecoder {
  private static final DateTimeFormatter LOCAL_TIMESTAMP = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .append(DateTimeFormatter.ofPattern("HH:mm:ss"))
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter(Locale.ROOT);

  private ResultDecoder() {}

  /**
   * Reads a {@code text/plain} value.
   *
   * @param json the value as JSON text
   * @return the text; a non-string JSON value as its JSON text
   */
  public static String text(String json) {
    JsonNode n = Json.parse(json, "text/plain result");
    return n.isTextual() ? n.textValue() : n.toString();
  }

  /**
   * Binds JSON text to a type.
   *
   * @param json the text
   * @param type the type
   * @param <T> the type
   * @return the bound value
   */
  public static <T> T bind(String json, Class<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (java.io.IOException e) {
      throw new LivyClientException("JSON result does not bind to " + type.getName() + ": "
          + e.getMessage(), null);
    }
  }

  /**
   * Decodes a base64 image value.
   *
   * @param json the value as JSON text (a JSON string of base64)
   * @return the bytes
   */
  public static byte[] base64(String json) {
    String b64 = text(json).replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new LivyClientException("image/png result is not valid base64", null);
    }
  }

  /**
   * Decodes a Spark SQL result {@code {"schema": StructType, "data": [[...]]}}, row by row
   * as it is read, so that no tree of the whole result is built.
   *
   * @param json the {@code application/json} value
   * @return the table, or empty when the JSON is not a SQL result
   */
  public static Optional<Table> sqlTable(String json) {
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      List<JsonNode> types = null;
      Table.Builder table = null;
      boolean data = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("schema") && table == null) {
          JsonNode fields = ((JsonNode) p.readValueAsTree()).path("fields");
          if (!fields.isArray()) {
            return Optional.empty();
          }
          types = new ArrayList<>();
          table = Table.builder(columns(fields, types));
        } else if (field.equals("data") && value == JsonToken.START_ARRAY) {
          if (table == null) {
            return treeSqlTable(json); // data before schema: read it whole
          }
          readRows(p, types, table);
          data = true;
        } else {
          p.skipChildren();
        }
      }
      return table != null && data ? Optional.of(table.build()) : Optional.empty();
    } catch (IOException e) {
      throw new LivyClientException("Malformed JSON in application/json result: "
          + e.getMessage(), null);
    }
  }

  private static void readRows(JsonParser p, List<JsonNode> types, Table.Builder table)
      throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
      List<Object> row = new ArrayList<>(types.size());
      int i = 0;
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        JsonNode v = scalar(p, token);
        if (i < types.size()) {
          row.add(value(v, types.get(i)));
        }
        i++;
      }
      if (i != types.size()) {
        throw new LivyClientException("table row has " + i + " values but the schema has "
            + types.size() + " columns", null);
      }
      table.addRow(row);
    }
    if (t != JsonToken.END_ARRAY) {
      throw new LivyClientException("table row has 0 values but the schema has "
          + types.size() + " columns", null);
    }
  }

  /** The current value as a node; scalars without a tree reader's per-call set-up. */
  private static JsonNode scalar(JsonParser p, JsonToken token) throws IOException {
    JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
    return switch (token) {
      case VALUE_STRING -> nodes.textNode(p.getText());
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> nodes.numberNode(p.getIntValue());
        case LONG -> nodes.numberNode(p.getLongValue());
        default -> nodes.numberNode(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDecimalValue());
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      case VALUE_NULL -> nodes.nullNode();
      default -> p.readValueAsTree();
    };
  }

  private static Optional<Table> treeSqlTable(String json) {
    JsonNode root = Json.parse(json, "application/json result");
    JsonNode schema = root.path("schema");
    JsonNode fields = schema.path("fields");
    if (!root.isObject() || !fields.isArray() || !root.path("data").isArray()) {
      return Optional.empty();
    }
    List<JsonNode> types = new ArrayList<>();
    List<Table.Column> columns = columns(fields, types);
    return Optional.of(Table.of(columns, rows(root.path("data"), types)));
  }

  /** The columns of a Spark schema's fields; their types go into {@code types}. */
  private static List<Table.Column> columns(JsonNode fields, List<JsonNode> types) {
    List<Table.Column> columns = new ArrayList<>();
    for (JsonNode f : fields) {
      JsonNode type = f.path("type");
      types.add(type);
      columns.add(new Table.Column(f.path("name").asText(""),
          type.isTextual() ? type.textValue() : type.toString(),
          f.path("nullable").asBoolean(true)));
    }
    return columns;
  }

  /**
   * Decodes a Livy table {@code {"headers":[{"name","type"}], "data":[[...]]}}.
   *
   * @param json the {@code application/vnd.livy.table.v1+json} value
   * @return the table
   */
  public static Table livyTable(String json) {
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
    return Table.of(columns, rows(root.path("data"), types));
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

  private static List<List<Object>> rows(JsonNode data, List<JsonNode> types) {
    List<List<Object>> rows = new ArrayList<>(data.size());
    for (JsonNode r : data) {
      if (!r.isArray() || r.size() != types.size()) {
        throw new LivyClientException("table row has " + (r.isArray() ? r.size() : 0)
            + " values but the schema has " + types.size() + " columns", null);
      }
      List<Object> row = new ArrayList<>(types.size());
      for (int i = 0; i < types.size(); i++) {
        row.add(value(r.get(i), types.get(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  static Object value(JsonNode v, JsonNode type) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (type.isObject()) {
      return complex(v, type);
    }
    if (!type.isTextual()) {
      return plain(v);
    }
    String t = type.textValue().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("decimal")) {
        return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
      }
      switch (t) {
        case "byte":
          return v.canConvertToInt() ? (byte) v.asInt()
              : v.isTextual() ? Byte.valueOf(v.textValue().strip()) : plain(v);
        case "short":
          return v.canConvertToInt() ? (short) v.asInt()
              : v.isTextual() ? Short.valueOf(v.textValue().strip()) : plain(v);
        case "integer":
          return v.canConvertToInt() ? v.asInt()
              : v.isTextual() ? Integer.valueOf(v.textValue().strip()) : plain(v);
        case "long":
          return v.canConvertToLong() ? v.asLong()
              : v.isTextual() ? Long.valueOf(v.textValue().strip()) : plain(v);
        case "float":
          return v.isNumber() ? v.floatValue() : Float.valueOf(v.asText());
        case "double":
          return v.isNumber() ? v.doubleValue() : Double.valueOf(v.asText());
        case "boolean":
          return v.isBoolean() ? v.booleanValue() : plain(v);
        case "string":
          return v.isTextual() ? v.textValue() : v.toString();
        case "date":
          return LocalDate.parse(v.asText().substring(0, Math.min(10, v.asText().length())));
        case "timestamp":
          return timestamp(v);
        default:
          return plain(v);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      return plain(v);
    }
  }

  /**
   * A value of a Spark complex type, typed by its schema: an {@code array} by its
   * {@code elementType}, a {@code map} by its {@code keyType} and {@code valueType}, a
   * {@code struct} (positional values or an object) by its fields' types, as a map from field
   * name to value. A value that does not have the expected shape is returned as plain JSON.
   */
  private static Object complex(JsonNode v, JsonNode type) {
    switch (type.path("type").asText("")) {
      case "array": {
        if (!v.isArray()) {
          return plain(v);
        }
        JsonNode elementType = type.path("elementType");
        List<Object> list = new ArrayList<>(v.size());
        v.forEach(e -> list.add(value(e, elementType)));
        return java.util.Collections.unmodifiableList(list);
      }
      case "map": {
        if (!v.isObject()) {
          return plain(v);
        }
        JsonNode keyType = type.path("keyType");
        JsonNode valueType = type.path("valueType");
        Map<Object, Object> map = new LinkedHashMap<>();
        v.properties().forEach(e -> map.put(
            value(Json.MAPPER.getNodeFactory().textNode(e.getKey()), keyType),
            value(e.getValue(), valueType)));
        return java.util.Collections.unmodifiableMap(map);
      }
      case "struct": {
        JsonNode fields = type.path("fields");
        Map<String, Object> struct = new LinkedHashMap<>();
        if (v.isArray() && v.size() == fields.size()) {
          for (int i = 0; i < fields.size(); i++) {
            struct.put(fields.get(i).path("name").asText(""),
                value(v.get(i), fields.get(i).path("type")));
          }
        } else if (v.isObject()) {
          for (JsonNode f : fields) {
            String name = f.path("name").asText("");
            struct.put(name, value(v.get(name), f.path("type")));
          }
        } else {
          return plain(v);
        }
        return java.util.Collections.unmodifiableMap(struct);
      }
      default:
        return plain(v);
    }
  }

  private static Object timestamp(JsonNode v) {
    if (v.isNumber()) {
      return Instant.ofEpochMilli(v.asLong());
    }
    String s = v.asText();
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(s, LOCAL_TIMESTAMP);
    }
  }

  private static Object plain(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? (Object) v.asLong() : v.bigIntegerValue();
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>(v.size());
      v.forEach(e -> list.add(e.isNull() ? null : plain(e)));
      return java.util.Collections.unmodifiableList(list);
    }
    if (v.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      v.properties().forEach(e -> map.put(e.getKey(),
          e.getValue().isNull() ? null : plain(e.getValue())));
      return java.util.Collections.unmodifiableMap(map);
    }
    return null;
  }
}
