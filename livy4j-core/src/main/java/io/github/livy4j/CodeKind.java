package io.github.livy4j;

import java.util.Locale;
import java.util.Optional;

/** The interpreter a piece of code is written for, as Livy names it. */
public enum CodeKind {
  /** Scala, Livy's {@code spark} kind. */
  SPARK("spark"),
  /** Python, Livy's {@code pyspark} kind. */
  PYSPARK("pyspark"),
  /** R, Livy's {@code sparkr} kind. */
  SPARKR("sparkr"),
  /** Spark SQL, Livy's {@code sql} kind. */
  SQL("sql");

  private final String wireName;

  CodeKind(String wireName) {
    this.wireName = wireName;
  }

  /** @return the name Livy uses on the wire */
  public String wireName() {
    return wireName;
  }

  /**
   * Finds the kind with a wire name, ignoring case.
   *
   * @param wireName the name Livy uses, such as {@code "pyspark"}
   * @return the kind, or empty when the name is not one of Livy's code kinds
   */
  public static Optional<CodeKind> fromWireName(String wireName) {
    if (wireName == null) {
      return Optional.empty();
    }
    String lower = wireName.toLowerCase(Locale.ROOT);
    for (CodeKind k : values()) {
      if (k.wireName.equals(lower)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
