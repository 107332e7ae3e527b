package io.github.livy4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tabular statement result: named, typed columns and rows of typed values.
 *
 * <p>Decoded from Spark SQL results ({@code application/json} with a Spark schema) and from
 * Livy tables ({@code application/vnd.livy.table.v1+json}). Values are Java types by Spark
 * type: {@code byte, short, integer} give {@link Byte}, {@link Short}, {@link Integer};
 * {@code long} gives {@link Long}; {@code float, double} give {@link Float}, {@link Double};
 * {@code decimal(p,s)} gives {@link java.math.BigDecimal}; {@code boolean} gives
 * {@link Boolean}; {@code string} gives {@link String}; {@code date} gives
 * {@link java.time.LocalDate}; {@code timestamp} gives {@link java.time.Instant} when the value
 * carries an offset, else {@link java.time.LocalDateTime}; arrays, maps and structs give
 * {@link List} and {@link Map}; SQL {@code NULL} gives {@code null}. A value that does not
 * parse as its declared type is kept as the server sent it.
 *
 * <p>Apache Livy caps SQL results at {@code livy.rsc.sql.num-rows} rows (1000 by default).
 *
 * <pre>{@code
 * Table t = session.execute(Code.sql("SELECT id, name FROM people")).table();
 * for (Table.Row row : t.rows()) {
 *   long id = row.get("id", Long.class);
 * }
 * }</pre>
 */
public final class Table {
  private final List<Column> columns;
  private final List<Row> rows;
  private final Map<String, Integer> index;

  private Table(List<Column> columns, List<List<Object>> rows) {
    this.columns = List.copyOf(columns);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = columns.size() - 1; i >= 0; i--) {
      idx.put(columns.get(i).name(), i);
    }
    this.index = Map.copyOf(idx);
    List<Row> rs = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("row has " + r.size() + " values but the table has "
            + columns.size() + " columns");
      }
      rs.add(new Row(Collections.unmodifiableList(new ArrayList<>(r))));
    }
    this.rows = Collections.unmodifiableList(rs);
  }

  /**
   * Creates a table.
   *
   * @param columns the columns
   * @param rows the rows, each with one value (possibly {@code null}) per column
   * @return the table
   * @throws IllegalArgumentException if a row's width differs from the column count
   */
  public static Table of(List<Column> columns, List<List<Object>> rows) {
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(rows, "rows");
    return new Table(columns, rows);
  }

  /** @return the columns, in order */
  public List<Column> columns() {
    return columns;
  }

  /** @return the rows, in order */
  public List<Row> rows() {
    return rows;
  }

  /** @return the number of rows */
  public int size() {
    return rows.size();
  }

  /**
   * Finds a column's position.
   *
   * @param name the column name
   * @return the position of the first column with that name
   * @throws IllegalArgumentException if no column has that name
   */
  public int columnIndex(String name) {
    Integer i = index.get(Objects.requireNonNull(name, "name"));
    if (i == null) {
      throw new IllegalArgumentException("no column '" + name + "'; columns are "
          + columns.stream().map(Column::name).toList());
    }
    return i;
  }

  @Override
  public String toString() {
    return "Table[columns=" + columns.stream().map(Column::name).toList() + ", rows="
        + rows.size() + "]";
  }

  /**
   * A column.
   *
   * @param name the column name
   * @param sparkType the Spark type name, such as {@code integer} or {@code decimal(10,2)};
   *     JSON text for nested types
   * @param nullable whether values may be {@code null}
   */
  public record Column(String name, String sparkType, boolean nullable) {
    /** Validates the column. */
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sparkType, "sparkType");
    }
  }

  /** A row: one value per column. */
  public final class Row {
    private final List<Object> values;

    private Row(List<Object> values) {
      this.values = values;
    }

    /** @return the values, in column order */
    public List<Object> values() {
      return values;
    }

    /**
     * @param column the column position
     * @return the value, possibly {@code null}
     * @throws IndexOutOfBoundsException if there is no such column
     */
    public Object get(int column) {
      return values.get(column);
    }

    /**
     * @param column the column name
     * @return the value, possibly {@code null}
     * @throws IllegalArgumentException if there is no such column
     */
    public Object get(String column) {
      return values.get(columnIndex(column));
    }

    /**
     * Reads a value as a given type.
     *
     * @param column the column name
     * @param type the expected type
     * @param <T> the expected type
     * @return the value, possibly {@code null}
     * @throws IllegalArgumentException if there is no such column
     * @throws ClassCastException if the value has another type
     */
    public <T> T get(String column, Class<T> type) {
      Object v = get(column);
      if (v != null && !type.isInstance(v)) {
        throw new ClassCastException("column '" + column + "' holds a "
            + v.getClass().getSimpleName() + ", not a " + type.getSimpleName());
      }
      return type.cast(v);
    }

    @Override
    public String toString() {
      return values.toString();
    }
  }
}
