package io.github.livy4j;

import java.util.Objects;

/**
 * The opaque id of a statement: Apache Livy uses integers, Fabric uses GUIDs, livy4j keeps both as
 * strings.
 *
 * @param value the id as the server spells it
 */
public record StatementId(String value) {

  /** Validates the id. */
  public StatementId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("statement id must not be blank");
    }
  }

  /**
   * Returns the id with the given text.
   *
   * @param value the id as the server spells it
   * @return the id
   * @throws IllegalArgumentException if the value is blank
   */
  public static StatementId of(String value) {
    return new StatementId(value);
  }

  /**
   * Returns the id for a numeric id.
   *
   * @param value the numeric id
   * @return the id
   */
  public static StatementId of(long value) {
    return new StatementId(Long.toString(value));
  }

  @Override
  public String toString() {
    return value;
  }
}
