package io.github.livy4j.apache;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import java.net.URI;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * Reads a large SQL result and a large text output, in a JVM of a small heap, through the
 * blocking or the asynchronous API.
 */
public final class LargeResultChild {
  private LargeResultChild() {}

  /**
   * Reads the results and exits 0, or fails.
   *
   * @param args the server's URI, the SQL result's rows, the text's length, and {@code async}
   *     to read through the asynchronous API
   */
  public static void main(String[] args) {
    try (LivyClient client =
            LivyClient.builder().backend(ApacheLivy.at(URI.create(args[0]))).build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      int rows = Integer.parseInt(args[1]);
      boolean async = args.length > 3 && args[3].equals("async");
      LivyAsyncSession asyncSession = client.async().attach(session.id()).join();
      Function<Code, StatementResult> execute =
          code -> async ? asyncSession.execute(code).join() : session.execute(code);
      Table t = execute.apply(Code.sql("SELECT * FROM big")).table();
      check(t.size() == rows, "rows: " + t.size());
      Table.Row last = t.rows().get(rows - 1);
      check(last.get("id", Long.class) == rows - 1, "id: " + last);
      check(("name-" + (rows - 1)).equals(last.get("name")), "name: " + last);
      check(last.get("amount", Double.class) == (rows - 1) * 1.5, "amount: " + last);
      check(last.get("day", LocalDate.class).getYear() == 2026, "day: " + last);
      String text = execute.apply(Code.scala("print(big)")).text().orElseThrow();
      check(text.length() == Integer.parseInt(args[2]), "text: " + text.length());
      System.out.println("read " + rows + " rows and " + text.length() + " characters");
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
