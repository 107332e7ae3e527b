package io.github.livy4j.docs;

// tag::usage[]
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

/** A SQL session: typed rows, records, and a statement followed while it runs. */
public class Usage {
  public static void main(String[] args) {
    URI livy = URI.create(args.length > 0 ? args[0] : "http://localhost:8998");
    try (LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(livy))
                .build(); // immutable, thread-safe: share one
        LivySession session =
            client.createSession(
                SessionSpec.builder()
                    .kind(CodeKind.SQL)
                    .namePrefix("orders-") // a unique suffix is added
                    .conf("spark.sql.shuffle.partitions", "8")
                    .build())) { // waits until the session is idle

      Table t = session.execute(Code.sql("SELECT id, id * 2 AS twice FROM range(5)")).table();
      for (Table.Row row : t.rows()) {
        long twice = row.getLong("twice"); // typed by the Spark schema
        System.out.println(row.getLong("id") + " -> " + twice);
      }
      record Pair(long id, long twice) {}
      List<Pair> pairs = t.as(Pair.class); // a record per row, by column name
      System.out.println(pairs);

      StatementPoller p = session.beginExecute(Code.scala("spark.range(1000000).count()"));
      p.addListener(
          r -> System.err.printf("%s %.0f%%%n", r.state(), r.progressValue().orElse(0) * 100));
      System.out.println(p.waitForCompletion(Duration.ofMinutes(30)).text().orElse(""));
    } // close() deletes the remote session
  }
}
// end::usage[]
