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
  private final Col[] cols;
  private int size;

  /**
   * Creates empty columns.
   *
   * @param sparkTypes each column's Spark type, such as {@code long} or {@code string}
   */
  public Columns(List<String> sparkTypes) {
    cols = new Col[sparkTypes.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = Col.of(sparkTypes.get(i).toLowerCase(Locale.ROOT));
    }
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

    static Col of(String sparkType) {
      return switch (sparkType) {
        case "byte" -> new Coded(Byte.class, v -> ((Number) v).longValue(), l -> (byte) l);
        case "short" -> new Coded(Short.class, v -> ((Number) v).longValue(), l -> (short) l);
        case "integer" -> new Coded(Integer.class, v -> ((Number) v).longValue(), l -> (int) l);
        case "long" -> new Coded(Long.class, v -> (Long) v, l -> l);
        case "float" -> new Coded(Float.class, v -> Double.doubleToRawLongBits((Float) v),
            l -> (float) Double.longBitsToDouble(l));
        case "double" -> new Coded(Double.class, v -> Double.doubleToRawLongBits((Double) v),
            Double::longBitsToDouble);
        case "date" -> new Coded(LocalDate.class, v -> ((LocalDate) v).toEpochDay(),
            LocalDate::ofEpochDay);
        case "boolean" -> new Booleans();
        case "string" -> new Strings();
        default -> new Objects();
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
    private long[] values = new long[16];
    private final BitSet nulls = new BitSet();

    Coded(Class<?> type, ToLongFunction<Object> encode, LongFunction<Object> decode) {
      this.type = type;
      this.encode = encode;
      this.decode = decode;
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
      values = Arrays.copyOf(values, size);
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
    private int[] ends = new int[16];
    private final BitSet nulls = new BitSet();

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
      ends = Arrays.copyOf(ends, size);
      chars.trimToSize();
    }
  }

  private static final class Objects extends Col {
    private Object[] values = new Object[16];

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
      values = Arrays.copyOf(values, size);
    }
  }
}
