package io.github.livy4j.internal.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads JSON (UTF-8) token by token from a stream, with a buffer of its own and nothing else
 * in between: a string of any length is decoded straight into its {@link String} (Latin-1
 * text into one byte per character), and small strings and numbers can be read into a reused
 * buffer without a {@link String} at all. Not thread-safe.
 *
 * <p>This class keeps the nesting and hands out tokens; the bytes come through
 * {@link ByteInput}, strings are decoded by {@link JsonStrings}, and numbers and small strings
 * into {@link TokenChars}.
 *
 * <p>Text that is not JSON throws {@link Malformed}; the stream's own failures (such as an
 * answer cut off by the network) come out as the {@link IOException}s the stream threw. Content
 * after the first complete value is not read.
 */
public final class JsonReader {
  /** A token. */
  public enum Token {
    /** {@code {}. */
    START_OBJECT,
    /** {@code }}. */
    END_OBJECT,
    /** {@code [}. */
    START_ARRAY,
    /** {@code ]}. */
    END_ARRAY,
    /** An object's field name: {@link #name()}. */
    FIELD,
    /** A string: read it with {@link #string()} or {@link #chars()}, or go on to skip it. */
    STRING,
    /** A number: {@link #numberChars()}, {@link #isInteger()}. */
    NUMBER,
    /** {@code true}. */
    TRUE,
    /** {@code false}. */
    FALSE,
    /** {@code null}. */
    NULL,
    /** The end of the (first) value; or of the input, when it held none. */
    END
  }

  /** Text that is not JSON. */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private final ByteInput in;
  private final TokenChars token = new TokenChars();

  private boolean[] isObject = new boolean[16];
  private boolean[] hasValue = new boolean[16];
  private int depth;
  private boolean afterName;
  private boolean rootDone;
  private boolean pendingString;
  private String name;

  /**
   * Reads from a stream.
   *
   * @param in the UTF-8 JSON
   */
  public JsonReader(InputStream in) {
    this.in = new ByteInput(in);
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
    int c = in.skipSpace();
    if (depth == 0) {
      if (c < 0) {
        return Token.END;
      }
      return value(c);
    }
    if (afterName) {
      if (c != ':') {
        throw ByteInput.unexpected(c, "':' after a field name");
      }
      afterName = false;
      return value(in.skipSpace());
    }
    int top = depth - 1;
    if (isObject[top]) {
      if (c == '}') {
        return end(Token.END_OBJECT);
      }
      if (hasValue[top]) {
        if (c != ',') {
          throw ByteInput.unexpected(c, "',' or '}' in an object");
        }
        c = in.skipSpace();
      }
      if (c != '"') {
        throw ByteInput.unexpected(c, "a field name");
      }
      name = JsonStrings.read(in);
      hasValue[top] = true;
      afterName = true;
      return Token.FIELD;
    }
    if (c == ']') {
      return end(Token.END_ARRAY);
    }
    if (hasValue[top]) {
      if (c != ',') {
        throw ByteInput.unexpected(c, "',' or ']' in an array");
      }
      c = in.skipSpace();
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
        in.literal("rue");
        return scalarDone(Token.TRUE);
      case 'f':
        in.literal("alse");
        return scalarDone(Token.FALSE);
      case 'n':
        in.literal("ull");
        return scalarDone(Token.NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          token.number(in, c);
          return scalarDone(Token.NUMBER);
        }
        throw ByteInput.unexpected(c, "a value");
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
    return JsonStrings.read(in);
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
    token.string(in);
    return token.chars();
  }

  /** @return how many characters of {@link #chars()} or {@link #numberChars()} are valid */
  public int charCount() {
    return token.count();
  }

  /** @return the current number's text in a reused buffer; see {@link #charCount()} */
  public char[] numberChars() {
    return token.chars();
  }

  /** @return the current number's text */
  public String numberText() {
    return new String(token.chars(), 0, token.count());
  }

  /** @return whether the current number has neither fraction nor exponent */
  public boolean isInteger() {
    return token.isInteger();
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
    return in.consumed();
  }

  private void requireString() {
    if (!pendingString) {
      throw new IllegalStateException("no string to read");
    }
  }

  private void skipString() throws IOException {
    pendingString = false;
    JsonStrings.skip(in);
  }
}
