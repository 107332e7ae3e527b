package io.github.livy4j;

import io.github.livy4j.internal.json.OutputData;
import io.github.livy4j.internal.json.ResultDecoder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The successful result of a statement: its data by MIME type, with typed accessors.
 *
 * <pre>{@code
 * StatementResult r = session.execute(Code.scala("spark.range(100).count()"));
 * String text = r.text().orElse("");           // "res0: Long = 100"
 * Table table = session.execute(Code.sql("SELECT 1 AS one")).table();
 * }</pre>
 */
public final class StatementResult {
  /** The MIME type of plain text results. */
  public static final String TEXT_PLAIN = "text/plain";

  /** The MIME type of JSON results, including Spark SQL results. */
  public static final String APPLICATION_JSON = "application/json";

  /** The MIME type of PNG images (base64 on the wire). */
  public static final String IMAGE_PNG = "image/png";

  /** The MIME type of Livy tables. */
  public static final String LIVY_TABLE = "application/vnd.livy.table.v1+json";

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(StatementResult.class);

  private final SessionId sessionId;
  private final StatementInfo statement;
  private final StatementOutput output;
  private final int sqlRowLimit;

  /** The table, once decoded. */
  private volatile Table table;

  private StatementResult(
      SessionId sessionId, StatementInfo statement, StatementOutput output, int sqlRowLimit) {
    this.sessionId = sessionId;
    this.statement = statement;
    this.output = output;
    this.sqlRowLimit = sqlRowLimit;
  }

  /**
   * Wraps a finished statement with a successful output.
   *
   * @param sessionId the session that ran it
   * @param statement the finished statement
   * @return the result
   * @throws IllegalArgumentException if the statement has no output or its output is an error
   */
  public static StatementResult of(SessionId sessionId, StatementInfo statement) {
    return of(sessionId, statement, 0);
  }

  /**
   * Wraps a finished statement with a successful output, from a session whose SQL results are
   * cut at {@code sqlRowLimit} rows.
   *
   * @param sessionId the session that ran it
   * @param statement the finished statement
   * @param sqlRowLimit the session's SQL row cap, or 0 if unknown
   * @return the result
   * @throws IllegalArgumentException if the statement has no output or its output is an error
   */
  public static StatementResult of(SessionId sessionId, StatementInfo statement, int sqlRowLimit) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(statement, "statement");
    StatementOutput out =
        statement
            .output()
            .orElseThrow(
                () ->
                    new IllegalArgumentException("statement " + statement.id() + " has no output"));
    if (!out.isOk()) {
      throw new IllegalArgumentException("statement " + statement.id() + " failed");
    }
    return new StatementResult(sessionId, statement, out, Math.max(0, sqlRowLimit));
  }

  /** @return the session that ran the statement */
  public SessionId sessionId() {
    return sessionId;
  }

  /** @return the statement id */
  public StatementId statementId() {
    return statement.id();
  }

  /** @return the finished statement's snapshot */
  public StatementInfo statement() {
    return statement;
  }

  /** @return the interpreter's execution counter, when sent */
  public OptionalInt executionCount() {
    return output.executionCount();
  }

  /** @return the MIME types present in the result */
  public Set<String> mimeTypes() {
    return output.data().keySet();
  }

  /**
   * The raw data for a MIME type.
   *
   * @param mimeType the MIME type
   * @return the value as JSON text, when present
   */
  public Optional<String> data(String mimeType) {
    return Optional.ofNullable(output.data().get(Objects.requireNonNull(mimeType, "mimeType")));
  }

  /** @return all data, by MIME type, each value as JSON text */
  public Map<String, String> data() {
    return output.data();
  }

  /**
   * The plain-text result.
   *
   * @return the {@code text/plain} value, when present
   */
  public Optional<String> text() {
    if (output.data() instanceof OutputData d) {
      String text = d.text(TEXT_PLAIN);
      if (text != null) {
        return Optional.of(text);
      }
    }
    return data(TEXT_PLAIN).map(ResultDecoder::text);
  }

  /**
   * The JSON result.
   *
   * @return the {@code application/json} value as JSON text, when present
   */
  public Optional<String> json() {
    return data(APPLICATION_JSON);
  }

  /**
   * The JSON result bound to a type.
   *
   * @param type the type to bind to (a record, a bean, {@code Map}, {@code List}, ...)
   * @param <T> the type
   * @return the bound value, when an {@code application/json} value is present
   * @throws LivyClientException if the JSON does not bind to the type
   */
  public <T> Optional<T> json(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return json().map(j -> ResultDecoder.bind(j, type));
  }

  /**
   * The image result.
   *
   * @return the decoded {@code image/png} bytes, when present
   * @throws LivyClientException if the image is not valid base64
   */
  public Optional<byte[]> image() {
    return data(IMAGE_PNG).map(ResultDecoder::base64);
  }

  /**
   * The tabular result: a Livy table, or a Spark SQL result with its schema. A Spark SQL
   * result with exactly as many rows as the session's row cap is marked
   * {@link Table#truncated()}, and a warning is logged.
   *
   * @return the table
   * @throws IllegalStateException if the result holds no table, naming the MIME types it holds
   * @throws LivyClientException if the table data is malformed
   */
  public Table table() {
    Table t = table;
    if (t == null) {
      t = decodeTable();
      table = t;
    }
    return t;
  }

  private Table decodeTable() {
    Optional<String> livyTable = data(LIVY_TABLE);
    if (livyTable.isPresent()) {
      return ResultDecoder.livyTable(livyTable.get());
    }
    Optional<Table> decoded;
    if (output.data() instanceof OutputData d && d.json(APPLICATION_JSON) != null) {
      decoded = ResultDecoder.sqlTable(() -> d.json(APPLICATION_JSON), d.rows(APPLICATION_JSON));
    } else {
      decoded = json().flatMap(ResultDecoder::sqlTable);
    }
    Table sql =
        decoded
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "statement "
                            + statementId()
                            + " returned no table; its"
                            + " result holds "
                            + mimeTypes()))
            .atRowCap(sqlRowLimit);
    if (sql.truncated()) {
      LOG.warn(
          "Statement {} in session {} returned exactly {} rows, the session's SQL row cap:"
              + " the result is probably cut. Raise livy.rsc.sql.num-rows in the session's conf, or"
              + " page the query",
          statementId(),
          sessionId,
          sqlRowLimit);
    }
    return sql;
  }

  @Override
  public String toString() {
    return "StatementResult[session="
        + sessionId
        + ", statement="
        + statementId()
        + ", mimeTypes="
        + mimeTypes()
        + "]";
  }
}
