package io.github.livy4j.internal.table;

import io.github.livy4j.Table;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes records of a table's rows: each record component takes the column of its name, matched
 * exactly, else ignoring case, read as the component's type by {@link Conversions}. The columns
 * and their types are checked once, before any row is read.
 *
 * @param <R> the record type
 */
public final class RecordMapper<R> {
  private static final String MODULE = "io.github.livy4j.core";

  private final Class<R> type;
  private final List<Table.Column> columns;
  private final Constructor<R> constructor;
  private final int[] columnOf;
  private final Class<?>[] types;
  private final String[] contexts;

  private RecordMapper(
      Class<R> type,
      List<Table.Column> columns,
      Constructor<R> constructor,
      int[] columnOf,
      Class<?>[] types,
      String[] contexts) {
    this.type = type;
    this.columns = columns;
    this.constructor = constructor;
    this.columnOf = columnOf;
    this.types = types;
    this.contexts = contexts;
  }

  /**
   * Matches a record's components to a table's columns.
   *
   * @param type the record class
   * @param columns the table's columns
   * @param <R> the record type
   * @return the mapper
   * @throws IllegalArgumentException if the class is not a record, is not accessible, or a
   *     component has no column, two columns that differ only in case, or a column whose Spark
   *     type does not read as the component's type
   */
  public static <R> RecordMapper<R> of(Class<R> type, List<Table.Column> columns) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(
          type.getName() + " is not a record: rows map to records only");
    }
    String record = "record " + type.getName();
    RecordComponent[] components = type.getRecordComponents();
    int n = components.length;
    int[] columnOf = new int[n];
    Class<?>[] types = new Class<?>[n];
    String[] contexts = new String[n];
    for (int i = 0; i < n; i++) {
      String name = components[i].getName();
      types[i] = components[i].getType();
      columnOf[i] = column(record, name, columns);
      Table.Column c = columns.get(columnOf[i]);
      if (!Conversions.readable(c.sparkType(), Conversions.boxed(types[i]))) {
        throw new IllegalArgumentException(
            record
                + ": component '"
                + name
                + "' is of type "
                + types[i].getSimpleName()
                + ", but column '"
                + c.name()
                + "' has Spark type "
                + c.sparkType()
                + ", whose values do not convert to "
                + types[i].getSimpleName());
      }
      contexts[i] = ", for component '" + name + "' of " + record;
    }
    return new RecordMapper<>(type, columns, constructor(type, types), columnOf, types, contexts);
  }

  /** The column a component takes: the first of its name, else the one of its name in any case. */
  private static int column(String record, String name, List<Table.Column> columns) {
    List<Integer> ignoringCase = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      String col = columns.get(c).name();
      if (col.equals(name)) {
        return c;
      }
      if (col.equalsIgnoreCase(name)) {
        ignoringCase.add(c);
      }
    }
    List<String> names = columns.stream().map(Table.Column::name).toList();
    if (ignoringCase.isEmpty()) {
      throw new IllegalArgumentException(
          record
              + ": component '"
              + name
              + "' has no column of its name (matched exactly, then ignoring case); columns are "
              + names);
    }
    List<String> matched = ignoringCase.stream().map(names::get).distinct().toList();
    if (matched.size() > 1) {
      throw new IllegalArgumentException(
          record
              + ": component '"
              + name
              + "' matches columns "
              + matched
              + " when ignoring case, and none exactly; name one '"
              + name
              + "' in the query");
    }
    return ignoringCase.get(0);
  }

  private static <R> Constructor<R> constructor(Class<R> type, Class<?>[] types) {
    Constructor<R> constructor;
    try {
      constructor = type.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("record " + type.getName() + " has no canonical constructor");
    }
    if (!constructor.canAccess(null) && !constructor.trySetAccessible()) {
      throw new IllegalArgumentException(
          "record "
              + type.getName()
              + " is not accessible to livy4j: make the record and its canonical constructor"
              + " public in a package its module exports to "
              + MODULE
              + ", or open the package to "
              + MODULE);
    }
    return constructor;
  }

  /** @return the record class */
  public Class<R> type() {
    return type;
  }

  /**
   * Makes the record of a row.
   *
   * @param data the table's values
   * @param row the row
   * @return the record
   * @throws IllegalStateException if a NULL would go into a primitive component
   * @throws IllegalArgumentException if a value does not convert to its component's type, or the
   *     record's constructor refuses the values
   */
  public R map(Columns data, int row) {
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Table.Column c = columns.get(columnOf[i]);
      Object v = data.get(row, columnOf[i]);
      if (v == null) {
        if (types[i].isPrimitive()) {
          throw new IllegalStateException(
              "row "
                  + row
                  + ": column '"
                  + c.name()
                  + "' (Spark type "
                  + c.sparkType()
                  + ") is NULL, but"
                  + contexts[i].substring(5)
                  + " is a primitive "
                  + types[i].getSimpleName()
                  + ", which cannot hold NULL; declare the component "
                  + Conversions.boxed(types[i]).getSimpleName()
                  + " to take NULL as null");
        }
      } else {
        args[i] = Conversions.convert(v, types[i], contexts[i], c.name(), c.sparkType(), row);
      }
    }
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalArgumentException(
          "record " + type.getName() + " refused the values of row " + row + ": " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make record " + type.getName(), e);
    }
  }
}
