package io.github.livy4j.internal.table;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

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

  private final Col[] cols;
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
    cols = new Col[sparkTypes.size()];
    int capacity = Math.max(1, rows);
    for (int i = 0; i < cols.length; i++) {
      cols[i] = Col.of(sparkTypes.get(i).toLowerCase(Locale.ROOT), capacity);
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
    if (!(cols[column] instanceof Coded c && c.put(Long.class, size, v))) {
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
    if (!(cols[column] instanceof Coded c && c.put(Integer.class, size, v))) {
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
    if (!(cols[column] instanceof Coded c
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
    if (!(cols[column] instanceof Coded c && c.put(LocalDate.class, size, epochDay))) {
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
    if (cols[column] instanceof Strings s) {
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
      throw new IllegalArgumentException("row has " + values.size() + " values but the table"
          + " has " + cols.length + " columns");
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
    for (Col c : cols) {
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

  /** One column's storage. */
  private abstract static class Col {
    /** Stores a value at {@code row}; false if it does not fit this storage. */
    abstract boolean add(int row, Object v);

    abstract Object get(int row);

    abstract void trim(int size);

    /** The same values as an object column. */
    Col toObjects(int size) {
      Objects o = new Objects();
      for (int i = 0; i < size; i++) {
        o.add(i, get(i));
      }
      return o;
    }

    static Col of(String sparkType, int rows) {
      return switch (sparkType) {
        case "byte" -> new Coded(Byte.class, v -> ((Number) v).longValue(), l -> (byte) l, rows);
        case "short" -> new Coded(Short.class, v -> ((Number) v).longValue(), l -> (short) l,
            rows);
        case "integer" -> new Coded(Integer.class, v -> ((Number) v).longValue(), l -> (int) l,
            rows);
        case "long" -> new Coded(Long.class, v -> (Long) v, l -> l, rows);
        case "float" -> new Coded(Float.class, v -> Double.doubleToRawLongBits((Float) v),
            l -> (float) Double.longBitsToDouble(l), rows);
        case "double" -> new Coded(Double.class, v -> Double.doubleToRawLongBits((Double) v),
            Double::longBitsToDouble, rows);
        case "date" -> new Coded(LocalDate.class, v -> ((LocalDate) v).toEpochDay(),
            LocalDate::ofEpochDay, rows);
        case "boolean" -> new Booleans();
        case "string" -> new Strings(rows);
        default -> new Objects(rows);
      };
    }

    static int grow(int length, int row) {
      return Math.max(16, Math.max(row + 1, length + (length >> 1)));
    }
  }

  /**
   * Values of one Java type kept as {@code long}s: integers as themselves, floating-point
   * numbers as their bits, dates as their epoch day.
   */
  private static final class Coded extends Col {
    private final Class<?> type;
    private final ToLongFunction<Object> encode;
    private final LongFunction<Object> decode;
    private long[] values;
    private final BitSet nulls = new BitSet();

    Coded(Class<?> type, ToLongFunction<Object> encode, LongFunction<Object> decode, int rows) {
      this.type = type;
      this.encode = encode;
      this.decode = decode;
      this.values = new long[rows];
    }

    /** Stores an encoded value of a type; false if this column holds another type. */
    boolean put(Class<?> of, int row, long encoded) {
      if (of != type) {
        return false;
      }
      if (row >= values.length) {
        values = Arrays.copyOf(values, grow(values.length, row));
      }
      values[row] = encoded;
      return true;
    }

    @Override
    boolean add(int row, Object v) {
      if (v != null && v.getClass() != type) {
        return false;
      }
      if (row >= values.length) {
        values = Arrays.copyOf(values, grow(values.length, row));
      }
      if (v == null) {
        nulls.set(row);
      } else {
        values[row] = encode.applyAsLong(v);
      }
      return true;
    }

    @Override
    Object get(int row) {
      return nulls.get(row) ? null : decode.apply(values[row]);
    }

    @Override
    void trim(int size) {
      if (values.length != size) {
        values = Arrays.copyOf(values, size);
      }
    }
  }

  private static final class Booleans extends Col {
    private final BitSet values = new BitSet();
    private final BitSet nulls = new BitSet();

    @Override
    boolean add(int row, Object v) {
      if (v == null) {
        nulls.set(row);
        return true;
      }
      if (!(v instanceof Boolean b)) {
        return false;
      }
      values.set(row, b);
      return true;
    }

    @Override
    Object get(int row) {
      return nulls.get(row) ? null : values.get(row);
    }

    @Override
    void trim(int size) {
      // bit sets hold only what was set
    }
  }

  /** Strings end to end in one buffer, cut out again when read. */
  private static final class Strings extends Col {
    private final StringBuilder chars = new StringBuilder();
    private int[] ends;
    private final BitSet nulls = new BitSet();

    Strings(int rows) {
      ends = new int[rows];
    }

    void put(int row, char[] c, int offset, int length) {
      if (row >= ends.length) {
        ends = Arrays.copyOf(ends, grow(ends.length, row));
      }
      chars.append(c, offset, length);
      ends[row] = chars.length();
    }

    @Override
    boolean add(int row, Object v) {
      if (v != null && !(v instanceof String)) {
        return false;
      }
      if (row >= ends.length) {
        ends = Arrays.copyOf(ends, grow(ends.length, row));
      }
      if (v == null) {
        nulls.set(row);
      } else {
        chars.append((String) v);
      }
      ends[row] = chars.length();
      return true;
    }

    @Override
    Object get(int row) {
      return nulls.get(row) ? null : chars.substring(row == 0 ? 0 : ends[row - 1], ends[row]);
    }

    @Override
    void trim(int size) {
      if (ends.length != size) {
        ends = Arrays.copyOf(ends, size);
      }
      chars.trimToSize();
    }
  }

  private static final class Objects extends Col {
    private Object[] values;

    Objects() {
      this(16);
    }

    Objects(int rows) {
      values = new Object[rows];
    }

    @Override
    boolean add(int row, Object v) {
      if (row >= values.length) {
        values = Arrays.copyOf(values, grow(values.length, row));
      }
      values[row] = v;
      return true;
    }

    @Override
    Object get(int row) {
      return values[row];
    }

    @Override
    void trim(int size) {
      if (values.length != size) {
        values = Arrays.copyOf(values, size);
      }
    }
  }
}
