package io.github.livy4j.internal.table;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A table's values column by column: integral columns in {@code long[]}, floating-point ones
 * in {@code double[]}, dates as epoch days in {@code long[]}, strings end to end in one buffer,
 * booleans in a bit set, each with a bit set of nulls, and everything else as objects. A value that does not fit its column's type (a number the server sent as text)
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
        case "byte", "short", "integer", "long" -> new Integral(sparkType);
        case "float", "double" -> new Floating(sparkType.equals("float"));
        case "boolean" -> new Booleans();
        case "date" -> new Dates();
        case "string" -> new Strings();
        default -> new Objects();
      };
    }

    static int grow(int length, int row) {
      return Math.max(16, Math.max(row + 1, length + (length >> 1)));
    }
  }

  private static final class Integral extends Col {
    private final Class<?> type;
    private long[] values = new long[16];
    private final BitSet nulls = new BitSet();

    Integral(String sparkType) {
      this.type = switch (sparkType) {
        case "byte" -> Byte.class;
        case "short" -> Short.class;
        case "integer" -> Integer.class;
        default -> Long.class;
      };
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
        values[row] = ((Number) v).longValue();
      }
      return true;
    }

    @Override
    Object get(int row) {
      if (nulls.get(row)) {
        return null;
      }
      long v = values[row];
      return type == Long.class ? (Object) v : type == Integer.class ? (Object) (int) v
          : type == Short.class ? (Object) (short) v : (Object) (byte) v;
    }

    @Override
    void trim(int size) {
      values = Arrays.copyOf(values, size);
    }
  }

  private static final class Floating extends Col {
    private final boolean single;
    private double[] values = new double[16];
    private final BitSet nulls = new BitSet();

    Floating(boolean single) {
      this.single = single;
    }

    @Override
    boolean add(int row, Object v) {
      if (v != null && v.getClass() != (single ? Float.class : Double.class)) {
        return false;
      }
      if (row >= values.length) {
        values = Arrays.copyOf(values, grow(values.length, row));
      }
      if (v == null) {
        nulls.set(row);
      } else {
        values[row] = ((Number) v).doubleValue();
      }
      return true;
    }

    @Override
    Object get(int row) {
      return nulls.get(row) ? null : single ? (Object) (float) values[row] : (Object) values[row];
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

  /** Dates as their epoch day. */
  private static final class Dates extends Col {
    private long[] days = new long[16];
    private final BitSet nulls = new BitSet();

    @Override
    boolean add(int row, Object v) {
      if (v != null && !(v instanceof java.time.LocalDate)) {
        return false;
      }
      if (row >= days.length) {
        days = Arrays.copyOf(days, grow(days.length, row));
      }
      if (v == null) {
        nulls.set(row);
      } else {
        days[row] = ((java.time.LocalDate) v).toEpochDay();
      }
      return true;
    }

    @Override
    Object get(int row) {
      return nulls.get(row) ? null : java.time.LocalDate.ofEpochDay(days[row]);
    }

    @Override
    void trim(int size) {
      days = Arrays.copyOf(days, size);
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
