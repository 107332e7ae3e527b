package io.github.livy4j.internal.json;

/** Number text without a {@link java.math.BigDecimal} per number. */
final class Numbers {
  private Numbers() {}

  /**
   * Writes a JSON decimal number (with a fraction or an exponent) as
   * {@code new BigDecimal(text).stripTrailingZeros().toString()} writes it ({@code 0} for
   * zero), which is how a JSON tree keeps and writes decimals.
   *
   * @param in the number's JSON text
   * @param n its length
   * @param out where to write; 64 characters or more
   * @return the length written, or -1 if the result would not fit (the caller then uses
   *     {@code BigDecimal})
   */
  static int canonicalDecimal(char[] in, int n, char[] out) {
    int i = 0;
    boolean negative = in[0] == '-';
    if (negative) {
      i++;
    }
    // the digits before the exponent, without the point, and the scale they have
    int digitsStart = i;
    int firstNonZero = -1;
    int lastNonZero = -1;
    int digitCount = 0;
    int fraction = 0;
    boolean inFraction = false;
    for (; i < n; i++) {
      char c = in[i];
      if (c == '.') {
        inFraction = true;
        continue;
      }
      if (c == 'e' || c == 'E') {
        break;
      }
      if (c != '0') {
        if (firstNonZero < 0) {
          firstNonZero = digitCount;
        }
        lastNonZero = digitCount;
      }
      digitCount++;
      if (inFraction) {
        fraction++;
      }
    }
    long exponent = 0;
    if (i < n) {
      i++;
      boolean negativeExponent = false;
      if (in[i] == '+' || in[i] == '-') {
        negativeExponent = in[i] == '-';
        i++;
      }
      if (n - i > 9) {
        return -1;
      }
      for (; i < n; i++) {
        exponent = exponent * 10 + (in[i] - '0');
      }
      if (negativeExponent) {
        exponent = -exponent;
      }
    }
    if (firstNonZero < 0) {
      out[0] = '0';
      return 1;
    }
    int coefficientLength = lastNonZero - firstNonZero + 1;
    // scale after stripping: fraction digits - exponent - trailing zeros stripped
    long scale = fraction - exponent - (digitCount - 1 - lastNonZero);
    long adjusted = -scale + (coefficientLength - 1);
    int o = 0;
    if (negative) {
      out[o++] = '-';
    }
    if (scale == 0) {
      if (o + coefficientLength > out.length) {
        return -1;
      }
      return copyDigits(in, digitsStart, firstNonZero, coefficientLength, out, o);
    }
    if (scale > 0 && adjusted >= -6) {
      long pad = scale - coefficientLength;
      if (o + Math.max(pad + 2 + coefficientLength, coefficientLength + 1) > out.length) {
        return -1;
      }
      if (pad >= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (long p = 0; p < pad; p++) {
          out[o++] = '0';
        }
        return copyDigits(in, digitsStart, firstNonZero, coefficientLength, out, o);
      }
      int whole = (int) -pad;
      o = copyDigits(in, digitsStart, firstNonZero, whole, out, o);
      out[o++] = '.';
      return copyDigits(in, digitsStart, firstNonZero + whole, coefficientLength - whole, out, o);
    }
    String e = Long.toString(adjusted);
    if (o + coefficientLength + 3 + e.length() > out.length) {
      return -1;
    }
    o = copyDigits(in, digitsStart, firstNonZero, 1, out, o);
    if (coefficientLength > 1) {
      out[o++] = '.';
      o = copyDigits(in, digitsStart, firstNonZero + 1, coefficientLength - 1, out, o);
    }
    out[o++] = 'E';
    if (adjusted > 0) {
      out[o++] = '+';
    }
    for (int k = 0; k < e.length(); k++) {
      out[o++] = e.charAt(k);
    }
    return o;
  }

  /** Copies {@code count} digits from digit position {@code from}, skipping the point. */
  private static int copyDigits(char[] in, int start, int from, int count, char[] out, int o) {
    int d = 0;
    for (int i = start; count > 0; i++) {
      char c = in[i];
      if (c == '.') {
        continue;
      }
      if (d >= from) {
        out[o++] = c;
        count--;
      }
      d++;
    }
    return o;
  }
}
