package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Large statement results through the asynchronous API, whose statement reads hand the answer
 * to the JSON reader as a stream on a worker rather than as one array of bytes.
 */
class AsyncLargeResultTest {
  private static final int ROWS = 20_000;
  private static final int TEXT = 4 << 20;

  @Test
  void largeResults_readAsynchronously_arriveWhole() throws Exception {
    List<List<Object>> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      rows.add(List.of((long) i, "name-" + i));
    }
    StringBuilder text = new StringBuilder(TEXT);
    for (int i = 0; text.length() < TEXT; i++) {
      text.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
    }
    text.setLength(TEXT);
    try (FakeLivy fake =
            FakeLivy.builder()
                .sessionStartup(Duration.ZERO)
                .statementDuration(Duration.ofMillis(50))
                .sqlRowLimit(ROWS + 1)
                .start();
        LivyClient client = LivyClient.builder().backend(ApacheLivy.at(fake.uri())).build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      fake.script("print(big)", FakeResult.text(text.toString()));
      fake.script(
          "SELECT * FROM big",
          FakeResult.sqlTable(List.of("id", "name"), List.of("long", "string"), rows));
      StatementResult printed =
          client
              .async()
              .attach(session.id())
              .thenCompose(s -> s.execute(Code.scala("print(big)")))
              .get(60, TimeUnit.SECONDS);
      assertThat(printed.text())
          .hasValueSatisfying(
              t -> {
                assertThat(t).hasSize(TEXT);
                assertThat(t).isEqualTo(text.toString());
              });
      Table table =
          client
              .async()
              .attach(session.id())
              .thenCompose(s -> s.execute(Code.sql("SELECT * FROM big")))
              .get(60, TimeUnit.SECONDS)
              .table();
      assertThat(table.size()).isEqualTo(ROWS);
      assertThat(table.rows().get(ROWS - 1).get("name")).isEqualTo("name-" + (ROWS - 1));
    }
  }
}
