package io.github.livy4j.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.SessionId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementOutput;
import io.github.livy4j.StatementResult;
import io.github.livy4j.spi.LivyJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming statement reader reads what the tree reader reads. */
class StatementReaderTest {
  private static StatementInfo streamed(String json) throws IOException {
    return LivyJson.statement(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Asserts both readers give the same statement, data rendered as JSON text included. */
  private static StatementInfo same(String json) throws IOException {
    StatementInfo tree = LivyJson.statement(json);
    StatementInfo stream = streamed(json);
    assertThat(stream.id()).isEqualTo(tree.id());
    assertThat(stream.rawState()).isEqualTo(tree.rawState());
    assertThat(stream.progress()).isEqualTo(tree.progress());
    assertThat(stream.started()).isEqualTo(tree.started());
    assertThat(stream.completed()).isEqualTo(tree.completed());
    assertThat(stream.code()).isEqualTo(tree.code());
    assertThat(stream.output().isPresent()).isEqualTo(tree.output().isPresent());
    tree.output()
        .ifPresent(
            t -> {
              StatementOutput s = stream.output().orElseThrow();
              assertThat(s.status()).isEqualTo(t.status());
              assertThat(s.executionCount()).isEqualTo(t.executionCount());
              assertThat(s.data()).isEqualTo(t.data());
              assertThat(List.copyOf(s.data().keySet())).isEqualTo(List.copyOf(t.data().keySet()));
              assertThat(s.data().toString()).isEqualTo(t.data().toString());
              assertThat(s.errorName()).isEqualTo(t.errorName());
              assertThat(s.errorValue()).isEqualTo(t.errorValue());
              assertThat(s.traceback()).isEqualTo(t.traceback());
              if (t.isOk()) {
                StatementResult rs = StatementResult.of(SessionId.of(1), stream);
                StatementResult rt = StatementResult.of(SessionId.of(1), tree);
                assertThat(rs.text()).isEqualTo(rt.text());
                assertThat(rs.json()).isEqualTo(rt.json());
              }
            });
    return stream;
  }

  private static String ok(String data) {
    return "{\"id\":3,\"code\":\"x\",\"state\":\"available\",\"progress\":1.0,\"started\":17,"
        + "\"completed\":18,\"output\":{\"status\":\"ok\",\"execution_count\":2,\"data\":"
        + data
        + "}}";
  }

  @Test
  void statementFields_asTheTreeReaderReadsThem() throws IOException {
    same("{\"id\":0,\"state\":\"running\",\"progress\":0.5,\"code\":\"1+1\",\"output\":null}");
    same("{\"id\":\"7\",\"state\":null,\"progress\":\"x\",\"started\":-1,\"completed\":0}");
    same(
        "{\"state\":\"waiting\",\"id\":12345678901234567890,\"started\":1.7E12,"
            + "\"progress\":1,\"extra\":{\"a\":[1,{\"b\":null}]},\"code\":{\"x\":1}}");
    same("  {\"id\":1,\"id\":2,\"state\":true}  ");
    same(ok("{\"text/plain\":\"res0: Int = 2\"}"));
    same(
        "{\"id\":1,\"state\":\"available\",\"output\":{\"status\":\"error\",\"ename\":\"E\","
            + "\"evalue\":\"bad\",\"traceback\":[\"a\\n\",1,null,{\"x\":1}],\"execution_count\":"
            + "3.7,\"data\":{\"text/plain\":\"ignored\"}}}");
    same("{\"id\":1,\"output\":{\"status\":\"ERROR\",\"traceback\":\"one line\"}}");
    same("{\"id\":1,\"output\":{\"execution_count\":3000000000,\"data\":[1,2]}}");
    same("{\"id\":1,\"output\":{\"data\":{\"a\":1,\"b\":\"x\",\"a\":\"y\"}}}");
  }

  @Test
  void values_nullsNumbersAndNesting_renderAsTheTreeRendersThem() throws IOException {
    same(
        ok(
            "{\"application/json\":{\"a\":null,\"b\":[true,false,null,[],{}],"
                + "\"n\":[0,-0,1,-1,2147483648,-9223372036854775808,9223372036854775808,"
                + "123456789012345678901234567890,0.0,-0.0,10.0,1.50,1e5,1E-7,1.0e400,5E+1,0e5,"
                + "-0.5e-3,0.000001,0.0000001,123.456e-2,100,1e-400],\"s\":\"\"},"
                + "\"text/plain\":7,\"image/png\":\"aGk=\",\"x/null\":null,\"x/bool\":false}"));
  }

  @Test
  void strings_escapesUnicodeAndControlCharacters_areDecoded() throws IOException {
    String s = "q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f u\\u00e9\\u4e2d\\ud83d\\ude00 raw é中😀 \\u0000";
    StatementInfo st =
        same(
            ok(
                "{\"text/plain\":\""
                    + s
                    + "\",\"application/json\":{\"k\\u00e9\":"
                    + "[\""
                    + s
                    + "\"]}}"));
    assertThat(StatementResult.of(SessionId.of(1), st).text())
        .contains("q\"b\\s/n\nt\tr\rb\bf\f ué中😀 raw é中😀 \u0000");
  }

  @Test
  void aLargeText_isDecodedWhole_latinAndWide() throws IOException {
    for (String tail : List.of("", "\u00ff", "\u20ac", "\\u20ac")) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; b.length() < 300_000; i++) {
        b.append("line ").append(i).append("\\n");
      }
      String json = b + tail + "end";
      StatementInfo st = same(ok("{\"text/plain\":\"" + json + "\"}"));
      String text = StatementResult.of(SessionId.of(1), st).text().orElseThrow();
      assertThat(text).endsWith("end").contains("line 9999\nline 10000\n");
    }
  }

  @Test
  void randomDecimals_renderAsTheTreeRendersThem() throws IOException {
    Random random = new Random(42);
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < 3000; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(random.nextBoolean() ? "-" : "");
      b.append(random.nextInt(4) == 0 ? "0" : Integer.toString(random.nextInt(100000)));
      b.append('.')
          .append("0".repeat(random.nextInt(4)))
          .append(random.nextInt(3) == 0 ? "" : Integer.toString(random.nextInt(1000)));
      if (b.charAt(b.length() - 1) == '.') {
        b.append('0');
      }
      b.append("0".repeat(random.nextInt(3)));
      if (random.nextBoolean()) {
        b.append(random.nextBoolean() ? 'e' : 'E')
            .append(random.nextBoolean() ? "-" : "+")
            .append(random.nextInt(30));
      }
    }
    b.append(']');
    same(ok("{\"application/json\":" + b + "}"));
    char[] out = new char[64];
    for (String n : b.substring(1, b.length() - 1).split(",")) {
      int len = Numbers.canonicalDecimal(n.toCharArray(), n.length(), out);
      BigDecimal d = new BigDecimal(n);
      assertThat(new String(out, 0, len))
          .as(n)
          .isEqualTo(d.signum() == 0 ? "0" : d.stripTrailingZeros().toString());
    }
  }

  @Test
  void aTruncatedBody_failsAsMalformed_atEveryCut() {
    String json =
        ok(
            "{\"text/plain\":\"h\\u00e9llo \u00e9\",\"application/json\":{\"schema\":"
                + "{\"fields\":[]},\"data\":[[1,2.5,true,null,\"x\"]]}}");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut < bytes.length - 1; cut++) {
      InputStream in = new ByteArrayInputStream(bytes, 0, cut);
      int at = cut;
      assertThatThrownBy(() -> LivyJson.statement(in))
          .as("cut at %d", at)
          .isInstanceOf(LivyClientException.class);
    }
  }

  @Test
  void aStreamThatFails_failsWithItsIOException() {
    byte[] bytes =
        ok("{\"text/plain\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    InputStream failing =
        new InputStream() {
          private int at;

          @Override
          public int read() throws IOException {
            if (at >= 50_000) {
              throw new IOException("connection reset");
            }
            return bytes[at++];
          }
        };
    assertThatThrownBy(() -> LivyJson.statement(failing))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
  }

  @Test
  void malformedText_isALivyClientException() {
    for (String bad :
        List.of(
            "{\"id\":1,}",
            "{\"id\":01}",
            "{\"id\":\"a\u0001\"}",
            "{\"id\":\"\\x\"}",
            "{\"id\":tru}",
            "{\"id\" 1}",
            "{\"id\":1 \"s\":2}",
            "[1,]",
            "{\"id\":-}",
            "{\"id\":1.}",
            "{\"id\":1e}",
            "{\"id\":\"\\u12G4\"}")) {
      assertThatThrownBy(() -> streamed(bad))
          .as(bad)
          .isInstanceOf(LivyClientException.class)
          .hasMessageContaining("Malformed JSON in the statement answer");
    }
    byte[] badUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, 'x', '"', '}'};
    assertThatThrownBy(() -> LivyJson.statement(new ByteArrayInputStream(badUtf8)))
        .isInstanceOf(LivyClientException.class);
  }

  @Test
  void notAnObjectOrNoId_failsAsTheTreeReaderFails() {
    for (String json : List.of("", "[]", "\"x\"", "12", "{\"state\":\"x\"}", "{\"id\":null}")) {
      Throwable tree =
          org.assertj.core.api.Assertions.catchThrowable(() -> LivyJson.statement(json));
      assertThatThrownBy(() -> streamed(json))
          .as(json)
          .isInstanceOf(LivyClientException.class)
          .hasMessage(tree.getMessage());
    }
  }

  @Test
  void aList_readsItsStatements() throws IOException {
    String json =
        "{\"total_statements\":2,\"statements\":["
            + ok("{\"text/plain\":\"a\"}")
            + ",{\"id\":4,\"state\":\"running\"}],\"items\":\"no\"}";
    List<StatementInfo> tree = LivyJson.items(json).stream().map(LivyJson::statement).toList();
    List<StatementInfo> stream =
        LivyJson.statements(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(stream).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(stream.get(i).id()).isEqualTo(tree.get(i).id());
      assertThat(stream.get(i).state()).isEqualTo(tree.get(i).state());
      assertThat(stream.get(i).output().map(StatementOutput::data))
          .isEqualTo(tree.get(i).output().map(StatementOutput::data));
    }
    assertThat(LivyJson.statements(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
  }
}
