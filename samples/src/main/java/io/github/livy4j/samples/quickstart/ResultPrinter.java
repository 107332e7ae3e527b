package io.github.livy4j.samples.quickstart;

import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints a statement result: a table as aligned columns, text as is, JSON as JSON. */
final class ResultPrinter {
  private ResultPrinter() {}

  static void print(StatementResult result, PrintStream out) {
    Table table = tableOrNull(result);
    if (table != null) {
      printTable(table, out);
    } else if (result.text().isPresent()) {
      out.println(result.text().get());
    } else if (result.json().isPresent()) {
      out.println(result.json().get());
    } else if (result.image().isPresent()) {
      out.println("<image/png, " + result.image().get().length + " bytes>");
    } else {
      out.println("(no output)");
    }
  }

  private static Table tableOrNull(StatementResult r) {
    try {
      return r.table();
    } catch (IllegalStateException e) {
      return null;
    }
  }

  static void printTable(Table t, PrintStream out) {
    int n = t.columns().size();
    int[] width = new int[n];
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[n];
    for (int i = 0; i < n; i++) {
      header[i] = t.columns().get(i).name();
      width[i] = header[i].length();
    }
    for (Table.Row row : t.rows()) {
      String[] c = new String[n];
      for (int i = 0; i < n; i++) {
        Object v = row.get(i);
        c[i] = v == null ? "NULL" : v.toString();
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    String rule = rule(width);
    out.println(rule);
    out.println(line(header, width));
    out.println(rule);
    cells.forEach(c -> out.println(line(c, width)));
    out.println(rule);
    out.println(t.size() + (t.size() == 1 ? " row" : " rows"));
  }

  private static String rule(int[] width) {
    StringBuilder sb = new StringBuilder("+");
    for (int w : width) {
      sb.append("-".repeat(w + 2)).append('+');
    }
    return sb.toString();
  }

  private static String line(String[] c, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < c.length; i++) {
      sb.append(' ').append(c[i]).append(" ".repeat(width[i] - c[i].length())).append(" |");
    }
    return sb.toString();
  }
}
