package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionState;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.PollingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Batches on a real Apache Livy, running Livy's own test application. */
class RealLivyBatchTest {
  static LocalLivy server;

  @RegisterExtension
  static final BeforeAllCallback START =
      (ExtensionContext context) -> server = LocalLivy.get(context);

  private LivyClient client;

  @BeforeEach
  void client() {
    client =
        LivyClient.builder()
            .backend(ApacheLivy.at(server.uri()))
            .polling(PollingOptions.builder().timeout(Duration.ofMinutes(3)).build())
            .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void simpleSparkApp_runsToSuccess_andWritesItsOutput(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("batch-out");
    BatchPoller batch =
        client.submitBatch(
            BatchSpec.builder("file://" + server.testAppsJar())
                .className("org.apache.livy.test.apps.SimpleSparkApp")
                .args(List.of("file://" + out))
                .namePrefix("it-batch-")
                .build());
    SessionInfo done = batch.waitForCompletion();
    assertThat(done.state()).isEqualTo(SessionState.SUCCESS);
    StringBuilder words = new StringBuilder();
    try (Stream<Path> parts = Files.list(out)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        words.append(Files.readString(part));
      }
    }
    assertThat(words.toString()).contains("(quick,5)", "(jumped,6)", "(the,3)");
    assertThat(batch.log(50)).isNotEmpty();
    assertThat(client.listBatches())
        .extracting(i -> i.id().value())
        .contains(batch.batchId().value());
    batch.delete();
    assertThatThrownBy(() -> client.attachBatch(batch.batchId()))
        .isInstanceOfSatisfying(
            LivyServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void batchWithAMissingClass_endsDead_withTheReason() throws Exception {
    BatchPoller batch =
        client.submitBatch(
            BatchSpec.builder("file://" + server.testAppsJar()).className("no.such.Clazz").build());
    try {
      assertThatThrownBy(batch::waitForCompletion)
          .isInstanceOfSatisfying(
              SessionFailedException.class,
              e -> {
                assertThat(e.state()).isEqualTo(SessionState.DEAD);
                assertThat(e).hasMessageContaining("no.such.Clazz");
              });
    } finally {
      batch.delete();
    }
  }

  @Test
  void batchWithoutAWhitelistedFile_isRefused() {
    assertThatThrownBy(() -> client.submitBatch(BatchSpec.builder("file:///etc/passwd").build()))
        .isInstanceOfSatisfying(
            LivyServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e).hasMessageContaining("cannot be added to user sessions");
            });
  }
}
