package io.github.livy4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementResultTest {
  private static StatementResult result(Map<String, String> data) {
    return StatementResult.of(
        SessionId.of(1),
        StatementInfo.builder(StatementId.of(7), "available")
            .output(StatementOutput.ok(3, data))
            .build());
  }

  @Test
  void text_isTheDecodedJsonString() {
    StatementResult r = result(Map.of("text/plain", "\"res0: Long = 100\\n\""));
    assertThat(r.text()).contains("res0: Long = 100\n");
    assertThat(r.json()).isEmpty();
    assertThat(r.executionCount()).hasValue(3);
    assertThat(r.statementId()).isEqualTo(StatementId.of(7));
  }

  record Point(int x, int y) {}

  @Test
  void json_bindsToATypeOrFailsClearly() {
    StatementResult r = result(Map.of("application/json", "{\"x\":1,\"y\":2,\"z\":3}"));
    assertThat(r.json(Point.class)).contains(new Point(1, 2));
    assertThat(r.json(Map.class)).hasValueSatisfying(m -> assertThat(m).containsKey("z"));
    assertThatThrownBy(() -> r.json(Integer.class))
        .isInstanceOf(LivyClientException.class)
        .hasMessageContaining("java.lang.Integer");
  }

  @Test
  void aTextOutputLongerThanJacksonsDefaultLimit_isRead() {
    String big = "x".repeat(21_000_000);
    assertThat(result(Map.of("text/plain", "\"" + big + "\"")).text())
        .hasValueSatisfying(t -> assertThat(t).hasSize(big.length()));
  }

  @Test
  void image_isBase64Decoded() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    String b64 = Base64.getEncoder().encodeToString(png);
    assertThat(result(Map.of("image/png", "\"" + b64 + "\"")).image()).hasValue(png);
    assertThatThrownBy(() -> result(Map.of("image/png", "\"%%%\"")).image())
        .isInstanceOf(LivyClientException.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void complexColumns_areTypedByTheirElementKeyValueAndFieldTypes() {
    String json =
        "{\"schema\":{\"type\":\"struct\",\"fields\":["
            + "{\"name\":\"ints\",\"type\":{\"type\":\"array\",\"elementType\":\"integer\","
            + "\"containsNull\":true},\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"nested\",\"type\":{\"type\":\"array\",\"elementType\":{\"type\":"
            + "\"array\",\"elementType\":\"date\",\"containsNull\":false},\"containsNull\":false},"
            + "\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"counts\",\"type\":{\"type\":\"map\",\"keyType\":\"integer\","
            + "\"valueType\":\"decimal(10,2)\",\"valueContainsNull\":true},\"nullable\":true,"
            + "\"metadata\":{}},"
            + "{\"name\":\"point\",\"type\":{\"type\":\"struct\",\"fields\":[{\"name\":\"x\","
            + "\"type\":\"short\",\"nullable\":false,\"metadata\":{}},{\"name\":\"at\",\"type\":"
            + "\"timestamp\",\"nullable\":true,\"metadata\":{}}]},\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"points\",\"type\":{\"type\":\"array\",\"elementType\":{\"type\":"
            + "\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"byte\",\"nullable\":false,"
            + "\"metadata\":{}}]},\"containsNull\":true},\"nullable\":true,\"metadata\":{}}]},"
            + "\"data\":[[[1,2,null],[[\"2026-01-02\"]],{\"7\":1.25},[3,\"2026-01-01T00:00:00Z\"],"
            + "[{\"x\":4},null]]]}";
    Table.Row row = result(Map.of("application/json", json)).table().rows().get(0);
    assertThat((List<Object>) row.get("ints"))
        .containsExactly(1, 2, null)
        .first()
        .isInstanceOf(Integer.class);
    assertThat((List<Object>) row.get("nested"))
        .containsExactly(List.of(LocalDate.parse("2026-01-02")));
    assertThat((Map<Object, Object>) row.get("counts"))
        .containsExactly(Map.entry(7, new BigDecimal("1.25")));
    assertThat((Map<Object, Object>) row.get("point"))
        .containsExactly(
            Map.entry("x", (short) 3), Map.entry("at", Instant.parse("2026-01-01T00:00:00Z")));
    assertThat((List<Object>) row.get("points")).containsExactly(Map.of("x", (byte) 4), null);
    assertThat(((List<Object>) row.get("points")).get(0)).isEqualTo(Map.of("x", (byte) 4));
  }

  @Test
  void sqlResult_fromTheRealLivyCapture_isTyped() {
    // the application/json value of capture 16 (Apache Livy 0.7.1, Spark 3.5.7)
    String json =
        "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"name\":\"answer\",\"type\":"
            + "\"integer\",\"nullable\":false,\"metadata\":{}},{\"name\":\"who\",\"type\":\"string\","
            + "\"nullable\":false,\"metadata\":{}},{\"name\":\"n\",\"type\":\"string\",\"nullable\":"
            + "true,\"metadata\":{}},{\"name\":\"d\",\"type\":\"date\",\"nullable\":false,\"metadata\""
            + ":{}}]},\"data\":[[42,\"livy\",null,\"2026-11-24\"]]}";
    Table t = result(Map.of("application/json", json)).table();
    assertThat(t.columns())
        .containsExactly(
            new Table.Column("answer", "integer", false),
            new Table.Column("who", "string", false),
            new Table.Column("n", "string", true),
            new Table.Column("d", "date", false));
    assertThat(t.rows().get(0).values())
        .containsExactly(42, "livy", null, LocalDate.of(2026, 11, 24));
  }

  record Answer(long answer, String who, String n, LocalDate d) {}

  @Test
  void sqlResult_fromTheRealLivyCapture_readsWithTypedGetters_andAsRecords() {
    // the application/json value of capture 16 (Apache Livy 0.7.1, Spark 3.5.7)
    String json =
        "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"name\":\"answer\",\"type\":"
            + "\"integer\",\"nullable\":false,\"metadata\":{}},{\"name\":\"who\",\"type\":\"string\","
            + "\"nullable\":false,\"metadata\":{}},{\"name\":\"n\",\"type\":\"string\",\"nullable\":"
            + "true,\"metadata\":{}},{\"name\":\"d\",\"type\":\"date\",\"nullable\":false,\"metadata\""
            + ":{}}]},\"data\":[[42,\"livy\",null,\"2026-11-24\"]]}";
    Table t = result(Map.of("application/json", json)).table();
    Table.Row row = t.rows().get(0);
    assertThat(row.getLong("answer")).isEqualTo(42L);
    assertThat(row.getInt("answer")).isEqualTo(42);
    assertThat(row.getString("who")).isEqualTo("livy");
    assertThat(row.getString("n")).isNull();
    assertThat(row.isNull("n")).isTrue();
    assertThat(row.getDate("d")).isEqualTo(LocalDate.of(2026, 11, 24));
    assertThat(t.as(Answer.class))
        .containsExactly(new Answer(42L, "livy", null, LocalDate.of(2026, 11, 24)));
  }

  @Test
  void sqlResult_everySparkTypeMapsToItsJavaType() {
    String json =
        "{\"schema\":{\"type\":\"struct\",\"fields\":["
            + "{\"name\":\"b\",\"type\":\"byte\"},{\"name\":\"s\",\"type\":\"short\"},"
            + "{\"name\":\"l\",\"type\":\"long\"},{\"name\":\"f\",\"type\":\"float\"},"
            + "{\"name\":\"db\",\"type\":\"double\"},{\"name\":\"bo\",\"type\":\"boolean\"},"
            + "{\"name\":\"dec\",\"type\":\"decimal(20,2)\"},{\"name\":\"ts\",\"type\":\"timestamp\"},"
            + "{\"name\":\"lts\",\"type\":\"timestamp\"},"
            + "{\"name\":\"arr\",\"type\":{\"type\":\"array\",\"elementType\":\"integer\"}},"
            + "{\"name\":\"m\",\"type\":{\"type\":\"map\"}},{\"name\":\"bad\",\"type\":\"date\"}]},"
            + "\"data\":[[1,2,9007199254740993,1.5,2.25,true,12345678901234567.89,"
            + "\"2026-11-24T13:47:46.123Z\",\"2026-11-24 13:47:46.5\",[1,2],{\"k\":\"v\"},\"soon\"]]}";
    Table.Row row = result(Map.of("application/json", json)).table().rows().get(0);
    assertThat(row.get("b")).isEqualTo((byte) 1);
    assertThat(row.get("s")).isEqualTo((short) 2);
    assertThat(row.get("l")).isEqualTo(9007199254740993L);
    assertThat(row.get("f")).isEqualTo(1.5f);
    assertThat(row.get("db")).isEqualTo(2.25);
    assertThat(row.get("bo")).isEqualTo(true);
    assertThat(row.get("dec", BigDecimal.class)).isEqualByComparingTo("12345678901234567.89");
    assertThat(row.get("ts")).isEqualTo(Instant.parse("2026-11-24T13:47:46.123Z"));
    assertThat(row.get("lts")).isEqualTo(LocalDateTime.parse("2026-11-24T13:47:46.5"));
    assertThat(row.get("arr")).isEqualTo(List.of(1, 2)); // array<integer>: Integers
    assertThat(row.get("m")).isEqualTo(Map.of("k", "v"));
    assertThat(row.get("bad")).isEqualTo("soon");
    assertThatThrownBy(() -> row.get("b", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'b' (Spark type byte)");
    assertThatThrownBy(() -> row.get("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'nope'");
  }

  @Test
  void livyTable_isDecoded() {
    String table =
        "{\"headers\":[{\"name\":\"id\",\"type\":\"BIGINT_TYPE\"},"
            + "{\"name\":\"name\",\"type\":\"STRING_TYPE\"}],\"data\":[[1,\"a\"],[2,null]]}";
    Table t = result(Map.of(StatementResult.LIVY_TABLE, table)).table();
    assertThat(t.columns()).extracting(Table.Column::sparkType).containsExactly("long", "string");
    assertThat(t.rows().get(1).values()).containsExactly(2L, null);
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void table_onATextResult_saysWhatTheResultHolds() {
    assertThatThrownBy(() -> result(Map.of("text/plain", "\"hi\"")).table())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[text/plain]");
  }

  @Test
  void malformedTable_isAClientException() {
    assertThatThrownBy(
            () ->
                result(
                        Map.of(
                            "application/json",
                            "{\"schema\":{\"fields\":[{\"name\":\"a\",\"type\":\"integer\"}]},\"data\":[[1,2]]}"))
                    .table())
        .isInstanceOf(LivyClientException.class)
        .hasMessageContaining("2 values");
  }

  @Test
  void failedOrUnfinishedStatements_areNotResults() {
    StatementInfo failed =
        StatementInfo.builder(StatementId.of(1), "available")
            .output(StatementOutput.error(1, "E", "v", List.of()))
            .build();
    assertThatThrownBy(() -> StatementResult.of(SessionId.of(1), failed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                StatementResult.of(
                    SessionId.of(1), StatementInfo.builder(StatementId.of(1), "running").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no output");
  }
}
