package io.github.livy4j.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fabric pages statement output by bytes; the client reads it whole. */
class FabricOutputPagingTest {

  private final VirtualTime time = VirtualTime.create();
  private FakeLivy fake;

  @BeforeEach
  void start() {
    fake = FakeLivy.builder().fabric().time(time).start();
  }

  @AfterEach
  void stop() {
    try {
      assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
    } finally {
      fake.close();
    }
  }

  private LivyClient client(FabricLivy.Builder backend) {
    return FabricTestLakehouse.client(fake, time, backend);
  }

  private List<RecordedRequest> statementReads() {
    return fake.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().endsWith("/statements/0"))
        .toList();
  }

  /** Text whose characters take 1, 2, 3 and 4 bytes, so pages end inside characters. */
  private static String mixedText(int repeats) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < repeats; i++) {
      b.append("line ").append(i).append(": caf\u00e9 \u20ac \uD83D\uDE00\n");
    }
    return b.toString();
  }

  @Test
  void largeOutput_isReadPageByPage_andHandedOutWhole() {
    String big = mixedText(400);
    int bytes = big.getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).isGreaterThan(5 * 1024);
    fake.script("print(big)", FakeResult.text(big));
    try (LivyClient client = client(FabricTestLakehouse.backend().outputPageSize(1024));
        LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.execute(Code.pyspark("print(big)")).text()).contains(big);
      assertThat(
              s.statement(io.github.livy4j.StatementId.of(0))
                  .output()
                  .orElseThrow()
                  .data()
                  .get("text/plain"))
          .hasSizeGreaterThan(big.length());
    }
    List<RecordedRequest> reads = statementReads();
    assertThat(reads).allSatisfy(r -> assertThat(r.query()).contains("size=1024"));
    assertThat(reads.stream().filter(r -> !r.query().startsWith("from=0&")).count())
        .as("pages after the first")
        .isGreaterThanOrEqualTo(bytes / 1024);
  }

  @Test
  void smallOutput_takesItsReadAndOneLookPastItsEnd() {
    fake.script("1 + 1", FakeResult.text("2"));
    try (LivyClient client = client(FabricTestLakehouse.backend());
        LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.execute(Code.pyspark("1 + 1")).text()).contains("2");
    }
    // polls without output read once; the output's page is followed by one empty page
    assertThat(statementReads())
        .extracting(RecordedRequest::query)
        .allMatch(
            q ->
                q.equals("from=0&size=" + FabricLivy.DEFAULT_OUTPUT_PAGE_SIZE)
                    || q.equals("from=1&size=" + FabricLivy.DEFAULT_OUTPUT_PAGE_SIZE))
        .filteredOn(q -> q.startsWith("from=1&"))
        .hasSize(1);
  }

  @Test
  void outputLargerThanTheLimit_failsNamingTheLimit() {
    fake.script("print(big)", FakeResult.text("x".repeat(10_000)));
    try (LivyClient client =
            client(FabricTestLakehouse.backend().outputPageSize(1024).maxOutputSize(4096));
        LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThatThrownBy(() -> s.execute(Code.pyspark("print(big)")))
          .isInstanceOf(LivyClientException.class)
          .hasMessageContaining("maxOutputSize")
          .hasMessageContaining("4096");
    }
  }

  @Test
  void pageSizes_areValidated() {
    FabricLivy.Builder b = FabricTestLakehouse.backend();
    assertThatThrownBy(() -> b.outputPageSize(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputPageSize");
    assertThatThrownBy(() -> b.maxOutputSize(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxOutputSize");
    assertThatThrownBy(
            () -> FabricTestLakehouse.backend().outputPageSize(8192).maxOutputSize(4096).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not exceed");
  }

  @Test
  void tags_areSentForSessionsAndBatches_andApacheRejectsThem() {
    try (LivyClient client = client(FabricTestLakehouse.backend());
        LivySession s = client.createSession(SessionSpec.builder().tag("team", "sales").build())) {
      assertThat(
              fake.requests().stream()
                  .filter(r -> r.method().equals("POST"))
                  .findFirst()
                  .orElseThrow()
                  .body())
          .contains("\"tags\":{\"team\":\"sales\"}");
    }
    try (FakeLivy apache = FakeLivy.builder().time(time).start();
        LivyClient c =
            LivyClient.builder()
                .backend(io.github.livy4j.apache.ApacheLivy.at(apache.uri()))
                .clock(time.clock())
                .sleeper(time.sleeper())
                .deleteSessionsOnShutdown(false)
                .build()) {
      assertThatThrownBy(() -> c.createSession(SessionSpec.builder().tag("a", "b").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tags");
      assertThatThrownBy(
              () ->
                  c.submitBatch(io.github.livy4j.BatchSpec.builder("x.jar").tag("a", "b").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tags");
      assertThat(apache.requests()).noneMatch(r -> r.method().equals("POST"));
    }
  }
}
