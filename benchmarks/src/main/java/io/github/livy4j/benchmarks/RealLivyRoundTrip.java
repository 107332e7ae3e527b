package io.github.livy4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A statement's round trip on a real Livy: {@code SELECT i} through the SDK's
 * {@code execute}, against a bare {@link HttpClient} loop that submits the same statement and
 * polls it every 10 ms, on one SQL session of the same server.
 */
public final class RealLivyRoundTrip {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one run found: round trips in milliseconds. */
  public record Result(
      int statements,
      double sdkMedianMs,
      double sdkMeanMs,
      double bareMedianMs,
      double bareMeanMs,
      double bareRequests) {}

  private RealLivyRoundTrip() {}

  /**
   * Runs.
   *
   * @param endpoint the Livy server
   * @param statements how many statements each way
   * @return what it found
   * @throws Exception if the server fails
   */
  public static Result run(URI endpoint, int statements) throws Exception {
    try (LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(endpoint))
                .deleteSessionsOnShutdown(true)
                .build();
        LivySession session =
            client.createSession(SessionSpec.builder().kind(CodeKind.SQL).build())) {
      for (int i = 0; i < 3; i++) {
        session.execute(Code.sql("SELECT " + i)); // warm up
      }
      List<Double> sdk = new ArrayList<>();
      for (int i = 0; i < statements; i++) {
        long t0 = System.nanoTime();
        session.execute(Code.sql("SELECT " + i));
        sdk.add((System.nanoTime() - t0) / 1e6);
      }
      HttpClient http = HttpClient.newHttpClient();
      String statementsUri = endpoint + "/sessions/" + session.id().value() + "/statements";
      List<Double> bare = new ArrayList<>();
      long requests = 0;
      for (int i = 0; i < statements; i++) {
        long t0 = System.nanoTime();
        JsonNode posted =
            JSON.readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(statementsUri))
                            .header("Content-Type", "application/json")
                            .header("X-Requested-By", "livy4j-benchmarks")
                            .timeout(Duration.ofSeconds(30))
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    "{\"code\":\"SELECT " + i + "\",\"kind\":\"sql\"}"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
        requests++;
        String id = posted.path("id").asText();
        while (true) {
          JsonNode st =
              JSON.readTree(
                  http.send(
                          HttpRequest.newBuilder(URI.create(statementsUri + "/" + id))
                              .timeout(Duration.ofSeconds(30))
                              .GET()
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body());
          requests++;
          if (st.path("state").asText().equals("available")) {
            break;
          }
          Thread.sleep(10);
        }
        bare.add((System.nanoTime() - t0) / 1e6);
      }
      return new Result(
          statements,
          median(sdk),
          mean(sdk),
          median(bare),
          mean(bare),
          requests / (double) statements);
    }
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
