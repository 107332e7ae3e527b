package io.github.livy4j.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample as its users run it: a real server on a port, called over HTTP. */
class SparkPiApplicationTest {
  private final FakeLivy fake = SparkPiApplication.fakeServer();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    fake.close();
  }

  private HttpResponse<String> get(String base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pi_isEstimatedInSpark_andHealthAndMetricsShowLivy_andStoppingDeletesTheSession()
      throws Exception {
    try (ConfigurableApplicationContext app =
        SparkPiApplication.run("--server.port=0", "--livy4j.url=" + fake.uri())) {
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");

      HttpResponse<String> pi = get(base, "/pi?samples=20000");
      assertThat(pi.statusCode()).isEqualTo(200);
      assertThat(pi.body()).contains("\"pi\":3.1", "\"samples\":20000");
      assertThat(get(base, "/pi?samples=30000").body()).contains("\"samples\":30000");
      assertThat(fake.sessionCount()).as("one session shared by the requests").isEqualTo(1);

      HttpResponse<String> bad = get(base, "/pi?samples=-1");
      assertThat(bad.statusCode()).isEqualTo(400);

      int before = fake.requests().size();
      HttpResponse<String> health = get(base, "/actuator/health");
      assertThat(health.body()).contains("\"livy\"", "\"backend\":\"apache\"");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(fake.requests().subList(before, fake.requests().size()))
          .filteredOn(r -> r.path().equals("/sessions"))
          .extracting(RecordedRequest::toString)
          .as("the health check's one request, however many sessions the server has")
          .containsExactly("GET /sessions?from=0&size=1");

      HttpResponse<String> metrics =
          get(base, "/actuator/metrics/livy4j.client.operations?tag=operation:statement.run");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("\"COUNT\"", "\"value\":2.0");
    }
    assertThat(fake.sessionCount()).as("deleted when the application stopped").isZero();
  }
}
