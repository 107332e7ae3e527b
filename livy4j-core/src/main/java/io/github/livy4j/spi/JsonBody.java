package io.github.livy4j.spi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.livy4j.SparkSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the JSON object of a request body field by field, leaving out what is not set: a
 * {@code null} value, an empty list or an empty map is not written, as Livy takes a missing
 * field for its default. Not thread-safe.
 */
public final class JsonBody {
  private final ObjectNode node = JsonNodeFactory.instance.objectNode();

  private JsonBody() {}

  /** @return an empty object */
  public static JsonBody object() {
    return new JsonBody();
  }

  /**
   * Writes a string field.
   *
   * @param field the field name
   * @param value the value; {@code null} writes nothing
   * @return this body
   */
  public JsonBody put(String field, String value) {
    if (value != null) {
      node.put(Objects.requireNonNull(field, "field"), value);
    }
    return this;
  }

  /**
   * Writes a number field.
   *
   * @param field the field name
   * @param value the value
   * @return this body
   */
  public JsonBody put(String field, long value) {
    node.put(Objects.requireNonNull(field, "field"), value);
    return this;
  }

  /**
   * Writes a list of strings.
   *
   * @param field the field name
   * @param values the values; an empty list writes nothing
   * @return this body
   */
  public JsonBody list(String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = node.putArray(Objects.requireNonNull(field, "field"));
      values.forEach(a::add);
    }
    return this;
  }

  /**
   * Writes a map of strings as an object.
   *
   * @param field the field name
   * @param values the entries; an empty map writes nothing
   * @return this body
   */
  public JsonBody map(String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode o = node.putObject(Objects.requireNonNull(field, "field"));
      values.forEach(o::put);
    }
    return this;
  }

  /**
   * Writes the Spark resources every dialect takes alike for sessions and batches:
   * {@code driverMemory}, {@code driverCores}, {@code executorMemory}, {@code executorCores},
   * {@code numExecutors} and {@code conf}, each when the spec sets it.
   *
   * @param spec the session or batch spec
   * @return this body
   */
  public JsonBody sparkResources(SparkSpec spec) {
    put("driverMemory", spec.driverMemory().orElse(null));
    spec.driverCores().ifPresent(c -> put("driverCores", c));
    put("executorMemory", spec.executorMemory().orElse(null));
    spec.executorCores().ifPresent(c -> put("executorCores", c));
    spec.numExecutors().ifPresent(c -> put("numExecutors", c));
    return map("conf", spec.conf());
  }

  /** @return the object as JSON text */
  @Override
  public String toString() {
    return node.toString();
  }
}
