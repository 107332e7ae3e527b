package io.github.livy4j.internal.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementOutput;
import io.github.livy4j.internal.json.JsonReader.Token;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Livy statement object straight from the answer's stream, as
 * {@link io.github.livy4j.spi.LivyJson#statement(String)} reads it from text: no tree of the
 * answer is built and the answer is never held whole. A string output value (such as
 * {@code text/plain}) is decoded into its {@link String}; any other value (such as a Spark SQL
 * result) is kept as its JSON text in UTF-8, written as a tree of it would be written.
 */
public final class StatementReader {
  private final JsonReader r;
  private final char[] number = new char[64];

  private StatementReader(InputStream in) {
    this.r = new JsonReader(in);
  }

  /**
   * Reads a statement.
   *
   * @param in the answer
   * @return the statement
   * @throws IOException if the stream fails
   * @throws LivyClientException if the answer is not JSON, not an object, or has no id
   */
  public static StatementInfo statement(InputStream in) throws IOException {
    try {
      return new StatementReader(in).statement("statement");
    } catch (JsonReader.Malformed e) {
      throw malformed("the statement answer", e);
    }
  }

  /**
   * Reads a list of statements ({@code statements}, {@code items}, {@code sessions} or
   * {@code value}, the first present of them in that order).
   *
   * @param in the answer
   * @return the statements
   * @throws IOException if the stream fails
   * @throws LivyClientException if the answer is not JSON or an item is not a statement
   */
  public static List<StatementInfo> statements(InputStream in) throws IOException {
    List<String> keys = List.of("items", "sessions", "statements", "value");
    try {
      StatementReader s = new StatementReader(in);
      Token t = s.r.next();
      if (t != Token.START_OBJECT) {
        s.r.skip(t);
        throw new LivyClientException("Unexpected list answer: not a JSON object", null, true);
      }
      List<StatementInfo> found = null;
      int rank = keys.size();
      while ((t = s.r.next()) == Token.FIELD) {
        int k = keys.indexOf(s.r.name());
        Token v = s.r.next();
        if (k < 0 || k > rank || v != Token.START_ARRAY) {
          s.r.skip(v);
          continue;
        }
        List<StatementInfo> items = new ArrayList<>();
        Token i;
        while ((i = s.r.next()) != Token.END_ARRAY) {
          if (i != Token.START_OBJECT) {
            s.r.skip(i);
            throw new LivyClientException(
                "Unexpected statement answer: not a JSON object", null, true);
          }
          items.add(s.object("statement"));
        }
        found = items;
        rank = k;
      }
      return found == null ? List.of() : found;
    } catch (JsonReader.Malformed e) {
      throw malformed("the list answer", e);
    }
  }

  private static LivyClientException malformed(String what, JsonReader.Malformed e) {
    // the server answered: what it did is unknown when its answer cannot be read
    return new LivyClientException("Malformed JSON in " + what + ": " + e.getMessage(), null, true);
  }

  private StatementInfo statement(String what) throws IOException {
    Token t = r.next();
    if (t != Token.START_OBJECT) {
      r.skip(t);
      throw new LivyClientException(
          "Unexpected " + what + " answer: not a JSON object", null, true);
    }
    return object(what);
  }

  /** Reads a statement object whose start was read. */
  private StatementInfo object(String what) throws IOException {
    String id = null;
    String state = null;
    Double progress = null;
    Instant started = null;
    Instant completed = null;
    String code = null;
    StatementOutput output = null;
    Token t;
    while ((t = r.next()) == Token.FIELD) {
      String field = r.name();
      Token v = r.next();
      switch (field) {
        case "id" -> id = text(v);
        case "state" -> state = text(v);
        case "progress" -> progress = v == Token.NUMBER ? decimal().doubleValue() : null;
        case "started" -> started = epochMillis(v);
        case "completed" -> completed = epochMillis(v);
        case "code" -> code = text(v);
        case "output" -> {
          if (v == Token.START_OBJECT) {
            output = output();
          } else {
            r.skip(v);
            output = null;
          }
        }
        default -> r.skip(v);
      }
    }
    if (id == null) {
      throw new LivyClientException("Statement answer has no id", null, true);
    }
    StatementInfo.Builder b =
        StatementInfo.builder(StatementId.of(id), state == null ? "unknown" : state);
    if (progress != null) {
      b.progress(progress);
    }
    return b.started(started).completed(completed).code(code).output(output).build();
  }

  private StatementOutput output() throws IOException {
    Integer executionCount = null;
    String status = null;
    String ename = null;
    String evalue = null;
    List<String> traceback = new ArrayList<>();
    OutputData.Builder data = OutputData.builder();
    Token t;
    while ((t = r.next()) == Token.FIELD) {
      String field = r.name();
      Token v = r.next();
      switch (field) {
        case "execution_count" -> executionCount = v == Token.NUMBER ? toInt() : skip(v);
        case "status" -> status = text(v);
        case "ename" -> ename = text(v);
        case "evalue" -> evalue = text(v);
        case "traceback" -> {
          traceback = new ArrayList<>();
          if (v == Token.START_ARRAY) {
            Token l;
            while ((l = r.next()) != Token.END_ARRAY) {
              String line = text(l);
              traceback.add(line == null ? "null" : line);
            }
          } else if (v == Token.STRING) {
            traceback.add(r.string());
          } else {
            r.skip(v);
          }
        }
        case "data" -> {
          data = OutputData.builder();
          if (v == Token.START_OBJECT) {
            while (r.next() == Token.FIELD) {
              String mime = r.name();
              Token value = r.next();
              if (value == Token.STRING) {
                data.text(mime, r.string());
              } else {
                ByteChunks bytes = new ByteChunks();
                int rows;
                try (JsonGenerator g =
                    Json.MAPPER.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
                  // a character beyond the BMP as a tree writes it: in UTF-8, not escaped
                  g.enable(JsonGenerator.Feature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
                  rows = copy(value, g, 0);
                }
                bytes.close();
                data.json(mime, bytes, rows);
              }
            }
          } else {
            r.skip(v);
          }
        }
        default -> r.skip(v);
      }
    }
    if ("error".equalsIgnoreCase(status)) {
      return StatementOutput.error(
          executionCount, ename == null ? "Error" : ename, evalue == null ? "" : evalue, traceback);
    }
    return StatementOutput.ok(executionCount, data.build());
  }

  private <T> T skip(Token v) throws IOException {
    r.skip(v);
    return null;
  }

  /**
   * Copies a value to the generator as a tree of it would be written: numbers in the form
   * the tree keeps them (integers exact, decimals without trailing zeros), a field given twice
   * written twice.
   *
   * @param depth 0 for the output value itself
   * @return for the output value, the element count of its top-level {@code data} array, or -1
   */
  private int copy(Token t, JsonGenerator g, int depth) throws IOException {
    int rows = -1;
    switch (t) {
      case START_OBJECT -> {
        g.writeStartObject();
        Token f;
        while ((f = r.next()) == Token.FIELD) {
          g.writeFieldName(r.name());
          boolean data = depth == 0 && r.name().equals("data");
          Token v = r.next();
          if (data && v == Token.START_ARRAY) {
            g.writeStartArray();
            int n = 0;
            Token e;
            while ((e = r.next()) != Token.END_ARRAY) {
              copy(e, g, depth + 2);
              n++;
            }
            g.writeEndArray();
            rows = n;
          } else {
            copy(v, g, depth + 1);
          }
        }
        g.writeEndObject();
      }
      case START_ARRAY -> {
        g.writeStartArray();
        Token e;
        while ((e = r.next()) != Token.END_ARRAY) {
          copy(e, g, depth + 1);
        }
        g.writeEndArray();
      }
      case STRING -> {
        char[] c = r.chars();
        int n = r.charCount();
        g.writeString(c, 0, n);
      }
      case NUMBER -> writeNumber(g);
      case TRUE -> g.writeBoolean(true);
      case FALSE -> g.writeBoolean(false);
      case NULL -> g.writeNull();
      default -> throw new JsonReader.Malformed("Unexpected end of input");
    }
    return rows;
  }

  private void writeNumber(JsonGenerator g) throws IOException {
    char[] c = r.numberChars();
    int n = r.charCount();
    if (r.isInteger()) {
      if (n <= 18) {
        g.writeNumber(parseLong(c, n));
      } else {
        g.writeNumber(integer());
      }
      return;
    }
    int len = Numbers.canonicalDecimal(c, n, number);
    if (len < 0) {
      g.writeNumber(decimal().toString());
    } else {
      g.writeNumber(number, 0, len);
    }
  }

  private static long parseLong(char[] c, int n) {
    boolean negative = c[0] == '-';
    long v = 0;
    for (int i = negative ? 1 : 0; i < n; i++) {
      v = v * 10 + (c[i] - '0');
    }
    return negative ? -v : v;
  }

  /** The current number as a tree would keep it, as text (what {@code asText} gives). */
  private String numberText() {
    if (r.isInteger()) {
      return integer().toString();
    }
    return decimal().toString();
  }

  private BigInteger integer() {
    return new BigInteger(r.numberText());
  }

  /** The current number as a tree keeps a decimal: without trailing zeros. */
  private BigDecimal decimal() {
    BigDecimal d = new BigDecimal(r.numberText());
    return r.isInteger() ? d : d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
  }

  /** The number as an {@code int} when a tree would give one, else {@code null}. */
  private Integer toInt() {
    BigDecimal d = decimal();
    if (d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
        || d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      return null;
    }
    return d.intValue();
  }

  /** Epoch milliseconds as an instant, when a positive number. */
  private Instant epochMillis(Token v) throws IOException {
    if (v != Token.NUMBER) {
      r.skip(v);
      return null;
    }
    long ms = r.isInteger() ? integer().longValue() : decimal().longValue();
    return ms > 0 ? Instant.ofEpochMilli(ms) : null;
  }

  /** A value as a tree's {@code asText} gives it; {@code null} for JSON null. */
  private String text(Token v) throws IOException {
    return switch (v) {
      case STRING -> r.string();
      case NUMBER -> numberText();
      case TRUE -> "true";
      case FALSE -> "false";
      case NULL -> null;
      case START_OBJECT, START_ARRAY -> {
        r.skip(v);
        yield "";
      }
      default -> throw new JsonReader.Malformed("Unexpected end of input");
    };
  }
}
