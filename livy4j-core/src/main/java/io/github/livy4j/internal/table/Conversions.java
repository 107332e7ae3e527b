package io.github.livy4j.internal.table;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a table's value is read as a requested Java type: as itself when it is one already, else
 * converted only where nothing is lost. A whole number (a {@code byte}, {@code short}, {@code
 * integer} or {@code long}, a {@link BigInteger}, or a {@link BigDecimal} of a {@code
 * decimal(p,0)} column) reads as any numeric type that holds its value exactly; a {@code float}
 * reads as a {@code double}. Nothing else converts: floating-point values never become whole
 * numbers or decimals, decimals with a scale never become whole or floating-point numbers, and
 * nothing becomes or stops being text.
 */
public final class Conversions {
  private static final Map<Class<?>, Class<?>> BOXES =
      Map.of(
          boolean.class, Boolean.class,
          byte.class, Byte.class,
          short.class, Short.class,
          char.class, Character.class,
          int.class, Integer.class,
          long.class, Long.class,
          float.class, Float.class,
          double.class, Double.class,
          void.class, Void.class);

  private static final Set<Class<?>> NUMBERS =
      Set.of(
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          BigInteger.class,
          BigDecimal.class,
          Float.class,
          Double.class);

  private static final Pattern WHOLE_DECIMAL =
      Pattern.compile("decimal(\\(\\s*\\d+\\s*,\\s*0\\s*\\))?");

  private Conversions() {}

  /**
   * The class that holds a type's values: the wrapper of a primitive type, else the type.
   *
   * @param type a type
   * @return its boxed type
   */
  public static Class<?> boxed(Class<?> type) {
    return type.isPrimitive() ? BOXES.get(type) : type;
  }

  /**
   * Reads a value as a type.
   *
   * @param v the value, not {@code null}
   * @param requested the requested type, possibly primitive
   * @param context what the message adds after the type, such as {@code ", for component 'id'
   *     of record Order"}; empty for none
   * @param column the column's name
   * @param sparkType the column's Spark type
   * @param row the row's position
   * @return the value as the type, boxed
   * @throws IllegalArgumentException naming the column, its Spark type, the row and the
   *     requested type if the value does not read as the type without loss
   */
  public static Object convert(
      Object v, Class<?> requested, String context, String column, String sparkType, int row) {
    Class<?> type = boxed(requested);
    if (type.isInstance(v)) {
      return v;
    }
    try {
      return to(v, type, requested.getSimpleName(), sparkType);
    } catch (Refused e) {
      throw new IllegalArgumentException(
          "cannot read column '"
              + column
              + "' (Spark type "
              + sparkType
              + ") of row "
              + row
              + " as "
              + requested.getSimpleName()
              + context
              + ": "
              + e.getMessage());
    }
  }

  /**
   * What a primitive read of a NULL says.
   *
   * @param primitive the primitive type asked for
   * @param column the column's name
   * @param sparkType the column's Spark type
   * @param row the row's position
   * @param ref the column as the caller names it in code: {@code "n"} or {@code 3}
   * @return the message
   */
  public static String nullMessage(
      Class<?> primitive, String column, String sparkType, int row, String ref) {
    String boxed = boxed(primitive).getSimpleName();
    return "column '"
        + column
        + "' (Spark type "
        + sparkType
        + ") of row "
        + row
        + " is NULL, which a primitive "
        + primitive.getSimpleName()
        + " cannot hold: read it with get("
        + ref
        + ", "
        + boxed
        + ".class), which gives null for NULL, or check isNull("
        + ref
        + ") first";
  }

  /**
   * Whether values of a Spark type can read as a type, for a check before any row is read. A
   * Spark type whose Java type is not known here can: its values are checked one by one.
   *
   * @param sparkType the Spark type
   * @param type the requested type, boxed
   * @return whether some value of the Spark type reads as the type
   */
  public static boolean readable(String sparkType, Class<?> type) {
    List<Class<?>> natural = natural(sparkType);
    if (natural.isEmpty()) {
      return true;
    }
    for (Class<?> c : natural) {
      if (type.isAssignableFrom(c)
          || (whole(c, sparkType) && NUMBERS.contains(type))
          || (c == Float.class && type == Double.class)) {
        return true;
      }
    }
    return false;
  }

  /** The Java types a Spark type's values have; empty for a type not known here. */
  static List<Class<?>> natural(String sparkType) {
    String t = sparkType.toLowerCase(Locale.ROOT);
    if (t.startsWith("decimal")) {
      return List.of(BigDecimal.class);
    }
    return switch (t) {
      case "byte" -> List.of(Byte.class);
      case "short" -> List.of(Short.class);
      case "integer" -> List.of(Integer.class);
      case "long" -> List.of(Long.class);
      case "float" -> List.of(Float.class);
      case "double" -> List.of(Double.class);
      case "boolean" -> List.of(Boolean.class);
      case "string" -> List.of(String.class);
      case "date" -> List.of(LocalDate.class);
      case "timestamp" -> List.of(Instant.class, LocalDateTime.class);
      default -> List.of();
    };
  }

  /** Whether values of a class in a column of a Spark type are whole numbers by their type. */
  private static boolean whole(Class<?> c, String sparkType) {
    return c == Long.class
        || c == Integer.class
        || c == Short.class
        || c == Byte.class
        || c == BigInteger.class
        || (c == BigDecimal.class
            && WHOLE_DECIMAL.matcher(sparkType.toLowerCase(Locale.ROOT)).matches());
  }

  private static Object to(Object v, Class<?> type, String name, String sparkType) throws Refused {
    if (NUMBERS.contains(type) && whole(v.getClass(), sparkType)) {
      return wholeTo((Number) v, type, name);
    }
    if (v instanceof Float f && type == Double.class) {
      return f.doubleValue();
    }
    String kind = v.getClass().getSimpleName();
    List<Class<?>> natural = natural(sparkType);
    String sent =
        natural.isEmpty() || natural.contains(v.getClass())
            ? ""
            : " (the server's value did not parse as " + sparkType + ")";
    String loss = NUMBERS.contains(type) && v instanceof Number ? " without loss" : "";
    throw new Refused(
        "its value is "
            + article(kind)
            + " "
            + kind
            + sent
            + ", which does not convert to "
            + name
            + loss);
  }

  /** A whole number as a numeric type, if that type holds it exactly. */
  private static Object wholeTo(Number n, Class<?> type, String name) throws Refused {
    BigInteger big;
    if (n instanceof BigDecimal d) {
      try {
        big = d.toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw new Refused("its value has a fraction");
      }
    } else if (n instanceof BigInteger b) {
      big = b;
    } else {
      big = null;
    }
    if (big != null && big.bitLength() < 64) {
      return wholeTo(big.longValueExact(), type, name);
    }
    if (big == null) {
      return wholeTo(n.longValue(), type, name);
    }
    if (type == BigInteger.class) {
      return big;
    }
    if (type == BigDecimal.class) {
      return new BigDecimal(big);
    }
    if (type == Double.class) {
      double d = big.doubleValue();
      if (Double.isFinite(d) && new BigDecimal(d).toBigIntegerExact().equals(big)) {
        return d;
      }
    }
    throw outOfRange(type, name);
  }

  private static Object wholeTo(long l, Class<?> type, String name) throws Refused {
    if (type == Long.class) {
      return l;
    }
    if (type == Integer.class && (int) l == l) {
      return (int) l;
    }
    if (type == Short.class && (short) l == l) {
      return (short) l;
    }
    if (type == Byte.class && (byte) l == l) {
      return (byte) l;
    }
    if (type == BigInteger.class) {
      return BigInteger.valueOf(l);
    }
    if (type == BigDecimal.class) {
      return BigDecimal.valueOf(l);
    }
    if (type == Double.class) {
      double d = l;
      if (d != 0x1p63 && (long) d == l) {
        return d;
      }
    }
    if (type == Float.class) {
      float f = l;
      if (f != 0x1p63f && (long) f == l) {
        return f;
      }
    }
    throw outOfRange(type, name);
  }

  private static Refused outOfRange(Class<?> type, String name) {
    return new Refused(
        type == Double.class || type == Float.class
            ? "its value has more digits than a " + name + " holds exactly"
            : "its value is out of " + name + "'s range");
  }

  private static String article(String word) {
    return "AEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  /** Why a value does not convert; caught and put in context. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
