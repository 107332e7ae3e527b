package io.github.livy4j.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.LivyClientException;

/** The one shared, lenient JSON mapper of livy4j-core. */
public final class Json {
  /**
   * Lenient mapper: unknown properties are ignored, big decimals kept exact, and strings of
   * any length read (statement outputs run to hundreds of megabytes; Jackson's default stops at
   * 20 million characters).
   */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);

  private Json() {}

  /**
   * Parses JSON text.
   *
   * @param text the text
   * @param what what the text is, for the error message
   * @return the tree
   * @throws LivyClientException if the text is not JSON
   */
  public static JsonNode parse(String text, String what) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new LivyClientException(
          "Malformed JSON in " + what + ": " + e.getOriginalMessage(), null);
    }
  }

  /**
   * Writes a value as JSON text.
   *
   * @param value the value
   * @return the text
   */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
