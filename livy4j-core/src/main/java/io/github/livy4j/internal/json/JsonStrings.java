package io.github.livy4j.internal.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads JSON strings of any length straight into their {@link String}: a string that ends
 * inside the buffer without escapes costs one copy; a longer one is gathered Latin-1 text one
 * byte per character, so that it takes twice its size at most while it becomes a String.
 */
final class JsonStrings {
  private static final int CHUNK = 1 << 15;

  private JsonStrings() {}

  /** Reads a string whose opening quote was read. */
  static String read(ByteInput in) throws IOException {
    byte[] buf = in.buf;
    int i = in.pos;
    while (i < in.limit) {
      byte b = buf[i];
      if (b == '"') {
        String s = new String(buf, in.pos, i - in.pos, StandardCharsets.ISO_8859_1);
        in.pos = i + 1;
        return s;
      }
      if (b == '\\' || b < 0x20) { // b < 0 for bytes of multi-byte characters
        break;
      }
      i++;
    }
    Text text = new Text();
    text.latin(buf, in.pos, i - in.pos);
    in.pos = i;
    while (true) {
      int b = in.nextByte();
      if (b == '"') {
        return text.toString();
      }
      if (b == '\\') {
        text.add(in.escape());
      } else if (b < 0x20) {
        throw ByteInput.control(b);
      } else if (b < 0x80) {
        byte[] current = in.buf; // nextByte may have refilled it, or replaced it
        int start = in.pos - 1;
        while (in.pos < in.limit) {
          byte x = current[in.pos];
          if (x < 0x20 || x == '"' || x == '\\') {
            break;
          }
          in.pos++;
        }
        text.latin(current, start, in.pos - start);
      } else {
        int cp = in.utf8(b);
        if (cp >= 0x10000) {
          text.add(Character.highSurrogate(cp));
          text.add(Character.lowSurrogate(cp));
        } else {
          text.add((char) cp);
        }
      }
    }
  }

  /** Skips a string whose opening quote was read, checking it without keeping it. */
  static void skip(ByteInput in) throws IOException {
    while (true) {
      int b = in.nextByte();
      if (b == '"') {
        return;
      }
      if (b == '\\') {
        in.escape();
      } else if (b < 0x20) {
        throw ByteInput.control(b);
      } else if (b >= 0x80) {
        in.utf8(b);
      }
    }
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
        throw new JsonReader.Malformed("A string of " + total + " characters is too long");
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
