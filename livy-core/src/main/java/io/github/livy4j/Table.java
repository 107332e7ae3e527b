package io.github.livy4j;

import io.github.livy4j.internal.table.Columns;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

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
 * <p>Livy cuts SQL results at {@code livy.rsc.sql.num-rows} rows (1000 by default) without
 * saying so: a result with exactly as many rows as the cap the session runs with is marked
 * {@link #truncated()}. To read more, raise the cap in the session's configuration
 * ({@code SessionSpec.builder().conf("livy.rsc.sql.num-rows", "100000")}), or page with
 * {@code LIMIT}/{@code OFFSET} or a key range.
 *
 * <pre>{@code
 * Table t = session.execute(Code.sql("SELECT id, name FROM people")).table();
 * for (Table.Row row : t.rows()) {
 *   long id = row.get("id", Long.class);
 * }
 * }</pre>
 */
public final class Table {
  static {
    Columns.tables(Table::new);
  }

  private final List<Column> columns;
  private final Columns data;
  private final Map<String, Integer> index;
  private final List<Row> rows;
  private final int rowLimit;

  private Table(List<Column> columns, Columns data) {
    this(columns, data, 0);
  }

  private Table(List<Column> columns, Columns data, int rowLimit) {
    this.columns = columns;
    this.data = data;
    this.rowLimit = rowLimit;
    Map<String, Integer> idx = new HashMap<>();
    for (int i = columns.size() - 1; i >= 0; i--) {
      idx.put(columns.get(i).name(), i);
    }
    this.index = Map.copyOf(idx);
    this.rows = new RowList();
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
    Objects.requireNonNull(rows, "rows");
    Builder b = builder(columns);
    rows.forEach(b::addRow);
    return b.build();
  }

  /**
   * A builder that takes rows one at a time, so that a large result never exists twice.
   *
   * @param columns the columns
   * @return the builder
   */
  public static Builder builder(List<Column> columns) {
    return new Builder(columns);
  }

  /**
   * Builds a {@link Table} row by row. Values are kept column by column (numbers and booleans
   * unboxed), so a table holds about what its data weighs.
   */
  public static final class Builder {
    private final List<Column> columns;
    private final Columns data;
    private boolean built;

    private Builder(List<Column> columns) {
      this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
      this.data = new Columns(this.columns.stream().map(Column::sparkType).toList());
    }

    /**
     * Adds a row.
     *
     * @param row one value (possibly {@code null}) per column
     * @return this builder
     * @throws IllegalArgumentException if the row's width differs from the column count
     * @throws IllegalStateException if the table was built already
     */
    public Builder addRow(List<?> row) {
      Objects.requireNonNull(row, "row");
      if (built) {
        throw new IllegalStateException("the table was built already");
      }
      data.addRow(row);
      return this;
    }

    /** @return the table; the builder takes no more rows */
    public Table build() {
      built = true;
      data.trim();
      return new Table(columns, data);
    }
  }

  /** The rows, as views into the columns. */
  private final class RowList extends AbstractList<Row> implements RandomAccess {
    @Override
    public Row get(int i) {
      if (i < 0 || i >= data.size()) {
        throw new IndexOutOfBoundsException("row " + i + " of " + data.size());
      }
      return new Row(i);
    }

    @Override
    public int size() {
      return data.size();
    }
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
    return data.size();
  }

  /**
   * Whether the server probably cut the result: it has exactly as many rows as the row cap of
   * the session that ran it ({@code livy.rsc.sql.num-rows}). Livy does not say when it cuts;
   * a result that fills the cap exactly is taken as cut.
   *
   * @return whether the result is at the cap
   */
  public boolean truncated() {
    return rowLimit > 0;
  }

  /** @return the row cap the result was cut at, when {@link #truncated()} */
  public java.util.OptionalInt rowLimit() {
    return rowLimit > 0 ? java.util.OptionalInt.of(rowLimit) : java.util.OptionalInt.empty();
  }

  /** This table, marked truncated if it has exactly {@code cap} rows. */
  Table atRowCap(int cap) {
    return cap > 0 && data.size() == cap ? new Table(columns, data, cap) : this;
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
      throw new IllegalArgumentException(
          "no column '" + name + "'; columns are " + columns.stream().map(Column::name).toList());
    }
    return i;
  }

  @Override
  public String toString() {
    return "Table[columns="
        + columns.stream().map(Column::name).toList()
        + ", rows="
        + rows.size()
        + (rowLimit > 0 ? ", truncated at " + rowLimit : "")
        + "]";
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
    private final int row;

    private Row(int row) {
      this.row = row;
    }

    /** @return the values, in column order */
    public List<Object> values() {
      return new AbstractList<>() {
        @Override
        public Object get(int column) {
          return Row.this.get(column);
        }

        @Override
        public int size() {
          return columns.size();
        }
      };
    }

    /**
     * A value by position.
     *
     * @param column the column position
     * @return the value, or {@code null}
     * @throws IndexOutOfBoundsException if there is no such column
     */
    public Object get(int column) {
      if (column < 0 || column >= columns.size()) {
        throw new IndexOutOfBoundsException("column " + column + " of " + columns.size());
      }
      return data.get(row, column);
    }

    /**
     * A value by column name.
     *
     * @param column the column name
     * @return the value, or {@code null}
     * @throws IllegalArgumentException if no column has that name
     */
    public Object get(String column) {
      return data.get(row, columnIndex(column));
    }

    /**
     * A value by column name, as a type.
     *
     * @param column the column name
     * @param type the expected type
     * @param <T> the type
     * @return the value, or {@code null}
     * @throws IllegalArgumentException if no column has that name
     * @throws ClassCastException if the value has another type
     */
    public <T> T get(String column, Class<T> type) {
      Object v = get(column);
      if (v != null && !type.isInstance(v)) {
        throw new ClassCastException(
            "column '"
                + column
                + "' holds a "
                + v.getClass().getSimpleName()
                + ", not a "
                + type.getSimpleName());
      }
      return type.cast(v);
    }

    @Override
    public String toString() {
      return values().toString();
    }
  }
}
