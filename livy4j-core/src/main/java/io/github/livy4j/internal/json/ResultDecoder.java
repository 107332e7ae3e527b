package io.github.livy4j.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.Table;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decodes statement data (JSON text by MIME type) into Java values and tables: text, bound
 * JSON and images here, Spark SQL results by {@link SqlTables}, Livy tables by
 * {@link LivyTables}, and their values by {@link SparkValues}.
 */
public final class ResultDecoder {
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
    } catch (IOException e) {
      throw new LivyClientException(
          "JSON result does not bind to " + type.getName() + ": " + e.getMessage(), null);
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
      return SqlTables.read(p, 16, () -> Json.parse(json, "application/json result"));
    } catch (IOException e) {
      throw new LivyClientException(
          "Malformed JSON in application/json result: " + e.getMessage(), null);
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
  public static Optional<Table> sqlTable(Supplier<InputStream> json, int rows) {
    try (JsonParser p = Json.MAPPER.createParser(json.get())) {
      return SqlTables.read(
          p,
          rows < 0 ? 16 : rows,
          () -> {
            try (InputStream in = json.get()) {
              return Json.MAPPER.readTree(in);
            } catch (IOException e) {
              throw new LivyClientException(
                  "Malformed JSON in application/json result: " + e.getMessage(), null);
            }
          });
    } catch (IOException e) {
      throw new LivyClientException(
          "Malformed JSON in application/json result: " + e.getMessage(), null);
    }
  }

  /**
   * Decodes a Livy table {@code {"headers":[{"name","type"}], "data":[[...]]}}.
   *
   * @param json the {@code application/vnd.livy.table.v1+json} value
   * @return the table
   */
  public static Table livyTable(String json) {
    return LivyTables.decode(json);
  }
}
