package io.github.livy4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Rows mapped to records: by column name, typed by the row's rules, with clear refusals. */
class TableRecordsTest {
  private static final Table ORDERS =
      Table.of(
          List.of(
              new Table.Column("ID", "integer", false),
              new Table.Column("customer", "string", true),
              new Table.Column("total", "decimal(10,2)", true),
              new Table.Column("day", "date", true),
              new Table.Column("note", "string", true)),
          List.of(
              Arrays.asList(1, "ada", new BigDecimal("12.50"), LocalDate.of(2026, 1, 2), "x"),
              Arrays.asList(2, null, null, null, null)));

  record Order(long id, String customer, BigDecimal total, LocalDate day) {}

  private record Hidden(int id) {}

  record Primitive(int id, double score) {}

  record Mistyped(long id, Long customer) {}

  record Missing(long id, String email) {}

  record Small(byte id) {}

  record Checked(long id, String customer) {
    Checked {
      Objects.requireNonNull(customer, "customer");
    }
  }

  record Everything(Object id, Number total, CharSequence customer) {}

  record Empty() {}

  @Test
  void rows_mapToRecords_byColumnName_exactlyThenIgnoringCase_widenedAndNullable() {
    List<Order> orders = ORDERS.as(Order.class);
    assertThat(orders)
        .containsExactly(
            new Order(1L, "ada", new BigDecimal("12.50"), LocalDate.of(2026, 1, 2)),
            new Order(2L, null, null, null));
    assertThatThrownBy(() -> orders.add(null)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(ORDERS.rows().get(0).as(Order.class)).isEqualTo(orders.get(0));
    assertThat(ORDERS.rows().get(1).as(Order.class)).isEqualTo(orders.get(1));
    assertThat(ORDERS.as(Everything.class).get(0))
        .isEqualTo(new Everything(1, new BigDecimal("12.50"), "ada"));
    assertThat(ORDERS.as(Empty.class)).containsExactly(new Empty(), new Empty());
    assertThat(Table.of(ORDERS.columns(), List.of()).as(Order.class)).isEmpty();
  }

  @Test
  void aRecordThatIsNotPublic_orIsLocal_isMapped() {
    record Local(long id, String customer) {}
    assertThat(ORDERS.as(Hidden.class)).containsExactly(new Hidden(1), new Hidden(2));
    assertThat(ORDERS.rows().get(0).as(Local.class)).isEqualTo(new Local(1, "ada"));
  }

  @Test
  void anExactNameWins_overOthersOfAnotherCase_andColumnsDifferingOnlyInCaseAreAmbiguous() {
    record Id(int id) {}
    Table t =
        Table.of(
            List.of(
                new Table.Column("ID", "integer", true), new Table.Column("id", "integer", true)),
            List.of(List.of(1, 2)));
    assertThat(t.as(Id.class)).containsExactly(new Id(2));
    record Ambiguous(int iD) {}
    assertThatThrownBy(() -> t.as(Ambiguous.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component 'iD' matches columns [ID, id] when ignoring case");
  }

  @Test
  void aMissingColumn_isNamed_withTheTablesColumns() {
    assertThatThrownBy(() -> ORDERS.as(Missing.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "record "
                + Missing.class.getName()
                + ": component 'email' has no column of its name (matched exactly, then ignoring"
                + " case); columns are [ID, customer, total, day, note]");
  }

  @Test
  void aMistypedComponent_isNamed_withTheColumnsSparkType_beforeAnyRowIsRead() {
    assertThatThrownBy(() -> ORDERS.as(Mistyped.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "record "
                + Mistyped.class.getName()
                + ": component 'customer' is of type Long, but column 'customer' has Spark type"
                + " string, whose values do not convert to Long");
  }

  @Test
  void aNullIntoAPrimitiveComponent_isRefused_namingTheRowAndColumn() {
    Table t =
        Table.of(
            List.of(
                new Table.Column("id", "integer", false), new Table.Column("score", "float", true)),
            List.of(List.of(1, 0.5f), Arrays.asList(2, null)));
    assertThat(t.rows().get(0).as(Primitive.class)).isEqualTo(new Primitive(1, 0.5));
    assertThatThrownBy(() -> t.as(Primitive.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "row 1: column 'score' (Spark type float) is NULL, but component 'score'"
                + " of record "
                + Primitive.class.getName()
                + " is a primitive double, which cannot hold NULL; declare the component Double"
                + " to take NULL as null");
  }

  @Test
  void aValueThatDoesNotConvert_isRefused_namingTheRowColumnAndComponent() {
    Table t =
        Table.of(
            List.of(new Table.Column("id", "long", false)), List.of(List.of(1L), List.of(300L)));
    assertThat(t.rows().get(0).as(Small.class)).isEqualTo(new Small((byte) 1));
    assertThatThrownBy(() -> t.as(Small.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot read column 'id' (Spark type long) of row 1 as byte, for component 'id' of"
                + " record "
                + Small.class.getName()
                + ": its value is out of byte's range");
  }

  @Test
  void aRecordConstructorThatRefusesARow_isNamedWithTheRow() {
    assertThatThrownBy(() -> ORDERS.as(Checked.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("record " + Checked.class.getName() + " refused the values of row 1")
        .hasMessageContaining("customer")
        .hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aClassThatIsNotARecord_isRefused() {
    Class raw = String.class;
    assertThatThrownBy(() -> ORDERS.as(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("java.lang.String is not a record: rows map to records only");
  }
}
