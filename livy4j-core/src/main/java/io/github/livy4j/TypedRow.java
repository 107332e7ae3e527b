package io.github.livy4j;

import io.github.livy4j.internal.table.Conversions;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The typed reads of a {@link Table.Row}, by column name and by position. They follow the rules
 * that {@link Table.Row} states: a getter that returns a primitive refuses SQL {@code NULL}
 * with an {@link IllegalStateException}, one that returns an object gives {@code null}; values
 * convert only without loss, else an {@link IllegalArgumentException} names the column, its
 * Spark type, the row and the requested type.
 */
abstract class TypedRow {
  TypedRow() {}

  /** @return the table the row belongs to */
  abstract Table table();

  /** @return the row's position in its table */
  abstract int index();

  /**
   * A value by position, checked.
   *
   * @param column the column position
   * @return the value, or {@code null}
   * @throws IndexOutOfBoundsException if there is no such column
   */
  abstract Object valueAt(int column);

  /**
   * Whether a value is SQL {@code NULL}.
   *
   * @param column the column name
   * @return whether the value is {@code NULL}
   * @throws IllegalArgumentException if no column has that name
   */
  public boolean isNull(String column) {
    return valueAt(table().columnIndex(column)) == null;
  }

  /**
   * Whether a value is SQL {@code NULL}.
   *
   * @param column the column position
   * @return whether the value is {@code NULL}
   * @throws IndexOutOfBoundsException if there is no such column
   */
  public boolean isNull(int column) {
    return valueAt(column) == null;
  }

  /**
   * A value by column name, as a type: the value itself if it is one, else converted without
   * loss as {@link Table.Row} describes ({@code Long.class} reads an integer column too). A
   * primitive class gives the boxed value: {@code long n = row.get("n", long.class)}.
   *
   * @param column the column name
   * @param type the type, a primitive one included
   * @param <T> the type
   * @return the value, or {@code null} for SQL {@code NULL} when the type is not primitive
   * @throws IllegalArgumentException if no column has that name, or the value does not read as
   *     the type
   * @throws IllegalStateException if the value is {@code NULL} and the type is primitive
   */
  public <T> T get(String column, Class<T> type) {
    return read(table().columnIndex(column), type, '"' + column + '"');
  }

  /**
   * A value by position, as a type; see {@link #get(String, Class)}.
   *
   * @param column the column position
   * @param type the type, a primitive one included
   * @param <T> the type
   * @return the value, or {@code null} for SQL {@code NULL} when the type is not primitive
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value does not read as the type
   * @throws IllegalStateException if the value is {@code NULL} and the type is primitive
   */
  public <T> T get(int column, Class<T> type) {
    return read(column, type, Integer.toString(column));
  }

  @SuppressWarnings("unchecked")
  private <T> T read(int column, Class<T> type, String ref) {
    Objects.requireNonNull(type, "type");
    Object v = valueAt(column);
    Table.Column c = table().columns().get(column);
    if (v == null) {
      if (type.isPrimitive()) {
        throw new IllegalStateException(
            Conversions.nullMessage(type, c.name(), c.sparkType(), index(), ref));
      }
      return null;
    }
    return (T) Conversions.convert(v, type, "", c.name(), c.sparkType(), index());
  }

  /**
   * A text value: a {@code string} column's, or a value the server sent as text because it did
   * not parse as its column's type. Nothing else converts to text.
   *
   * @param column the column name
   * @return the text, or {@code null} for SQL {@code NULL}
   * @throws IllegalArgumentException if no column has that name, or the value is not text
   */
  public String getString(String column) {
    return get(column, String.class);
  }

  /**
   * A text value by position; see {@link #getString(String)}.
   *
   * @param column the column position
   * @return the text, or {@code null} for SQL {@code NULL}
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value is not text
   */
  public String getString(int column) {
    return get(column, String.class);
  }

  /**
   * A {@code long}: of a {@code byte}, {@code short}, {@code integer} or {@code long} column,
   * or a {@code decimal(p,0)} whose value fits. For a column that may be {@code NULL}, read
   * {@code get(column, Long.class)}, which gives {@code null}.
   *
   * @param column the column name
   * @return the value
   * @throws IllegalArgumentException if no column has that name, or the value is not a whole
   *     number in {@code long}'s range
   * @throws IllegalStateException if the value is SQL {@code NULL}
   */
  public long getLong(String column) {
    return get(column, long.class);
  }

  /**
   * A {@code long} by position; see {@link #getLong(String)}.
   *
   * @param column the column position
   * @return the value
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value is not a whole number in {@code long}'s range
   * @throws IllegalStateException if the value is SQL {@code NULL}
   */
  public long getLong(int column) {
    return get(column, long.class);
  }

  /**
   * An {@code int}: of a {@code byte}, {@code short} or {@code integer} column, or of a {@code
   * long} or {@code decimal(p,0)} one while the value fits in an {@code int} (else the read
   * fails, never truncates). For a column that may be {@code NULL}, read {@code get(column,
   * Integer.class)}.
   *
   * @param column the column name
   * @return the value
   * @throws IllegalArgumentException if no column has that name, or the value is not a whole
   *     number in {@code int}'s range
   * @throws IllegalStateException if the value is SQL {@code NULL}
   */
  public int getInt(String column) {
    return get(column, int.class);
  }

  /**
   * An {@code int} by position; see {@link #getInt(String)}.
   *
   * @param column the column position
   * @return the value
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value is not a whole number in {@code int}'s range
   * @throws IllegalStateException if the value is SQL {@code NULL}
   */
  public int getInt(int column) {
    return get(column, int.class);
  }

  /**
   * A {@code double}: of a {@code double} or {@code float} column, or of a whole-number column
   * whose value a {@code double} holds exactly (every {@code integer}; a {@code long} up to
   * 2<sup>53</sup>). A {@code decimal} does not read as a {@code double}: read it with {@link
   * #getDecimal(String)} and round knowingly. For a column that may be {@code NULL}, read {@code
   * get(column, Double.class)}.
   *
   * @param column the column name
   * @return the value
   * @throws IllegalArgumentException if no column has that name, or the value does not read as
   *     a {@code double} exactly
   * @throws IllegalStateException if the value is SQL {@code NULL}
   */
  public double getDouble(String column) {
    return get(column, double.class);
  }

  /**
   * A {@code double} by position; see {@link #getDouble(String)}.
   *
   * @param column the column position
   * @return the value
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value does not read as a {@code double} exactly
   * @throws IllegalStateException if the value is SQL {@code NULL}
   */
  public double getDouble(int column) {
    return get(column, double.class);
  }

  /**
   * A {@code boolean} column's value. For a column that may be {@code NULL}, read {@code
   * get(column, Boolean.class)}.
   *
   * @param column the column name
   * @return the value
   * @throws IllegalArgumentException if no column has that name, or the value is not a boolean
   * @throws IllegalStateException if the value is SQL {@code NULL}
   */
  public boolean getBoolean(String column) {
    return get(column, boolean.class);
  }

  /**
   * A {@code boolean} by position; see {@link #getBoolean(String)}.
   *
   * @param column the column position
   * @return the value
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value is not a boolean
   * @throws IllegalStateException if the value is SQL {@code NULL}
   */
  public boolean getBoolean(int column) {
    return get(column, boolean.class);
  }

  /**
   * A {@code decimal(p,s)} column's value, or a whole number's ({@code byte} to {@code long})
   * as a decimal. Floating-point values do not read as decimals.
   *
   * @param column the column name
   * @return the value, or {@code null} for SQL {@code NULL}
   * @throws IllegalArgumentException if no column has that name, or the value is neither a
   *     decimal nor a whole number
   */
  public BigDecimal getDecimal(String column) {
    return get(column, BigDecimal.class);
  }

  /**
   * A decimal by position; see {@link #getDecimal(String)}.
   *
   * @param column the column position
   * @return the value, or {@code null} for SQL {@code NULL}
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value is neither a decimal nor a whole number
   */
  public BigDecimal getDecimal(int column) {
    return get(column, BigDecimal.class);
  }

  /**
   * A {@code date} column's value.
   *
   * @param column the column name
   * @return the date, or {@code null} for SQL {@code NULL}
   * @throws IllegalArgumentException if no column has that name, or the value is not a date
   */
  public LocalDate getDate(String column) {
    return get(column, LocalDate.class);
  }

  /**
   * A date by position; see {@link #getDate(String)}.
   *
   * @param column the column position
   * @return the date, or {@code null} for SQL {@code NULL}
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value is not a date
   */
  public LocalDate getDate(int column) {
    return get(column, LocalDate.class);
  }

  /**
   * A {@code timestamp} column's value as an instant, as Livy sends it (with an offset). A
   * timestamp the server sent without an offset is a {@link LocalDateTime}: read it with {@link
   * #getLocalDateTime(String)}; no time zone is assumed.
   *
   * @param column the column name
   * @return the instant, or {@code null} for SQL {@code NULL}
   * @throws IllegalArgumentException if no column has that name, or the value is not an instant
   */
  public Instant getTimestamp(String column) {
    return get(column, Instant.class);
  }

  /**
   * A timestamp by position; see {@link #getTimestamp(String)}.
   *
   * @param column the column position
   * @return the instant, or {@code null} for SQL {@code NULL}
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value is not an instant
   */
  public Instant getTimestamp(int column) {
    return get(column, Instant.class);
  }

  /**
   * A {@code timestamp} column's value that the server sent without an offset. One sent with an
   * offset is an {@link Instant}: read it with {@link #getTimestamp(String)}.
   *
   * @param column the column name
   * @return the date-time, or {@code null} for SQL {@code NULL}
   * @throws IllegalArgumentException if no column has that name, or the value is not a local
   *     date-time
   */
  public LocalDateTime getLocalDateTime(String column) {
    return get(column, LocalDateTime.class);
  }

  /**
   * A local date-time by position; see {@link #getLocalDateTime(String)}.
   *
   * @param column the column position
   * @return the date-time, or {@code null} for SQL {@code NULL}
   * @throws IndexOutOfBoundsException if there is no such column
   * @throws IllegalArgumentException if the value is not a local date-time
   */
  public LocalDateTime getLocalDateTime(int column) {
    return get(column, LocalDateTime.class);
  }

  /**
   * This row as a record, as {@link Table#as(Class)} maps each row. To map every row, call that
   * instead: it checks the record against the columns once.
   *
   * @param recordType the record class
   * @param <R> the record type
   * @return the record
   * @throws IllegalArgumentException as {@link Table#as(Class)} does
   * @throws IllegalStateException if a NULL would go into a primitive component
   */
  public <R extends Record> R as(Class<R> recordType) {
    return table().asRecord(recordType, index());
  }
}
