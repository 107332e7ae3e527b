package io.github.livy4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed reads of a row: what each getter gives, converts, refuses, and does with NULL. */
class TableRowTest {
  private static final Instant AT = Instant.parse("2026-11-24T13:47:46Z");
  private static final LocalDateTime LOCAL = LocalDateTime.parse("2026-11-24T13:47:46.5");

  private static final Table TABLE =
      Table.of(
          List.of(
              col("b", "byte"),
              col("s", "short"),
              col("i", "integer"),
              col("l", "long"),
              col("f", "float"),
              col("d", "double"),
              col("dec", "decimal(10,2)"),
              col("whole", "decimal(20,0)"),
              col("ok", "boolean"),
              col("str", "string"),
              col("day", "date"),
              col("ts", "timestamp"),
              col("lts", "timestamp")),
          List.of(
              Arrays.asList(
                  (byte) 1,
                  (short) 2,
                  3,
                  4L,
                  2.5f,
                  1.25,
                  new BigDecimal("12.50"),
                  new BigDecimal("42"),
                  true,
                  "livy",
                  LocalDate.of(2026, 11, 24),
                  AT,
                  LOCAL),
              Arrays.asList(
                  null, null, null, null, null, null, null, null, null, null, null, null, null)));

  private static final Table.Row ROW = TABLE.rows().get(0);
  private static final Table.Row NULLS = TABLE.rows().get(1);

  private static Table.Column col(String name, String sparkType) {
    return new Table.Column(name, sparkType, true);
  }

  private static Table.Row single(String sparkType, Object value) {
    return Table.of(List.of(col("c", sparkType)), List.of(Arrays.asList(value))).rows().get(0);
  }

  @Test
  void eachGetter_givesItsColumnsValue_byNameAndByPosition() {
    assertThat(ROW.getString("str")).isEqualTo("livy");
    assertThat(ROW.getString(9)).isEqualTo("livy");
    assertThat(ROW.getLong("l")).isEqualTo(4L);
    assertThat(ROW.getLong(3)).isEqualTo(4L);
    assertThat(ROW.getInt("i")).isEqualTo(3);
    assertThat(ROW.getInt(2)).isEqualTo(3);
    assertThat(ROW.getDouble("d")).isEqualTo(1.25);
    assertThat(ROW.getDouble(5)).isEqualTo(1.25);
    assertThat(ROW.getBoolean("ok")).isTrue();
    assertThat(ROW.getBoolean(8)).isTrue();
    assertThat(ROW.getDecimal("dec")).isEqualTo(new BigDecimal("12.50"));
    assertThat(ROW.getDecimal(6)).isEqualTo(new BigDecimal("12.50"));
    assertThat(ROW.getDate("day")).isEqualTo(LocalDate.of(2026, 11, 24));
    assertThat(ROW.getDate(10)).isEqualTo(LocalDate.of(2026, 11, 24));
    assertThat(ROW.getTimestamp("ts")).isEqualTo(AT);
    assertThat(ROW.getTimestamp(11)).isEqualTo(AT);
    assertThat(ROW.getLocalDateTime("lts")).isEqualTo(LOCAL);
    assertThat(ROW.getLocalDateTime(12)).isEqualTo(LOCAL);
    assertThat(ROW.isNull("str")).isFalse();
    assertThat(ROW.isNull(0)).isFalse();
  }

  @Test
  void wholeNumbers_widenToAnyNumericTypeThatHoldsThemExactly() {
    assertThat(ROW.getLong("b")).isEqualTo(1L);
    assertThat(ROW.getLong("s")).isEqualTo(2L);
    assertThat(ROW.getLong("i")).isEqualTo(3L);
    assertThat(ROW.getLong("whole")).isEqualTo(42L);
    assertThat(ROW.getInt("b")).isEqualTo(1);
    assertThat(ROW.getInt("l")).isEqualTo(4); // a long that fits
    assertThat(ROW.getInt("whole")).isEqualTo(42);
    assertThat(ROW.getDouble("i")).isEqualTo(3.0);
    assertThat(ROW.getDouble("l")).isEqualTo(4.0);
    assertThat(ROW.getDouble("f")).isEqualTo(2.5); // float to double
    assertThat(ROW.getDecimal("i")).isEqualTo(BigDecimal.valueOf(3));
    assertThat(ROW.getDecimal("l")).isEqualTo(BigDecimal.valueOf(4));
    assertThat(ROW.get("i", Long.class)).isEqualTo(3L);
    assertThat(ROW.get("l", Short.class)).isEqualTo((short) 4);
    assertThat(ROW.get("l", Byte.class)).isEqualTo((byte) 4);
    assertThat(ROW.get("i", BigInteger.class)).isEqualTo(BigInteger.valueOf(3));
    assertThat(ROW.get("whole", BigInteger.class)).isEqualTo(BigInteger.valueOf(42));
    assertThat(ROW.get("i", Float.class)).isEqualTo(3f);
    assertThat(ROW.get("l", Number.class)).isEqualTo(4L); // a supertype: the value itself
    assertThat(ROW.get("str", Object.class)).isEqualTo("livy");
    assertThat(single("long", 1L << 53).getDouble("c")).isEqualTo(0x1p53);
    assertThat(single("long", Long.MIN_VALUE).getDouble("c")).isEqualTo(-0x1p63);
    assertThat(single("decimal(38,0)", new BigDecimal("1e20")).get("c", BigInteger.class))
        .isEqualTo(BigInteger.TEN.pow(20));
    assertThat(single("decimal(38,0)", new BigDecimal("1e20")).getDouble("c")).isEqualTo(1e20);
  }

  @Test
  void primitiveClasses_giveTheBoxedValue() {
    long l = ROW.get("l", long.class);
    long widened = ROW.get("i", long.class);
    int i = ROW.get(2, int.class);
    double d = ROW.get("f", double.class);
    boolean ok = ROW.get("ok", boolean.class);
    assertThat(l).isEqualTo(4L);
    assertThat(widened).isEqualTo(3L);
    assertThat(i).isEqualTo(3);
    assertThat(d).isEqualTo(2.5);
    assertThat(ok).isTrue();
    assertThat(ROW.get("b", byte.class)).isEqualTo((byte) 1);
    assertThat(ROW.get("s", short.class)).isEqualTo((short) 2);
    assertThat(ROW.get("f", float.class)).isEqualTo(2.5f);
  }

  @Test
  void sqlNull_isNullForObjectGetters_andBoxedClasses() {
    assertThat(NULLS.getString("str")).isNull();
    assertThat(NULLS.getDecimal("dec")).isNull();
    assertThat(NULLS.getDate("day")).isNull();
    assertThat(NULLS.getTimestamp("ts")).isNull();
    assertThat(NULLS.getLocalDateTime("lts")).isNull();
    assertThat(NULLS.getString(9)).isNull();
    assertThat(NULLS.get("l", Long.class)).isNull();
    assertThat(NULLS.get(2, Integer.class)).isNull();
    assertThat(NULLS.get("ok", Boolean.class)).isNull();
    assertThat(NULLS.get("i", String.class)).isNull(); // no value, so nothing to refuse
    assertThat(NULLS.isNull("l")).isTrue();
    assertThat(NULLS.isNull(3)).isTrue();
  }

  @Test
  void sqlNull_isRefusedByPrimitiveGetters_namingTheColumnRowAndTheNullableRead() {
    assertThatThrownBy(() -> NULLS.getLong("i"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "column 'i' (Spark type integer) of row 1 is NULL, which a primitive long cannot"
                + " hold: read it with get(\"i\", Long.class), which gives null for NULL, or"
                + " check isNull(\"i\") first");
    assertThatThrownBy(() -> NULLS.getLong(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("column 'l' (Spark type long) of row 1 is NULL")
        .hasMessageContaining("get(3, Long.class)")
        .hasMessageContaining("isNull(3)");
    assertThatThrownBy(() -> NULLS.getInt("i"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("primitive int")
        .hasMessageContaining("get(\"i\", Integer.class)");
    assertThatThrownBy(() -> NULLS.getInt(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NULLS.getDouble("d"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("get(\"d\", Double.class)");
    assertThatThrownBy(() -> NULLS.getDouble(5)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NULLS.getBoolean("ok"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("get(\"ok\", Boolean.class)");
    assertThatThrownBy(() -> NULLS.getBoolean(8)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NULLS.get("l", long.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("column 'l'")
        .hasMessageContaining("primitive long");
    assertThatThrownBy(() -> NULLS.get(0, byte.class)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aValueOutOfTheRequestedRange_isRefused_neverTruncated() {
    Table.Row big = single("long", 5_000_000_000L);
    assertThatThrownBy(() -> big.getInt("c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot read column 'c' (Spark type long) of row 0 as int: its value is out of"
                + " int's range");
    assertThatThrownBy(() -> big.get("c", Short.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as Short: its value is out of Short's range");
    assertThatThrownBy(() -> single("long", (1L << 53) + 1).getDouble("c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as double: its value has more digits than a double holds exactly");
    assertThatThrownBy(() -> single("long", Long.MAX_VALUE).getDouble("c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> single("integer", 1 << 30 | 1).get("c", Float.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as Float");
    assertThatThrownBy(() -> single("decimal(38,0)", new BigDecimal("1e20")).getLong("c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot read column 'c' (Spark type decimal(38,0)) of row 0 as long: its value is"
                + " out of long's range");
  }

  @Test
  void valuesThatWouldLoseInformation_orAreOfAnotherKind_areRefused_namingColumnTypeAndRequest() {
    assertThatThrownBy(() -> ROW.getLong("d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot read column 'd' (Spark type double) of row 0 as long: its value is a"
                + " Double, which does not convert to long without loss");
    assertThatThrownBy(() -> ROW.getInt("f"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Spark type float")
        .hasMessageContaining("as int");
    assertThatThrownBy(() -> ROW.getLong("dec"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(Spark type decimal(10,2))")
        .hasMessageContaining("as long: its value is a BigDecimal");
    assertThatThrownBy(() -> ROW.getDouble("dec"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as double");
    assertThatThrownBy(() -> ROW.getDecimal("d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as BigDecimal");
    assertThatThrownBy(() -> ROW.get("d", Float.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ROW.getString("i"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot read column 'i' (Spark type integer) of row 0 as String: its value is an"
                + " Integer, which does not convert to String");
    assertThatThrownBy(() -> ROW.getLong("str"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its value is a String, which does not convert to long");
    assertThatThrownBy(() -> ROW.getBoolean("i"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as boolean");
    assertThatThrownBy(() -> ROW.getDate("ts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as LocalDate: its value is an Instant");
    assertThatThrownBy(() -> ROW.getTimestamp("lts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as Instant: its value is a LocalDateTime");
    assertThatThrownBy(() -> ROW.getLocalDateTime("ts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as LocalDateTime: its value is an Instant");
    assertThatThrownBy(() -> ROW.get(10, String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'day' (Spark type date)");
  }

  @Test
  void aValueTheServerSentAsText_readsAsText_andSaysSoWhenReadAsItsColumnsType() {
    Table.Row row = single("integer", "not a number");
    assertThat(row.getString("c")).isEqualTo("not a number");
    assertThatThrownBy(() -> row.getInt("c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot read column 'c' (Spark type integer) of row 0 as int: its value is a"
                + " String (the server's value did not parse as integer), which does not"
                + " convert to int");
  }

  @Test
  void unknownColumns_andPositions_areRefused() {
    assertThatThrownBy(() -> ROW.getLong("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'nope'");
    assertThatThrownBy(() -> ROW.isNull("nope")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ROW.getLong(13))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("column 13 of 13");
    assertThatThrownBy(() -> ROW.isNull(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ROW.get("l", null)).isInstanceOf(NullPointerException.class);
  }
}
