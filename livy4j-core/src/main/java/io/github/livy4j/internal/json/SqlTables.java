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
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decodes a Spark SQL result {@code {"schema": StructType, "data": [[...]]}} value by value as
 * it is read, straight into the table's columns: a value of the usual form for its column's
 * type is stored without a node or a box, any other through {@link SparkValues}.
 */
final class SqlTables {
  private SqlTables() {}

  /**
   * Decodes a Spark SQL result from a parser at its start.
   *
   * @param p the parser
   * @param rows how many rows to make room for
   * @param tree the whole value as a tree, for a result whose data comes before its schema
   * @return the table, or empty when the JSON is not a SQL result
   */
  static Optional<Table> read(JsonParser p, int rows, Supplier<JsonNode> tree) throws IOException {
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
  private enum Kind {
    LONG,
    INTEGER,
    DOUBLE,
    FLOAT,
    BOOLEAN,
    STRING,
    DATE,
    OTHER
  }

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
            table.add(i, SparkValues.value(scalar(p, token), types.get(i)));
          }
        } else {
          p.skipChildren();
        }
        i++;
      }
      if (i != width) {
        throw new LivyClientException(
            "table row has " + i + " values but the schema has " + width + " columns", null);
      }
      table.endRow();
    }
    if (t != JsonToken.END_ARRAY) {
      throw new LivyClientException(
          "table row has 0 values but the schema has " + width + " columns", null);
    }
  }

  /**
   * Adds a value of the usual form for its column's type (as {@link SparkValues#value} would
   * decode it) without a node or a box.
   *
   * @return false if the value needs {@link SparkValues#value}
   */
  private static boolean direct(JsonParser p, JsonToken token, Kind kind, Columns table, int column)
      throws IOException {
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
          double d =
              NumberInput.parseDouble(
                  p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), true);
          table.addDouble(column, d == 0 ? 0.0 : d); // as a decimal: no negative zero
          return true;
        }
        return false;
      case FLOAT:
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
          float f =
              NumberInput.parseFloat(
                  p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), true);
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
    } catch (DateTimeException e) {
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
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
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
    return Optional.of(Table.of(columns, SparkValues.rows(root.path("data"), types)));
  }

  /** The columns of a Spark schema's fields; their types go into {@code types}. */
  private static List<Table.Column> columns(JsonNode fields, List<JsonNode> types) {
    List<Table.Column> columns = new ArrayList<>();
    for (JsonNode f : fields) {
      JsonNode type = f.path("type");
      types.add(type);
      columns.add(
          new Table.Column(
              f.path("name").asText(""),
              type.isTextual() ? type.textValue() : type.toString(),
              f.path("nullable").asBoolean(true)));
    }
    return columns;
  }
}
