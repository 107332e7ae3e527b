package io.github.livy4j.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.livy4j.LivyClientException;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts JSON values of a Spark result to the Java types of their Spark types: numbers,
 * decimals, dates, timestamps, and arrays, maps and structs by their element types.
 */
final class SparkValues {
  private static final DateTimeFormatter LOCAL_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ofPattern("HH:mm:ss"))
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private SparkValues() {}

  /**
   * Decodes the rows of a table held as a tree.
   *
   * @param data the array of rows, each an array of values
   * @param types the column types
   * @return the rows
   */
  static List<List<Object>> rows(JsonNode data, List<JsonNode> types) {
    List<List<Object>> rows = new ArrayList<>(data.size());
    for (JsonNode r : data) {
      if (!r.isArray() || r.size() != types.size()) {
        throw new LivyClientException(
            "table row has "
                + (r.isArray() ? r.size() : 0)
                + " values but the schema has "
                + types.size()
                + " columns",
            null);
      }
      List<Object> row = new ArrayList<>(types.size());
      for (int i = 0; i < types.size(); i++) {
        row.add(value(r.get(i), types.get(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Converts a value to the Java type of its Spark type; a value not of the type's form is
   * returned as plain JSON values rather than failing the whole result.
   *
   * @param v the value
   * @param type the Spark type: a name, or an object for a complex type
   * @return the value, or {@code null} for JSON null
   */
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
          return v.canConvertToInt()
              ? (byte) v.asInt()
              : v.isTextual() ? Byte.valueOf(v.textValue().strip()) : plain(v);
        case "short":
          return v.canConvertToInt()
              ? (short) v.asInt()
              : v.isTextual() ? Short.valueOf(v.textValue().strip()) : plain(v);
        case "integer":
          return v.canConvertToInt()
              ? v.asInt()
              : v.isTextual() ? Integer.valueOf(v.textValue().strip()) : plain(v);
        case "long":
          return v.canConvertToLong()
              ? v.asLong()
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
      case "array":
        {
          if (!v.isArray()) {
            return plain(v);
          }
          JsonNode elementType = type.path("elementType");
          List<Object> list = new ArrayList<>(v.size());
          v.forEach(e -> list.add(value(e, elementType)));
          return Collections.unmodifiableList(list);
        }
      case "map":
        {
          if (!v.isObject()) {
            return plain(v);
          }
          JsonNode keyType = type.path("keyType");
          JsonNode valueType = type.path("valueType");
          Map<Object, Object> map = new LinkedHashMap<>();
          v.properties()
              .forEach(
                  e ->
                      map.put(
                          value(Json.MAPPER.getNodeFactory().textNode(e.getKey()), keyType),
                          value(e.getValue(), valueType)));
          return Collections.unmodifiableMap(map);
        }
      case "struct":
        {
          JsonNode fields = type.path("fields");
          Map<String, Object> struct = new LinkedHashMap<>();
          if (v.isArray() && v.size() == fields.size()) {
            for (int i = 0; i < fields.size(); i++) {
              struct.put(
                  fields.get(i).path("name").asText(""),
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
          return Collections.unmodifiableMap(struct);
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
      return Collections.unmodifiableList(list);
    }
    if (v.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      v.properties()
          .forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? null : plain(e.getValue())));
      return Collections.unmodifiableMap(map);
    }
    return null;
  }
}
