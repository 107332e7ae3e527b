package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading a Spark DataFrame of the interpreter into the client: the frame is made a temporary
 * view, in the kind it was made in, and read back with Spark SQL, so that it arrives as a typed
 * {@link io.github.livy4j.Table} with the SQL path's row cap and truncation; and what kind a
 * session's plain code is.
 *
 * @param makeView the statement that makes the frame a temporary view
 * @param select the query that reads the view
 */
record DataFrameRead(Code makeView, Code select) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

  /**
   * The statements that read a frame.
   *
   * @param dataFrame the frame's variable in the interpreter
   * @param kind the interpreter it lives in: {@code SPARK}, {@code PYSPARK} or {@code SPARKR}
   * @return the statements
   * @throws IllegalArgumentException if the name is not a plain identifier or the kind is SQL
   */
  static DataFrameRead of(String dataFrame, CodeKind kind) {
    Objects.requireNonNull(dataFrame, "dataFrame");
    Objects.requireNonNull(kind, "kind");
    if (!NAME.matcher(dataFrame).matches()) {
      throw new IllegalArgumentException(
          "dataFrame '"
              + dataFrame
              + "' is not the name of a variable: give a plain identifier (letters, digits and"
              + " '_', not starting with a digit), such as \"df\"");
    }
    String view = "livy4j_read_" + dataFrame;
    Code makeView =
        switch (kind) {
          case SPARK -> Code.scala(dataFrame + ".createOrReplaceTempView(\"" + view + "\")");
          case PYSPARK -> Code.pyspark(dataFrame + ".createOrReplaceTempView(\"" + view + "\")");
          case SPARKR ->
              Code.sparkR("createOrReplaceTempView(" + dataFrame + ", \"" + view + "\")");
          case SQL ->
              throw new IllegalArgumentException(
                  "a DataFrame is read from the spark, pyspark or sparkr interpreter, not from"
                      + " sql: run the query itself with execute(Code.sql(...)).table()");
        };
    return new DataFrameRead(makeView, Code.sql("SELECT * FROM " + view));
  }

  /**
   * Reads the frame through a session: makes the view, then selects from it.
   *
   * @param session the session
   * @return the table
   */
  io.github.livy4j.Table read(io.github.livy4j.LivySession session) {
    session.execute(makeView);
    return session.execute(select).table();
  }

  /**
   * The kind of a session's plain code: its own kind, from its spec or the server.
   *
   * @param id the session
   * @param spec its kind as created, if known
   * @param info what the server said of it
   * @return the kind
   * @throws IllegalStateException if the session has no kind of its own
   */
  static CodeKind kindOf(SessionId id, Optional<CodeKind> spec, SessionInfo info) {
    return spec.or(info::kind)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "session "
                        + id
                        + " has no code kind of its own (it was created without"
                        + " SessionSpec.Builder.kind): say which, as in execute(Code.sql(...)) or"
                        + " read(dataFrame, CodeKind.PYSPARK)"));
  }
}
