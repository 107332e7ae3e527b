package io.github.livy4j.docs;

// tag::first-program[]
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.Table;
import io.github.livy4j.apache.ApacheLivy;
import java.net.URI;

/** Runs one Spark SQL query on a Livy server and prints its rows. */
public class FirstProgram {
  public static void main(String[] args) {
    URI livy = URI.create(args.length > 0 ? args[0] : "http://localhost:8998");
    // one client per application: immutable and thread-safe
    try (LivyClient client = LivyClient.builder().backend(ApacheLivy.at(livy)).build();
        // starts a Spark session on the server and waits until it is idle
        LivySession session =
            client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
      Table table = session.execute("SELECT id, id * 2 AS twice FROM range(5)").table();
      for (Table.Row row : table.rows()) {
        System.out.println(row.getLong("id") + " -> " + row.getLong("twice"));
      }
    } // close() deletes the session on the server, also when the query fails
  }
}
// end::first-program[]
