package io.github.livy4j.internal.json;

import java.io.IOException;
import java.util.Arrays;

/**
 * The current small token's text in a reused buffer, so that a number or a short string is
 * read without a {@link String}: numbers checked against JSON's grammar, strings decoded.
 * Not thread-safe.
 */
final class TokenChars {
  private char[] chars = new char[64];
  private int count;
  private boolean integer;

  /** @return the buffer; {@link #count()} characters of it are valid */
  char[] chars() {
    return chars;
  }

  /** @return how many characters of {@link #chars()} are valid */
  int count() {
    return count;
  }

  /** @return whether the number read last has neither fraction nor exponent */
  boolean isInteger() {
    return integer;
  }

  private void add(char c) {
    if (count == chars.length) {
      chars = Arrays.copyOf(chars, chars.length * 2);
    }
    chars[count++] = c;
  }

  /** Decodes a string whose opening quote was read into the buffer. */
  void string(ByteInput in) throws IOException {
    count = 0;
    while (true) {
      int b = in.nextByte();
      if (b == '"') {
        return;
      }
      if (b == '\\') {
        add(in.escape());
      } else if (b < 0x20) {
        throw ByteInput.control(b);
      } else if (b < 0x80) {
        add((char) b);
      } else {
        int cp = in.utf8(b);
        if (cp >= 0x10000) {
          add(Character.highSurrogate(cp));
          add(Character.lowSurrogate(cp));
        } else {
          add((char) cp);
        }
      }
    }
  }

  /** Reads a number from its first character, checked against JSON's grammar. */
  void number(ByteInput in, int first) throws IOException {
    count = 0;
    integer = true;
    int c = first;
    if (c == '-') {
      add('-');
      c = in.nextByte();
    }
    if (c == '0') {
      add('0');
      c = in.peek();
      if (c >= '0' && c <= '9') {
        throw new JsonReader.Malformed("Leading zeroes in a number");
      }
    } else if (c >= '1' && c <= '9') {
      add((char) c);
      digits(in);
    } else {
      throw new JsonReader.Malformed("Expected a digit in a number");
    }
    c = in.peek();
    if (c == '.') {
      integer = false;
      in.pos++;
      add('.');
      if (digits(in) == 0) {
        throw new JsonReader.Malformed("Expected a digit after the decimal point");
      }
      c = in.peek();
    }
    if (c == 'e' || c == 'E') {
      integer = false;
      in.pos++;
      add((char) c);
      c = in.peek();
      if (c == '+' || c == '-') {
        in.pos++;
        add((char) c);
      }
      if (digits(in) == 0) {
        throw new JsonReader.Malformed("Expected a digit in an exponent");
      }
    }
    in.requireDelimiter();
  }

  private int digits(ByteInput in) throws IOException {
    int n = 0;
    while (true) {
      int c = in.peek();
      if (c < '0' || c > '9') {
        return n;
      }
      in.pos++;
      add((char) c);
      n++;
    }
  }
}
