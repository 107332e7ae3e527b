package io.github.livy4j.internal.table;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/** One column's storage in {@link Columns}, as its Spark type allows. */
abstract class ColumnStore {
  /** Stores a value at {@code row}; false if it does not fit this storage. */
  abstract boolean add(int row, Object v);

  abstract Object get(int row);

  abstract void trim(int size);

  /** The same values as an object column. */
  ColumnStore toObjects(int size) {
    ObjectValues o = new ObjectValues();
    for (int i = 0; i < size; i++) {
      o.add(i, get(i));
    }
    return o;
  }

  static ColumnStore of(String sparkType, int rows) {
    return switch (sparkType) {
      case "byte" -> new Coded(Byte.class, v -> ((Number) v).longValue(), l -> (byte) l, rows);
      case "short" -> new Coded(Short.class, v -> ((Number) v).longValue(), l -> (short) l, rows);
      case "integer" -> new Coded(Integer.class, v -> ((Number) v).longValue(), l -> (int) l, rows);
      case "long" -> new Coded(Long.class, v -> (Long) v, l -> l, rows);
      case "float" ->
          new Coded(
              Float.class,
              v -> Double.doubleToRawLongBits((Float) v),
              l -> (float) Double.longBitsToDouble(l),
              rows);
      case "double" ->
          new Coded(
              Double.class,
              v -> Double.doubleToRawLongBits((Double) v),
              Double::longBitsToDouble,
              rows);
      case "date" ->
          new Coded(
              LocalDate.class, v -> ((LocalDate) v).toEpochDay(), LocalDate::ofEpochDay, rows);
      case "boolean" -> new Booleans();
      case "string" -> new Strings(rows);
      default -> new ObjectValues(rows);
    };
  }

  static int grow(int length, int row) {
    return Math.max(16, Math.max(row + 1, length + (length >> 1)));
  }

  /**
   * Values of one Java type kept as {@code long}s: integers as themselves, floating-point
   * numbers as their bits, dates as their epoch day.
   */
  static final class Coded extends ColumnStore {
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

  static final class Booleans extends ColumnStore {
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
  static final class Strings extends ColumnStore {
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

  static final class ObjectValues extends ColumnStore {
    private Object[] values;

    ObjectValues() {
      this(16);
    }

    ObjectValues(int rows) {
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
