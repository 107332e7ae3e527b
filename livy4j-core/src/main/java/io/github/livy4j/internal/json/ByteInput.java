package io.github.livy4j.internal.json;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a JSON text through a buffer of their own, with the lexical pieces every token
 * is made of: white space, UTF-8 characters, escapes, literals and the delimiter after a value.
 * {@link JsonReader}'s string and number reading work on its buffer directly. Not thread-safe.
 */
final class ByteInput {
  private final InputStream in;

  /** The buffer a body starts with: most answers (a statement's state) fit in it. */
  private static final int FIRST = 512;

  /** The buffer a body that does not fit grows to, once, for the rest of it. */
  private static final int LARGE = 8192;

  /**
   * The buffered bytes: those from {@link #pos} to {@link #limit} are not read yet. Replaced by
   * a larger one only in {@link #fill}, when every byte in it has been read.
   */
  byte[] buf = new byte[FIRST];

  int pos;
  int limit;
  private long consumed;
  private boolean eof;

  /** @param in the UTF-8 JSON */
  ByteInput(InputStream in) {
    this.in = in;
  }

  /** @return the bytes of the input read so far */
  long consumed() {
    return consumed + pos;
  }

  /** @return the next byte that is not white space, or -1 at the end of the input */
  int skipSpace() throws IOException {
    while (true) {
      if (pos >= limit && !fill()) {
        return -1;
      }
      int b = buf[pos++] & 0xFF;
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b;
      }
    }
  }

  /** @return the next byte without reading it, or -1 at the end of the input */
  int peek() throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buf[pos] & 0xFF;
  }

  /** @return the next byte; the end of the input is malformed here */
  int nextByte() throws IOException {
    if (pos >= limit && !fill()) {
      throw new JsonReader.Malformed("Unexpected end of input");
    }
    return buf[pos++] & 0xFF;
  }

  /** Refills the buffer; {@code false} at the end of the input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    consumed += limit;
    if (limit == buf.length && buf.length < LARGE) {
      buf = new byte[LARGE]; // a large answer: read the rest in larger pieces
    }
    pos = 0;
    limit = 0;
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit = n;
    return true;
  }

  /** Reads an escape after its backslash. */
  char escape() throws IOException {
    int e = nextByte();
    switch (e) {
      case '"':
      case '\\':
      case '/':
        return (char) e;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        int v = 0;
        for (int k = 0; k < 4; k++) {
          int h = Character.digit(nextByte(), 16);
          if (h < 0) {
            throw new JsonReader.Malformed("Malformed \\u escape in a string");
          }
          v = (v << 4) | h;
        }
        return (char) v;
      default:
        throw new JsonReader.Malformed("Unrecognized escape '\\" + (char) e + "' in a string");
    }
  }

  /** Decodes a multi-byte UTF-8 character from its first byte. */
  int utf8(int b) throws IOException {
    int n;
    int cp;
    if ((b & 0xE0) == 0xC0) {
      n = 1;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      n = 2;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      n = 3;
      cp = b & 0x07;
    } else {
      throw new JsonReader.Malformed("Invalid UTF-8 start byte 0x" + Integer.toHexString(b));
    }
    for (int k = 0; k < n; k++) {
      int c = nextByte();
      if ((c & 0xC0) != 0x80) {
        throw new JsonReader.Malformed("Invalid UTF-8 middle byte 0x" + Integer.toHexString(c));
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp > 0x10FFFF) {
      throw new JsonReader.Malformed("Invalid UTF-8 character");
    }
    return cp;
  }

  /** Reads the rest of a literal ({@code true}, {@code false}, {@code null}). */
  void literal(String rest) throws IOException {
    for (int k = 0; k < rest.length(); k++) {
      int b = nextByte();
      if (b != rest.charAt(k)) {
        throw new JsonReader.Malformed("Unrecognized token: expected a JSON literal");
      }
    }
    requireDelimiter();
  }

  /** Checks that a scalar ends where it should: before a delimiter or the end. */
  void requireDelimiter() throws IOException {
    int c = peek();
    if (c >= 0 && c != ',' && c != ']' && c != '}' && c != ' ' && c != '\n' && c != '\r'
        && c != '\t') {
      throw unexpected(c, "a delimiter after a value");
    }
  }

  /** @return the error for a byte (or the end, -1) where something else was expected */
  static JsonReader.Malformed unexpected(int c, String expected) {
    return new JsonReader.Malformed(
        c < 0
            ? "Unexpected end of input: expected " + expected
            : "Unexpected character '"
                + (c < 0x20 || c >= 0x7F ? "0x" + Integer.toHexString(c) : String.valueOf((char) c))
                + "': expected "
                + expected);
  }

  /** @return the error for a control character inside a string */
  static JsonReader.Malformed control(int b) {
    return new JsonReader.Malformed(
        "Illegal unquoted control character 0x" + Integer.toHexString(b) + " in a string");
  }
}
