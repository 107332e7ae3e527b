package io.github.livy4j.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.SessionId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import io.github.livy4j.spi.LivyJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tables decoded value by value from a streamed answer hold what the tree decoder gives. */
class ResultDecoderStreamTest {
  private static final String SCHEMA =
      "{\"type\":\"struct\",\"fields\":["
          + field("b", "\"byte\"")
          + ","
          + field("s", "\"short\"")
          + ","
          + field("i", "\"integer\"")
          + ","
          + field("l", "\"long\"")
          + ","
          + field("f", "\"float\"")
          + ","
          + field("d", "\"double\"")
          + ","
          + field("m", "\"decimal(10,2)\"")
          + ","
          + field("t", "\"boolean\"")
          + ","
          + field("str", "\"string\"")
          + ","
          + field("day", "\"date\"")
          + ","
          + field("ts", "\"timestamp\"")
          + ","
          + field("bin", "\"binary\"")
          + ","
          + field("arr", "{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":true}")
          + ","
          + field(
              "map",
              "{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":\"date\","
                  + "\"valueContainsNull\":true}")
          + ","
          + field(
              "st",
              "{\"type\":\"struct\",\"fields\":["
                  + field("x", "\"long\"")
                  + ","
                  + field("y", "\"string\"")
                  + "]}")
          + "]}";

  private static String field(String name, String type) {
    return "{\"name\":\"" + name + "\",\"type\":" + type + ",\"nullable\":true,\"metadata\":{}}";
  }

  private static final List<String> ROWS =
      List.of(
          "[1,2,3,4,1.5,2.25,\"12.30\",true,\"a\",\"2026-01-10\",\"2026-01-10T10:00:00Z\","
              + "\"AQI=\",[1,null,3],{\"k\":\"2026-02-01\"},[7,\"y\"]]",
          "[null,null,null,null,null,null,null,null,null,null,null,null,null,null,null]",
          "[-128,32767,2147483647,9223372036854775807,3,7,12.3,false,\"\\u00e9\\ud83d\\ude00\","
              + "\"2026-02-30\",\"2026-01-10 10:00:00.123\",\"\",[],{},{\"x\":1,\"y\":null}]",
          "[\"5\",\" 6 \",\"7\",\"8\",\"1.25\",\"2.5\",1,\"yes\",12,\"2026-1-5\",1700000000000,null,"
              + "\"notarray\",[1],\"s\"]",
          "[1,2,2147483648,92233720368547758070,1e2,1E400,1.005,1,{\"o\":1},\"2026-01-10extra\","
              + "\"bad\",1,[[1]],{\"k\":\"x\"},[1]]",
          "[0,0,-0,-0,-0.0,-0.0,0.00,true,\"\",\"0001-01-01\",\"2026-01-10T10:00:00+02:00\",null,"
              + "[1.5],{\"a\":null},{\"x\":\"1\",\"y\":2}]");

  /** What the tree decoder gives for each row. */
  private static List<List<Object>> expected(String data) {
    JsonNode schema = Json.parse(SCHEMA, "schema").path("fields");
    List<List<Object>> out = new ArrayList<>();
    for (JsonNode row : Json.parse(data, "rows")) {
      List<Object> r = new ArrayList<>();
      for (int i = 0; i < schema.size(); i++) {
        r.add(SparkValues.value(row.get(i), schema.get(i).path("type")));
      }
      out.add(r);
    }
    return out;
  }

  private static StatementResult streamed(String value) throws IOException {
    String json =
        "{\"id\":1,\"state\":\"available\",\"output\":{\"status\":\"ok\","
            + "\"data\":{\"application/json\":"
            + value
            + "}}}";
    StatementInfo st =
        LivyJson.statement(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    return StatementResult.of(SessionId.of(1), st);
  }

  private static List<List<Object>> values(Table t) {
    return t.rows().stream().map(r -> (List<Object>) new ArrayList<>(r.values())).toList();
  }

  @Test
  void everySparkType_decodesAsTheTreeDecoderDecodesIt() throws IOException {
    String data = "[" + String.join(",", ROWS) + "]";
    List<List<Object>> expected = expected(data);
    Table streamed = streamed("{\"schema\":" + SCHEMA + ",\"data\":" + data + "}").table();
    assertThat(values(streamed)).isEqualTo(expected);
    // from text as given (not as a tree writes it) decimals keep their scale
    assertThat(
            values(
                    ResultDecoder.sqlTable("{\"schema\":" + SCHEMA + ",\"data\":" + data + "}")
                        .orElseThrow())
                .get(0))
        .isEqualTo(expected.get(0));
    // data before schema is read whole
    assertThat(values(streamed("{\"data\":" + data + ",\"schema\":" + SCHEMA + "}").table()))
        .isEqualTo(expected);
    assertThat(streamed.columns())
        .extracting(Table.Column::name)
        .containsExactly(
            "b", "s", "i", "l", "f", "d", "m", "t", "str", "day", "ts", "bin", "arr", "map", "st");
    assertThat(expected.get(0))
        .containsExactly(
            (byte) 1,
            (short) 2,
            3,
            4L,
            1.5f,
            2.25,
            new BigDecimal("12.30"),
            true,
            "a",
            LocalDate.of(2026, 1, 10),
            Instant.parse("2026-01-10T10:00:00Z"),
            "AQI=",
            java.util.Arrays.asList(1, null, 3),
            Map.of("k", LocalDate.of(2026, 2, 1)),
            Map.of("x", 7L, "y", "y"));
    assertThat(expected.get(2).get(9)).isEqualTo("2026-02-30");
    assertThat(expected.get(2).get(10))
        .isEqualTo(LocalDateTime.of(2026, 1, 10, 10, 0, 0, 123_000_000));
  }

  @Test
  void randomValues_decodeAsTheTreeDecoderDecodesThem() throws IOException {
    Random random = new Random(7);
    String schema =
        "{\"fields\":["
            + field("l", "\"long\"")
            + ","
            + field("d", "\"double\"")
            + ","
            + field("f", "\"float\"")
            + ","
            + field("s", "\"string\"")
            + ","
            + field("day", "\"date\"")
            + "]}";
    StringBuilder data = new StringBuilder("[");
    for (int i = 0; i < 5000; i++) {
      data.append(i == 0 ? "[" : ",[")
          .append(random.nextLong() >> random.nextInt(64))
          .append(',')
          .append(
              random.nextInt(5) == 0
                  ? "null"
                  : Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20)))
          .append(',')
          .append(random.nextInt(1_000_000) / 1000.0)
          .append(",\"v")
          .append(Long.toHexString(random.nextLong()))
          .append('"')
          .append(",\"")
          .append(LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000))
          .append("\"]");
    }
    data.append(']');
    JsonNode fields = Json.parse(schema, "schema").path("fields");
    List<List<Object>> expected = new ArrayList<>();
    for (JsonNode row : Json.parse(data.toString(), "rows")) {
      List<Object> r = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        r.add(SparkValues.value(row.get(i), fields.get(i).path("type")));
      }
      expected.add(r);
    }
    Table t = streamed("{\"schema\":" + schema + ",\"data\":" + data + "}").table();
    assertThat(values(t)).isEqualTo(expected);
  }

  @Test
  void aRowOfTheWrongWidth_isMalformed() {
    String schema = "{\"fields\":[" + field("a", "\"long\"") + "," + field("b", "\"long\"") + "]}";
    for (String data : List.of("[[1]]", "[[1,2,3]]", "[1]")) {
      assertThatThrownBy(
              () -> streamed("{\"schema\":" + schema + ",\"data\":" + data + "}").table())
          .as(data)
          .isInstanceOf(LivyClientException.class)
          .hasMessageContaining("values but the schema has 2 columns");
    }
  }

  @Test
  void jsonThatIsNoTable_saysSo() throws IOException {
    for (String v :
        List.of(
            "{\"a\":1}",
            "[1,2]",
            "{\"schema\":{\"fields\":1},\"data\":[]}",
            "{\"schema\":{\"fields\":[]}}")) {
      assertThatThrownBy(() -> streamed(v).table())
          .as(v)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("returned no table");
    }
    StatementResult r = streamed("{\"schema\":{\"fields\":[]},\"data\":[]}");
    assertThat(r.table().size()).isZero();
    assertThat(r.table()).isSameAs(r.table());
  }
}
