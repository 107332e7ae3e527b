package io.github.livy4j.internal.json;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bytes written in chunks (no array of the whole and no copy when it grows), read back as a
 * stream. Written once, then read-only and thread-safe.
 */
public final class ByteChunks extends OutputStream {
  private static final int CHUNK = 1 << 16;

  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current = new byte[256];
  private int length;
  private long size;
  private boolean closed;

  @Override
  public void write(int b) {
    if (length == current.length) {
      grow();
    }
    current[length++] = (byte) b;
    size++;
  }

  @Override
  public void write(byte[] b, int off, int n) {
    size += n;
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

  private void grow() {
    if (current.length < CHUNK) {
      current = Arrays.copyOf(current, current.length * 2);
    } else {
      chunks.add(current);
      current = new byte[CHUNK];
      length = 0;
    }
  }

  /** Ends the writing: the last chunk is cut to what it holds. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      chunks.add(length == current.length ? current : Arrays.copyOf(current, length));
      current = null;
    }
  }

  /** @return the number of bytes written */
  public long size() {
    return size;
  }

  /** @return the bytes, as a stream; the chunks must have been {@link #close() closed} */
  public InputStream stream() {
    return new InputStream() {
      private int chunk;
      private int at;

      @Override
      public int read() {
        byte[] b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int n) {
        while (chunk < chunks.size() && at == chunks.get(chunk).length) {
          chunk++;
          at = 0;
        }
        if (chunk == chunks.size()) {
          return -1;
        }
        byte[] c = chunks.get(chunk);
        int k = Math.min(n, c.length - at);
        System.arraycopy(c, at, b, off, k);
        at += k;
        return k;
      }
    };
  }

  /** @return the bytes as UTF-8 text */
  public String utf8() {
    byte[] all = new byte[Math.toIntExact(size)];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, all, at, c.length);
      at += c.length;
    }
    return new String(all, StandardCharsets.UTF_8);
  }
}
