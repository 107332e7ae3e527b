package io.github.livy4j;

import io.github.livy4j.internal.table.Columns;
import io.github.livy4j.internal.table.RecordMapper;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
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
 *   long id = row.getLong("id");
 *   String name = row.getString("name"); // null for NULL
 * }
 * record Person(long id, String name) {}
 * List<Person> people = t.as(Person.class);
 * }</pre>
 *
 * <p>{@link Row} states how values read as Java types and what a read of SQL {@code NULL}
 * does; {@link #as(Class)} maps rows to records by those rules.
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
  private volatile RecordMapper<?> lastMapper;

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
   * Maps every row to a record: each record component takes the column of its name, matched
   * exactly, else ignoring case (Spark's names are case-insensitive), read as the component's
   * type by the rules of {@link Row}. So an {@code integer} column fills a {@code long}
   * component; a column that may be {@code NULL} needs a component that is not primitive (a
   * {@code Long}, not a {@code long}). Columns that no component names are left out.
   *
   * <pre>{@code
   * record Order(long id, String customer, BigDecimal total, LocalDate day) {}
   * List<Order> orders =
   *     session.execute(Code.sql("SELECT * FROM orders")).table().as(Order.class);
   * }</pre>
   *
   * <p>The record must be accessible to livy4j, whose module is {@code io.github.livy4j.core}:
   * on the class path every record is, a private nested one included; in a named module, a
   * public record in a package its module exports, or any record in a package it opens to
   * {@code io.github.livy4j.core}.
   *
   * @param recordType the record class
   * @param <R> the record type
   * @return one record per row, in order; unmodifiable
   * @throws IllegalArgumentException before any row is read, if a component has no column (the
   *     message lists the table's columns), matches only columns that differ from each other in
   *     case, or has a type that its column's Spark type does not read as (the message names the
   *     column, its Spark type and the component's type), or if the record is not accessible;
   *     for a row, if a value does not convert to its component's type or the record's
   *     constructor throws
   * @throws IllegalStateException if a {@code NULL} would go into a primitive component (the
   *     message names the row and the column)
   */
  public <R extends Record> List<R> as(Class<R> recordType) {
    RecordMapper<R> m = mapper(recordType);
    List<R> out = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      out.add(m.map(data, i));
    }
    return Collections.unmodifiableList(out);
  }

  /** One row as a record. */
  <R extends Record> R asRecord(Class<R> recordType, int row) {
    return mapper(recordType).map(data, row);
  }

  /** The mapper of a record type; the last one made is kept for the next row. */
  @SuppressWarnings("unchecked")
  private <R> RecordMapper<R> mapper(Class<R> recordType) {
    Objects.requireNonNull(recordType, "recordType");
    RecordMapper<?> m = lastMapper;
    if (m == null || m.type() != recordType) {
      m = RecordMapper.of(recordType, columns);
      lastMapper = m;
    }
    return (RecordMapper<R>) m;
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

  /**
   * A row: one value per column, read by column name or by position.
   *
   * <p>{@link #get(String)} gives a value as the table holds it ({@link Table} lists the Java
   * type of each Spark type). The typed getters ({@link #getString(String) getString}, {@link
   * #getLong(String) getLong}, {@link #getInt(String) getInt}, {@link #getDouble(String)
   * getDouble}, {@link #getBoolean(String) getBoolean}, {@link #getDecimal(String) getDecimal},
   * {@link #getDate(String) getDate}, {@link #getTimestamp(String) getTimestamp}, {@link
   * #getLocalDateTime(String) getLocalDateTime}) and {@link #get(String, Class)} read it as a
   * Java type, by these rules:
   *
   * <ul>
   *   <li><b>SQL {@code NULL}.</b> A getter that returns an object gives {@code null}. A getter
   *       that returns a primitive ({@code getLong}, {@code getInt}, {@code getDouble}, {@code
   *       getBoolean}, and {@code get} with a primitive class such as {@code long.class}) cannot,
   *       and never makes up a {@code 0} or {@code false}: it throws an {@link
   *       IllegalStateException} that names the column and the row. For a column that may be
   *       {@code NULL}, read the boxed type, {@code Long n = row.get("n", Long.class)}, or ask
   *       {@link #isNull(String)} first.
   *   <li><b>Conversions.</b> A value reads as its own Java type, and else only where nothing is
   *       lost: a whole number (a {@code byte}, {@code short}, {@code integer}, {@code long} or
   *       {@code decimal(p,0)} value) reads as any numeric type that holds it exactly, so an
   *       {@code integer} column reads with {@code getLong}, and a {@code long} one with {@code
   *       getInt} while its value fits in an {@code int}; a {@code float} reads as a {@code
   *       double}. Floating-point values never read as whole numbers or decimals, values of a
   *       {@code decimal(p,s)} with {@code s > 0} never as whole or floating-point numbers, and
   *       nothing converts to or from text: read such a value as what it is and convert it
   *       knowingly.
   *   <li><b>Errors.</b> A value that does not read as the requested type, by its kind or
   *       because it is out of range, throws an {@link IllegalArgumentException} that names the
   *       column, its Spark type, the row and the requested type; never a {@link
   *       ClassCastException}, never a truncated value. So does an unknown column name.
   * </ul>
   *
   * <pre>{@code
   * long id = row.getLong("id");                     // a NOT NULL column
   * Long parent = row.get("parent_id", Long.class);  // null for NULL
   * String name = row.getString("name");             // null for NULL
   * }</pre>
   */
  public final class Row extends TypedRow {
    private final int row;

    private Row(int row) {
      this.row = row;
    }

    @Override
    Table table() {
      return Table.this;
    }

    @Override
    int index() {
      return row;
    }

    @Override
    Object valueAt(int column) {
      return get(column);
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
     * A value by position, as the table holds it.
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
     * A value by column name, as the table holds it.
     *
     * @param column the column name
     * @return the value, or {@code null}
     * @throws IllegalArgumentException if no column has that name
     */
    public Object get(String column) {
      return data.get(row, columnIndex(column));
    }

    @Override
    public String toString() {
      return values().toString();
    }
  }
}
