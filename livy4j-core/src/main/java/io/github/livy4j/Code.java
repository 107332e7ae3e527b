package io.github.livy4j;

import java.util.Objects;

/**
 * A piece of code and the interpreter it is written for.
 *
 * <pre>{@code
 * StatementResult r = session.execute(Code.scala("spark.range(100).count()"));
 * Table t = session.execute(Code.sql("SELECT id FROM range(5)")).table();
 * }</pre>
 *
 * <p>{@code toString()} shows the kind and the length of the code, never the code itself.
 *
 * @param kind the interpreter
 * @param code the code, not blank
 */
public record Code(CodeKind kind, String code) {

  /** Validates the code. */
  public Code {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(code, "code");
    if (code.isBlank()) {
      throw new IllegalArgumentException("code must not be blank");
    }
  }

  /**
   * Python code.
   *
   * @param code the code
   * @return the code for the {@code pyspark} interpreter
   */
  public static Code pyspark(String code) {
    return new Code(CodeKind.PYSPARK, code);
  }

  /**
   * Scala code.
   *
   * @param code the code
   * @return the code for the {@code spark} interpreter
   */
  public static Code scala(String code) {
    return new Code(CodeKind.SPARK, code);
  }

  /**
   * A Spark SQL query.
   *
   * @param query the query
   * @return the code for the {@code sql} interpreter
   */
  public static Code sql(String query) {
    return new Code(CodeKind.SQL, query);
  }

  /**
   * R code.
   *
   * @param code the code
   * @return the code for the {@code sparkr} interpreter
   */
  public static Code sparkR(String code) {
    return new Code(CodeKind.SPARKR, code);
  }

  @Override
  public String toString() {
    return "Code[" + kind.wireName() + ", " + code.length() + " chars]";
  }
}
