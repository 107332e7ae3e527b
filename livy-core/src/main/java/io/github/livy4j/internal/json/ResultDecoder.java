package io.github.livy4j.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.Table;
import io.github.livy4j.internal.table.Columns;
import java.io.IOException;
import java.io.InputStream;
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
   * Decodes a Spark SQL result {@code {"schema": StructType, "data": [[...]]}}, value by value
   * as it is read, straight into the table's columns, so that no tree of the whole result is
   * built.
   *
   * @param json the {@code application/json} value
   * @return the table, or empty when the JSON is not a SQL result
   */
  public static Optional<Table> sqlTable(String json) {
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      return sqlTable(p, 16, () -> Json.parse(json, "application/json result"));
    } catch (IOException e) {
      throw new LivyClientException("Malformed JSON in application/json result: "
          + e.getMessage(), null);
    }
  }

  /**
   * Decodes a Spark SQL result from its UTF-8 JSON text, as {@link #sqlTable(String)}.
   *
   * @param json opens the {@code application/json} value (twice, when its data comes before
   *     its schema)
   * @param rows how many rows to make room for, or -1 if unknown
   * @return the table, or empty when the JSON is not a SQL result
   */
  public static Optional<Table> sqlTable(java.util.function.Supplier<InputStream> json,
      int rows) {
    try (JsonParser p = Json.MAPPER.createParser(json.get())) {
      return sqlTable(p, rows < 0 ? 16 : rows, () -> {
        try (InputStream in = json.get()) {
          return Json.MAPPER.readTree(in);
        } catch (IOException e) {
          throw new LivyClientException("Malformed JSON in application/json result: "
              + e.getMessage(), null);
        }
      });
    } catch (IOException e) {
      throw new LivyClientException("Malformed JSON in application/json result: "
          + e.getMessage(), null);
    }
  }

  private static Optional<Table> sqlTable(JsonParser p, int rows,
      java.util.function.Supplier<JsonNode> tree) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return Optional.empty();
    }
    List<JsonNode> types = null;
    List<Table.Column> columns = null;
    Columns table = null;
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
        columns = List.copyOf(columns(fields, types));
        table = new Columns(columns.stream().map(Table.Column::sparkType).toList(), rows);
      } else if (field.equals("data") && value == JsonToken.START_ARRAY) {
        if (table == null) {
          return treeSqlTable(tree.get()); // data before schema: read it whole
        }
        readRows(p, types, table);
        data = true;
      } else {
        p.skipChildren();
      }
    }
    return table != null && data ? Optional.of(table.toTable(columns)) : Optional.empty();
  }

  /** How a column's values are read: straight from the token when it has the usual form. */
  private enum Kind { LONG, INTEGER, DOUBLE, FLOAT, BOOLEAN, STRING, DATE, OTHER }

  private static Kind kind(JsonNode type) {
    if (!type.isTextual()) {
      return Kind.OTHER;
    }
    return switch (type.textValue().toLowerCase(Locale.ROOT)) {
      case "long" -> Kind.LONG;
      case "integer" -> Kind.INTEGER;
      case "double" -> Kind.DOUBLE;
      case "float" -> Kind.FLOAT;
      case "boolean" -> Kind.BOOLEAN;
      case "string" -> Kind.STRING;
      case "date" -> Kind.DATE;
      default -> Kind.OTHER;
    };
  }

  private static void readRows(JsonParser p, List<JsonNode> types, Columns table)
      throws IOException {
    int width = types.size();
    Kind[] kinds = new Kind[width];
    for (int i = 0; i < width; i++) {
      kinds[i] = kind(types.get(i));
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
      int i = 0;
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        if (i < width) {
          if (!direct(p, token, kinds[i], table, i)) {
            table.add(i, value(scalar(p, token), types.get(i)));
          }
        } else {
          p.skipChildren();
        }
        i++;
      }
      if (i != width) {
        throw new LivyClientException("table row has " + i + " values but the schema has "
            + width + " columns", null);
      }
      table.endRow();
    }
    if (t != JsonToken.END_ARRAY) {
      throw new LivyClientException("table row has 0 values but the schema has "
          + width + " columns", null);
    }
  }

  /**
   * Adds a value of the usual form for its column's type (as {@link #value} would decode it)
   * without a node or a box.
   *
   * @return false if the value needs {@link #value}
   */
  private static boolean direct(JsonParser p, JsonToken token, Kind kind, Columns table,
      int column) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      table.add(column, null);
      return true;
    }
    switch (kind) {
      case LONG:
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != NumberType.BIG_INTEGER) {
          table.addLong(column, p.getLongValue());
          return true;
        }
        return false;
      case INTEGER:
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == NumberType.INT) {
          table.addInt(column, p.getIntValue());
          return true;
        }
        return false;
      case DOUBLE:
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != NumberType.BIG_INTEGER) {
          table.addDouble(column, (double) p.getLongValue());
          return true;
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
          double d = NumberInput.parseDouble(p.getTextCharacters(), p.getTextOffset(),
              p.getTextLength(), true);
          table.addDouble(column, d == 0 ? 0.0 : d); // as a decimal: no negative zero
          return true;
        }
        return false;
      case FLOAT:
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
          float f = NumberInput.parseFloat(p.getTextCharacters(), p.getTextOffset(),
              p.getTextLength(), true);
          table.add(column, f == 0 ? 0.0f : f);
          return true;
        }
        return false;
      case BOOLEAN:
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
          table.addBoolean(column, token == JsonToken.VALUE_TRUE);
          return true;
        }
        return false;
      case STRING:
        if (token == JsonToken.VALUE_STRING) {
          table.addString(column, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          return true;
        }
        return false;
      case DATE:
        if (token == JsonToken.VALUE_STRING) {
          long day = epochDay(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          if (day != Long.MIN_VALUE) {
            table.addEpochDay(column, day);
            return true;
          }
        }
        return false;
      default:
        return false;
    }
  }

  /**
   * The epoch day of text that starts {@code yyyy-MM-dd} with a valid date.
   *
   * @return the day, or {@link Long#MIN_VALUE} if the text is of another form
   */
  static long epochDay(char[] c, int off, int len) {
    if (len < 10 || c[off + 4] != '-' || c[off + 7] != '-') {
      return Long.MIN_VALUE;
    }
    int year = digits(c, off, 4);
    int month = digits(c, off + 5, 2);
    int day = digits(c, off + 8, 2);
    if (year < 0 || month < 0 || day < 0) {
      return Long.MIN_VALUE;
    }
    try {
      return LocalDate.of(year, month, day).toEpochDay();
    } catch (java.time.DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int digits(char[] c, int off, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      char d = c[off + i];
      if (d < '0' || d > '9') {
        return -1;
      }
      v = v * 10 + (d - '0');
    }
    return v;
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

  private static Optional<Table> treeSqlTable(JsonNode root) {
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
