package io.github.livy4j.internal.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads JSON (UTF-8) token by token from a stream, with a buffer of its own and nothing else
 * in between: a string of any length is decoded straight into its {@link String} (Latin-1
 * text into one byte per character), and small strings and numbers can be read into a reused
 * buffer without a {@link String} at all. Not thread-safe.
 *
 * <p>Text that is not JSON throws {@link Malformed}; the stream's own failures (such as an
 * answer cut off by the network) come out as the {@link IOException}s the stream threw. Content
 * after the first complete value is not read.
 */
public final class JsonReader {
  /** A token. */
  public enum Token {
    /** {@code {}. */ START_OBJECT,
    /** {@code }}. */ END_OBJECT,
    /** {@code [}. */ START_ARRAY,
    /** {@code ]}. */ END_ARRAY,
    /** An object's field name: {@link #name()}. */ FIELD,
    /** A string: read it with {@link #string()} or {@link #chars()}, or go on to skip it. */
    STRING,
    /** A number: {@link #numberChars()}, {@link #isInteger()}. */ NUMBER,
    /** {@code true}. */ TRUE,
    /** {@code false}. */ FALSE,
    /** {@code null}. */ NULL,
    /** The end of the (first) value; or of the input, when it held none. */ END
  }

  /** Text that is not JSON. */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private static final int CHUNK = 1 << 15;

  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int limit;
  private long consumed;
  private boolean eof;

  private boolean[] isObject = new boolean[16];
  private boolean[] hasValue = new boolean[16];
  private int depth;
  private boolean afterName;
  private boolean rootDone;
  private boolean pendingString;

  private String name;
  private char[] chars = new char[64];
  private int charCount;
  private boolean integer;

  /**
   * Reads from a stream.
   *
   * @param in the UTF-8 JSON
   */
  public JsonReader(InputStream in) {
    this.in = in;
    this.buf = new byte[8192];
  }

  /**
   * Reads the next token.
   *
   * @return the token
   * @throws IOException if the stream fails
   * @throws Malformed if the text is not JSON
   */
  public Token next() throws IOException {
    if (pendingString) {
      skipString();
    }
    if (rootDone) {
      return Token.END;
    }
    int c = skipSpace();
    if (depth == 0) {
      if (c < 0) {
        return Token.END;
      }
      return value(c);
    }
    if (afterName) {
      if (c != ':') {
        throw unexpected(c, "':' after a field name");
      }
      afterName = false;
      return value(skipSpace());
    }
    int top = depth - 1;
    if (isObject[top]) {
      if (c == '}') {
        return end(Token.END_OBJECT);
      }
      if (hasValue[top]) {
        if (c != ',') {
          throw unexpected(c, "',' or '}' in an object");
        }
        c = skipSpace();
      }
      if (c != '"') {
        throw unexpected(c, "a field name");
      }
      name = readString();
      hasValue[top] = true;
      afterName = true;
      return Token.FIELD;
    }
    if (c == ']') {
      return end(Token.END_ARRAY);
    }
    if (hasValue[top]) {
      if (c != ',') {
        throw unexpected(c, "',' or ']' in an array");
      }
      c = skipSpace();
    }
    hasValue[top] = true;
    return value(c);
  }

  private Token end(Token t) {
    depth--;
    if (depth == 0) {
      rootDone = true;
    }
    return t;
  }

  private Token value(int c) throws IOException {
    switch (c) {
      case '{':
        push(true);
        return Token.START_OBJECT;
      case '[':
        push(false);
        return Token.START_ARRAY;
      case '"':
        pendingString = true;
        return scalarDone(Token.STRING);
      case 't':
        literal("rue");
        return scalarDone(Token.TRUE);
      case 'f':
        literal("alse");
        return scalarDone(Token.FALSE);
      case 'n':
        literal("ull");
        return scalarDone(Token.NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          number(c);
          return scalarDone(Token.NUMBER);
        }
        throw unexpected(c, "a value");
    }
  }

  private Token scalarDone(Token t) {
    if (depth == 0) {
      rootDone = true;
    }
    return t;
  }

  private void push(boolean object) {
    if (depth == isObject.length) {
      if (depth >= 1000) {
        throw new Malformed("JSON nested deeper than 1000 levels");
      }
      isObject = Arrays.copyOf(isObject, depth * 2);
      hasValue = Arrays.copyOf(hasValue, depth * 2);
    }
    isObject[depth] = object;
    hasValue[depth] = false;
    depth++;
  }

  /** @return the field name of the last {@link Token#FIELD} */
  public String name() {
    return name;
  }

  /**
   * Reads the current string value.
   *
   * @return the string
   * @throws IOException if the stream fails
   */
  public String string() throws IOException {
    requireString();
    pendingString = false;
    return readString();
  }

  /**
   * Reads the current string value into a reused buffer; see {@link #charCount()}.
   *
   * @return the buffer, valid until the next call
   * @throws IOException if the stream fails
   */
  public char[] chars() throws IOException {
    requireString();
    pendingString = false;
    charCount = 0;
    while (true) {
      int b = nextByte();
      if (b == '"') {
        return chars;
      }
      if (b == '\\') {
        addChar(escape());
      } else if (b < 0x20) {
        throw control(b);
      } else if (b < 0x80) {
        addChar((char) b);
      } else {
        int cp = utf8(b);
        if (cp >= 0x10000) {
          addChar(Character.highSurrogate(cp));
          addChar(Character.lowSurrogate(cp));
        } else {
          addChar((char) cp);
        }
      }
    }
  }

  /** @return how many characters of {@link #chars()} or {@link #numberChars()} are valid */
  public int charCount() {
    return charCount;
  }

  /** @return the current number's text in a reused buffer; see {@link #charCount()} */
  public char[] numberChars() {
    return chars;
  }

  /** @return the current number's text */
  public String numberText() {
    return new String(chars, 0, charCount);
  }

  /** @return whether the current number has neither fraction nor exponent */
  public boolean isInteger() {
    return integer;
  }

  /**
   * Skips the current value: the rest of an object or array just started, or a string.
   *
   * @param t the value's first token
   * @throws IOException if the stream fails
   */
  public void skip(Token t) throws IOException {
    if (t == Token.START_OBJECT || t == Token.START_ARRAY) {
      int target = depth - 1;
      while (depth > target) {
        Token n = next();
        if (n == Token.END) {
          throw new Malformed("Unexpected end of input");
        }
      }
    } else if (t == Token.STRING && pendingString) {
      skipString();
    }
  }

  /** @return the bytes of the input read so far */
  public long consumed() {
    return consumed + pos;
  }

  private void requireString() {
    if (!pendingString) {
      throw new IllegalStateException("no string to read");
    }
  }

  private void addChar(char c) {
    if (charCount == chars.length) {
      chars = Arrays.copyOf(chars, chars.length * 2);
    }
    chars[charCount++] = c;
  }

  private void skipString() throws IOException {
    pendingString = false;
    while (true) {
      int b = nextByte();
      if (b == '"') {
        return;
      }
      if (b == '\\') {
        escape();
      } else if (b < 0x20) {
        throw control(b);
      } else if (b >= 0x80) {
        utf8(b);
      }
    }
  }

  /** Reads a string whose opening quote was read. */
  private String readString() throws IOException {
    int i = pos;
    while (i < limit) {
      byte b = buf[i];
      if (b == '"') {
        String s = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
        pos = i + 1;
        return s;
      }
      if (b == '\\' || b < 0x20) { // b < 0 for bytes of multi-byte characters
        break;
      }
      i++;
    }
    Text text = new Text();
    text.latin(buf, pos, i - pos);
    pos = i;
    while (true) {
      int b = nextByte();
      if (b == '"') {
        return text.toString();
      }
      if (b == '\\') {
        text.add(escape());
      } else if (b < 0x20) {
        throw control(b);
      } else if (b < 0x80) {
        int start = pos - 1;
        while (pos < limit) {
          byte x = buf[pos];
          if (x < 0x20 || x == '"' || x == '\\') {
            break;
          }
          pos++;
        }
        text.latin(buf, start, pos - start);
      } else {
        int cp = utf8(b);
        if (cp >= 0x10000) {
          text.add(Character.highSurrogate(cp));
          text.add(Character.lowSurrogate(cp));
        } else {
          text.add((char) cp);
        }
      }
    }
  }

  /** Reads an escape after its backslash. */
  private char escape() throws IOException {
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
            throw new Malformed("Malformed \\u escape in a string");
          }
          v = (v << 4) | h;
        }
        return (char) v;
      default:
        throw new Malformed("Unrecognized escape '\\" + (char) e + "' in a string");
    }
  }

  /** Decodes a multi-byte UTF-8 character from its first byte. */
  private int utf8(int b) throws IOException {
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
      throw new Malformed("Invalid UTF-8 start byte 0x" + Integer.toHexString(b));
    }
    for (int k = 0; k < n; k++) {
      int c = nextByte();
      if ((c & 0xC0) != 0x80) {
        throw new Malformed("Invalid UTF-8 middle byte 0x" + Integer.toHexString(c));
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp > 0x10FFFF) {
      throw new Malformed("Invalid UTF-8 character");
    }
    return cp;
  }

  private void literal(String rest) throws IOException {
    for (int k = 0; k < rest.length(); k++) {
      int b = nextByte();
      if (b != rest.charAt(k)) {
        throw new Malformed("Unrecognized token: expected a JSON literal");
      }
    }
    requireDelimiter();
  }

  /** Reads a number, checked against JSON's grammar, into {@link #chars}. */
  private void number(int first) throws IOException {
    charCount = 0;
    integer = true;
    int c = first;
    if (c == '-') {
      addChar('-');
      c = nextByte();
    }
    if (c == '0') {
      addChar('0');
      c = peek();
      if (c >= '0' && c <= '9') {
        throw new Malformed("Leading zeroes in a number");
      }
    } else if (c >= '1' && c <= '9') {
      addChar((char) c);
      digits();
    } else {
      throw new Malformed("Expected a digit in a number");
    }
    c = peek();
    if (c == '.') {
      integer = false;
      pos++;
      addChar('.');
      if (digits() == 0) {
        throw new Malformed("Expected a digit after the decimal point");
      }
      c = peek();
    }
    if (c == 'e' || c == 'E') {
      integer = false;
      pos++;
      addChar((char) c);
      c = peek();
      if (c == '+' || c == '-') {
        pos++;
        addChar((char) c);
      }
      if (digits() == 0) {
        throw new Malformed("Expected a digit in an exponent");
      }
    }
    requireDelimiter();
  }

  private int digits() throws IOException {
    int n = 0;
    while (true) {
      int c = peek();
      if (c < '0' || c > '9') {
        return n;
      }
      pos++;
      addChar((char) c);
      n++;
    }
  }

  private void requireDelimiter() throws IOException {
    int c = peek();
    if (c >= 0 && c != ',' && c != ']' && c != '}' && c != ' ' && c != '\n' && c != '\r'
        && c != '\t') {
      throw unexpected(c, "a delimiter after a value");
    }
  }

  private int skipSpace() throws IOException {
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

  private int peek() throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buf[pos] & 0xFF;
  }

  private int nextByte() throws IOException {
    if (pos >= limit && !fill()) {
      throw new Malformed("Unexpected end of input");
    }
    return buf[pos++] & 0xFF;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    consumed += limit;
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

  private static Malformed unexpected(int c, String expected) {
    return new Malformed(c < 0 ? "Unexpected end of input: expected " + expected
        : "Unexpected character '" + (c < 0x20 || c >= 0x7F ? "0x" + Integer.toHexString(c)
        : String.valueOf((char) c)) + "': expected " + expected);
  }

  private static Malformed control(int b) {
    return new Malformed("Illegal unquoted control character 0x" + Integer.toHexString(b)
        + " in a string");
  }

  /**
   * A string being decoded: Latin-1 text one byte per character in chunks, so that a large one
   * takes twice its size at most while it becomes a {@link String}; a wider character moves it
   * to a builder of UTF-16.
   */
  private static final class Text {
    private byte[] current = new byte[128];
    private int length;
    private List<byte[]> full;
    private long fullLength;
    private StringBuilder wide;

    void latin(byte[] b, int off, int n) {
      if (wide != null) {
        wide.append(new String(b, off, n, StandardCharsets.ISO_8859_1));
        return;
      }
      while (n > 0) {
        if (length == current.length) {
          grow();
        }
        int k = Math.min(n, current.length - length);
        System.arraycopy(b, off, current, length, k);
        length += k;
        off += k;
        n -= k;
      }
    }

    void add(char c) {
      if (wide == null && c <= 0xFF) {
        if (length == current.length) {
          grow();
        }
        current[length++] = (byte) c;
        return;
      }
      if (wide == null) {
        String sofar = toString();
        wide = new StringBuilder(sofar.length() + 16).append(sofar);
        full = null;
        current = null;
      }
      wide.append(c);
    }

    private void grow() {
      if (current.length < CHUNK) {
        current = Arrays.copyOf(current, current.length * 2);
        return;
      }
      if (full == null) {
        full = new ArrayList<>();
      }
      full.add(current);
      fullLength += current.length;
      current = new byte[CHUNK];
      length = 0;
    }

    @Override
    public String toString() {
      if (wide != null) {
        return wide.toString();
      }
      if (full == null) {
        return new String(current, 0, length, StandardCharsets.ISO_8859_1);
      }
      long total = fullLength + length;
      if (total > Integer.MAX_VALUE - 16) {
        throw new Malformed("A string of " + total + " characters is too long");
      }
      byte[] all = new byte[(int) total];
      int at = 0;
      for (int i = 0; i < full.size(); i++) {
        byte[] chunk = full.get(i);
        System.arraycopy(chunk, 0, all, at, chunk.length);
        at += chunk.length;
        full.set(i, null);
      }
      System.arraycopy(current, 0, all, at, length);
      full = null;
      current = null;
      return new String(all, StandardCharsets.ISO_8859_1);
    }
  }
}
