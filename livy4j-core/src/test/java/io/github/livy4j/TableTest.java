package io.github.livy4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  private static final List<Table.Column> COLUMNS =
      List.of(
          new Table.Column("id", "long", false), new Table.Column("n", "integer", true),
          new Table.Column("x", "double", true), new Table.Column("f", "float", true),
          new Table.Column("ok", "boolean", true), new Table.Column("day", "date", true),
          new Table.Column("s", "string", true), new Table.Column("b", "byte", true));

  @Test
  void valuesComeBackAsTheirSparkTypes_nullsIncluded() {
    Table t =
        Table.builder(COLUMNS)
            .addRow(
                Arrays.asList(1L, 2, 1.5, 2.5f, true, LocalDate.of(2026, 1, 2), "é-ü", (byte) 3))
            .addRow(Arrays.asList(2L, null, null, null, null, null, null, null))
            .addRow(
                Arrays.asList(3L, -7, -0.0, 0f, false, LocalDate.of(1969, 12, 31), "", (byte) -1))
            .build();
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.rows().get(0).values())
        .containsExactly(1L, 2, 1.5, 2.5f, true, LocalDate.of(2026, 1, 2), "é-ü", (byte) 3);
    assertThat(t.rows().get(1).values())
        .containsExactly(2L, null, null, null, null, null, null, null);
    assertThat(t.rows().get(2).values())
        .containsExactly(3L, -7, -0.0, 0f, false, LocalDate.of(1969, 12, 31), "", (byte) -1);
    assertThat(t.rows().get(2).get("s", String.class)).isEmpty();
    assertThat(t.rows().get(0).toString()).contains("é-ü");
  }

  @Test
  void aValueThatDoesNotFitItsColumn_isKept_asTheServerSentIt() {
    Table t =
        Table.of(
            COLUMNS.subList(0, 2),
            List.of(List.of(1L, 5), Arrays.asList(2L, "not a number"), List.of(3L, 7)));
    assertThat(t.rows()).extracting(r -> r.get("n")).containsExactly(5, "not a number", 7);
    assertThatThrownBy(() -> t.rows().get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> t.rows().get(0).get(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aRowOfTheWrongWidth_andABuilderUsedTwice_areRefused() {
    Table.Builder b = Table.builder(COLUMNS.subList(0, 2));
    assertThatThrownBy(() -> b.addRow(List.of(1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 values")
        .hasMessageContaining("2 columns");
    b.addRow(List.of(1L, 1)).build();
    assertThatThrownBy(() -> b.addRow(List.of(2L, 2))).isInstanceOf(IllegalStateException.class);
  }
}
