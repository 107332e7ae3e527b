package io.github.livy4j;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The validations {@link SessionSpec} and {@link BatchSpec} share. */
final class Specs {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._\\-]{1,200}");

  private Specs() {}

  static String name(String value, String what) {
    Objects.requireNonNull(value, what);
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' must be 1 to 200 letters, digits, '.', '_' or '-'");
    }
    return value;
  }

  static String text(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  static int positive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + value);
    }
    return value;
  }

  static List<String> list(List<String> values, String what) {
    Objects.requireNonNull(values, what);
    for (String v : values) {
      text(v, what + " entry");
    }
    return values;
  }
}
