package io.github.livy4j.internal.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.InputStream;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A statement output's data by MIME type, kept compact: a string value decoded (its JSON text
 * is rendered when asked for), any other value as its JSON text in UTF-8 chunks. Reads as an
 * unmodifiable map of JSON text, as {@link io.github.livy4j.StatementOutput#data()} always did,
 * rendering a value each time it is read. Immutable.
 */
public final class OutputData extends AbstractMap<String, String> {
  private final String[] keys;
  private final Object[] values;

  /** A string value, decoded. */
  private record Text(String text) {}

  /**
   * A value's JSON text in UTF-8.
   *
   * @param bytes the text
   * @param rows how many elements a top-level {@code data} array has (a hint for tables)
   */
  private record Bytes(ByteChunks bytes, int rows) {}

  private OutputData(Map<String, Object> data) {
    keys = data.keySet().toArray(new String[0]);
    values = data.values().toArray();
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects values in order; a key given again keeps its place and takes the new value. */
  public static final class Builder {
    private final Map<String, Object> data = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a string value.
     *
     * @param key the MIME type
     * @param text the decoded string
     * @return this builder
     */
    public Builder text(String key, String text) {
      data.put(key, new Text(text));
      return this;
    }

    /**
     * Adds a value as its JSON text.
     *
     * @param key the MIME type
     * @param json the JSON text, in closed chunks
     * @param rows how many elements its top-level {@code data} array has, or -1
     * @return this builder
     */
    public Builder json(String key, ByteChunks json, int rows) {
      data.put(key, new Bytes(json, rows));
      return this;
    }

    /** @return the data */
    public OutputData build() {
      return new OutputData(data);
    }
  }

  /**
   * This data with one value replaced by a string (or added last), kept decoded.
   *
   * @param key the MIME type
   * @param text the decoded string
   * @return the new data
   */
  public OutputData withText(String key, String text) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      data.put(keys[i], values[i]);
    }
    data.put(key, new Text(text));
    return new OutputData(data);
  }

  /**
   * Quotes a string as JSON text.
   *
   * @param text the string
   * @return its JSON text
   */
  public static String quote(String text) {
    char[] quoted = JsonStringEncoder.getInstance().quoteAsString(text);
    return new StringBuilder(quoted.length + 2).append('"').append(quoted).append('"').toString();
  }

  private int index(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static String render(Object v) {
    if (v instanceof Text t) {
      return quote(t.text());
    }
    return ((Bytes) v).bytes().utf8();
  }

  /**
   * A string value, decoded, without its JSON text.
   *
   * @param key the MIME type
   * @return the string, or {@code null} if there is no such value or it is not a string
   */
  public String text(String key) {
    int i = index(key);
    return i >= 0 && values[i] instanceof Text t ? t.text() : null;
  }

  /**
   * A value's JSON text as UTF-8, when it is not a string.
   *
   * @param key the MIME type
   * @return the stream, or {@code null} if there is no such value or it is a string
   */
  public InputStream json(String key) {
    int i = index(key);
    return i >= 0 && values[i] instanceof Bytes b ? b.bytes().stream() : null;
  }

  /**
   * How many rows a table value has, as a hint for its storage.
   *
   * @param key the MIME type
   * @return the number of elements of its top-level {@code data} array, or -1
   */
  public int rows(String key) {
    int i = index(key);
    return i >= 0 && values[i] instanceof Bytes b ? b.rows() : -1;
  }

  @Override
  public String get(Object key) {
    int i = index(key);
    return i < 0 ? null : render(values[i]);
  }

  @Override
  public boolean containsKey(Object key) {
    return index(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Set<String> keySet() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(keys)));
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < keys.length;
          }

          @Override
          public Entry<String, String> next() {
            if (i >= keys.length) {
              throw new NoSuchElementException();
            }
            int k = i++;
            return new Entry<>() {
              @Override
              public String getKey() {
                return keys[k];
              }

              @Override
              public String getValue() {
                return render(values[k]);
              }

              @Override
              public String setValue(String value) {
                throw new UnsupportedOperationException();
              }

              @Override
              public boolean equals(Object o) {
                return o instanceof Entry<?, ?> e
                    && keys[k].equals(e.getKey())
                    && getValue().equals(e.getValue());
              }

              @Override
              public int hashCode() {
                return keys[k].hashCode() ^ getValue().hashCode();
              }

              @Override
              public String toString() {
                return keys[k] + "=" + getValue();
              }
            };
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
