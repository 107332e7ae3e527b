package io.github.livy4j.samples.basic;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.Table;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.StatementPoller;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A usage example: run it with a Livy base URL as its argument. */
public final class BasicUsage {
  private BasicUsage() {}

  /**
   * Runs the example.
   *
   * @param args the Livy base URL, default {@code http://localhost:8998}
   */
  public static void main(String[] args) {
    URI livy = URI.create(args.length > 0 ? args[0] : "http://localhost:8998");
    try (LivyClient client = LivyClient.builder().backend(ApacheLivy.at(livy)).build();
        LivySession session =
            client.createSession(
                SessionSpec.builder()
                    .kind(CodeKind.SQL)
                    .namePrefix("orders-")
                    .conf("spark.sql.shuffle.partitions", "8")
                    .build())) {

      Table t = session.execute(Code.sql("SELECT id, id * 2 AS twice FROM range(5)")).table();
      for (Table.Row row : t.rows()) {
        long twice = row.getLong("twice");
        System.out.println(row.getLong("id") + " -> " + twice);
      }
      record Pair(long id, long twice) {}
      List<Pair> pairs = t.as(Pair.class);
      System.out.println(pairs);

      StatementPoller p = session.beginExecute(Code.scala("spark.range(1000000).count()"));
      p.addListener(
          r -> System.err.printf("%s %.0f%%%n", r.state(), r.progressValue().orElse(0) * 100));
      System.out.println(p.waitForCompletion(Duration.ofMinutes(30)).text().orElse(""));
    }
  }
}
