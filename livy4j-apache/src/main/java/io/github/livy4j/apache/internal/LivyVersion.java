package io.github.livy4j.apache.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An Apache Livy version, compared by major and minor. */
record LivyVersion(int major, int minor, String text) {
  static final LivyVersion OLDEST = new LivyVersion(0, 5, "0.5 (assumed)");
  private static final Pattern P = Pattern.compile("(\\d+)\\.(\\d+)");

  static LivyVersion parse(String text) {
    Matcher m = P.matcher(text);
    if (!m.find()) {
      return OLDEST;
    }
    return new LivyVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), text);
  }

  boolean atLeast(int maj, int min) {
    return major > maj || (major == maj && minor >= min);
  }

  @Override
  public String toString() {
    return text;
  }
}
