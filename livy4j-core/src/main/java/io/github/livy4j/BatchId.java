package io.github.livy4j;

import java.util.Objects;

/**
 * The opaque id of a batch: Apache Livy uses integers, Fabric uses GUIDs, livy4j keeps both as
 * strings.
 *
 * @param value the id as the server spells it
 */
public record BatchId(String value) {

  /** Validates the id. */
  public BatchId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("batch id must not be blank");
    }
  }

  /**
   * Returns the id with the given text.
   *
   * @param value the id as the server spells it
   * @return the id
   * @throws IllegalArgumentException if the value is blank
   */
  public static BatchId of(String value) {
    return new BatchId(value);
  }

  /**
   * Returns the id for a numeric id.
   *
   * @param value the numeric id
   * @return the id
   */
  public static BatchId of(long value) {
    return new BatchId(Long.toString(value));
  }

  @Override
  public String toString() {
    return value;
  }
}
