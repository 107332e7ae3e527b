package io.github.livy4j.internal.table;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * A table's values column by column: numbers and dates in {@code long[]} (integers as
 * themselves, floating-point numbers as their bits, dates as epoch days), strings end to end in
 * one buffer, booleans in a bit set, each with a bit set of nulls, and everything else as
 * objects. A value that does not fit its column's type (a number the server sent as text)
 * turns that column into an object column. Values come back as the Java type of their Spark
 * type ({@link Byte}, {@link Short}, {@link Integer}, {@link Long}, {@link Float},
 * {@link Double}, {@link Boolean}). Not thread-safe while filled; read-only after.
 */
public final class Columns {
  /** Makes a table of filled columns; set by {@link io.github.livy4j.Table}, which alone can. */
  public interface TableFactory {
    /**
     * Makes a table.
     *
     * @param columns the columns
     * @param data their values
     * @return the table
     */
    io.github.livy4j.Table table(List<io.github.livy4j.Table.Column> columns, Columns data);
  }

  private static volatile TableFactory tables;

  private final ColumnStore[] cols;
  private int size;

  /**
   * Creates empty columns.
   *
   * @param sparkTypes each column's Spark type, such as {@code long} or {@code string}
   */
  public Columns(List<String> sparkTypes) {
    this(sparkTypes, 16);
  }

  /**
   * Creates empty columns with room for a number of rows.
   *
   * @param sparkTypes each column's Spark type, such as {@code long} or {@code string}
   * @param rows how many rows to make room for
   */
  public Columns(List<String> sparkTypes, int rows) {
    cols = new ColumnStore[sparkTypes.size()];
    int capacity = Math.max(1, rows);
    for (int i = 0; i < cols.length; i++) {
      cols[i] = ColumnStore.of(sparkTypes.get(i).toLowerCase(Locale.ROOT), capacity);
    }
  }

  /**
   * Sets who makes tables: called by {@link io.github.livy4j.Table} as it is loaded.
   *
   * @param factory the factory
   */
  public static void tables(TableFactory factory) {
    tables = factory;
  }

  /**
   * Trims the columns and makes them a table.
   *
   * @param columns the columns' descriptions
   * @return the table
   */
  public io.github.livy4j.Table toTable(List<io.github.livy4j.Table.Column> columns) {
    if (tables == null) {
      try {
        Class.forName("io.github.livy4j.Table", true, Columns.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    trim();
    return tables.table(columns, this);
  }

  /**
   * Adds a value to the row being filled; {@link #endRow()} ends it.
   *
   * @param column the column
   * @param v the value, or {@code null}
   */
  public void add(int column, Object v) {
    if (!cols[column].add(size, v)) {
      cols[column] = cols[column].toObjects(size);
      cols[column].add(size, v);
    }
  }

  /**
   * Adds a {@code long} to the row being filled.
   *
   * @param column the column
   * @param v the value
   */
  public void addLong(int column, long v) {
    if (!(cols[column] instanceof ColumnStore.Coded c && c.put(Long.class, size, v))) {
      add(column, v);
    }
  }

  /**
   * Adds an {@code int} to the row being filled.
   *
   * @param column the column
   * @param v the value
   */
  public void addInt(int column, int v) {
    if (!(cols[column] instanceof ColumnStore.Coded c && c.put(Integer.class, size, v))) {
      add(column, v);
    }
  }

  /**
   * Adds a {@code double} to the row being filled.
   *
   * @param column the column
   * @param v the value
   */
  public void addDouble(int column, double v) {
    if (!(cols[column] instanceof ColumnStore.Coded c
        && c.put(Double.class, size, Double.doubleToRawLongBits(v)))) {
      add(column, v);
    }
  }

  /**
   * Adds a date, as its epoch day, to the row being filled.
   *
   * @param column the column
   * @param epochDay the day
   */
  public void addEpochDay(int column, long epochDay) {
    if (!(cols[column] instanceof ColumnStore.Coded c && c.put(LocalDate.class, size, epochDay))) {
      add(column, LocalDate.ofEpochDay(epochDay));
    }
  }

  /**
   * Adds a {@code boolean} to the row being filled.
   *
   * @param column the column
   * @param v the value
   */
  public void addBoolean(int column, boolean v) {
    add(column, v);
  }

  /**
   * Adds a string to the row being filled, from characters.
   *
   * @param column the column
   * @param chars the characters
   * @param offset where they start
   * @param length how many
   */
  public void addString(int column, char[] chars, int offset, int length) {
    if (cols[column] instanceof ColumnStore.Strings s) {
      s.put(size, chars, offset, length);
    } else {
      add(column, new String(chars, offset, length));
    }
  }

  /** Ends the row being filled. */
  public void endRow() {
    size++;
  }

  /**
   * Adds a row.
   *
   * @param values one value per column
   * @throws IllegalArgumentException if the row has another number of values
   */
  public void addRow(List<?> values) {
    if (values.size() != cols.length) {
      throw new IllegalArgumentException(
          "row has "
              + values.size()
              + " values but the table"
              + " has "
              + cols.length
              + " columns");
    }
    for (int c = 0; c < cols.length; c++) {
      Object v = values.get(c);
      if (!cols[c].add(size, v)) {
        cols[c] = cols[c].toObjects(size);
        cols[c].add(size, v);
      }
    }
    size++;
  }

  /** Drops the spare capacity, once every row is in. */
  public void trim() {
    for (ColumnStore c : cols) {
      c.trim(size);
    }
  }

  /** @return the number of rows */
  public int size() {
    return size;
  }

  /**
   * A value.
   *
   * @param row the row
   * @param column the column
   * @return the value, or {@code null}
   */
  public Object get(int row, int column) {
    if (row < 0 || row >= size) {
      throw new IndexOutOfBoundsException("row " + row + " of " + size);
    }
    return cols[column].get(row);
  }
}
