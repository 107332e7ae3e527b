package io.github.livy4j;

import java.util.Objects;

/**
 * The opaque id of a session: Apache Livy uses integers, Fabric uses GUIDs, livy4j keeps both as
 * strings.
 *
 * @param value the id as the server spells it
 */
public record SessionId(String value) {

  /** Validates the id. */
  public SessionId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("session id must not be blank");
    }
  }

  /**
   * Returns the id with the given text.
   *
   * @param value the id as the server spells it
   * @return the id
   * @throws IllegalArgumentException if the value is blank
   */
  public static SessionId of(String value) {
    return new SessionId(value);
  }

  /**
   * Returns the id for a numeric id.
   *
   * @param value the numeric id
   * @return the id
   */
  public static SessionId of(long value) {
    return new SessionId(Long.toString(value));
  }

  @Override
  public String toString() {
    return value;
  }
}
