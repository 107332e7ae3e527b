package io.github.livy4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.VirtualTime;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * livy4j under the OpenTelemetry Java agent itself, in a JVM of its own: the agent's JDK
 * {@code HttpClient} instrumentation adds no span beside livy4j's, and the server sees
 * livy4j's {@code traceparent}.
 */
class LivyTracingUnderJavaAgentTest {

  /**
   * What runs under the agent: statements through the blocking and the asynchronous API, with a
   * retried request, under a caller's span.
   */
  public static final class UnderAgent {
    public static void main(String[] args) throws Exception {
      VirtualTime time = VirtualTime.create();
      try (FakeLivy fake =
          FakeLivy.builder()
              .time(time)
              .sessionStartup(Duration.ofSeconds(3))
              .statementDuration(Duration.ofSeconds(2))
              .start()) {
        fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
        fake.inject(Fault.on("GET", "/sessions/[^/]+").respond(503, "{\"msg\":\"busy\"}"));
        Span job = GlobalOpenTelemetry.getTracer("test").spanBuilder("job").startSpan();
        try (Scope s = job.makeCurrent();
            LivyClient client =
                LivyClient.builder()
                    .backend(ApacheLivy.at(fake.uri()))
                    .clock(time.clock())
                    .sleeper(time.sleeper())
                    .deleteSessionsOnShutdown(false)
                    .polling(PollingOptions.builder().timeout(Duration.ofMinutes(2)).build())
                    .observer(LivyTracing.create(GlobalOpenTelemetry.get()))
                    .build();
            LivySession session = client.createSession(SessionSpec.defaults())) {
          session.execute(Code.scala("1 + 1"));
          // and asynchronously: sendAsync hands the request over inside the attempt's context
          try (LivyAsyncSession async =
              client
                  .async()
                  .createSession(SessionSpec.defaults())
                  .get(60, java.util.concurrent.TimeUnit.SECONDS)) {
            async.execute(Code.scala("1 + 1")).get(60, java.util.concurrent.TimeUnit.SECONDS);
          }
        } finally {
          job.end();
        }
        StringBuilder out = new StringBuilder();
        fake.requests()
            .forEach(
                r ->
                    out.append("RECEIVED ")
                        .append(r.method())
                        .append(' ')
                        .append(r.header("traceparent").orElse("-"))
                        .append('\n'));
        Files.writeString(Path.of(args[0]), out.toString());
      }
    }
  }

  @Test
  void underTheAgent_eachRequestIsOneLivy4jClientSpan_andTheServerSeesIt(@TempDir Path dir)
      throws Exception {
    String agent = System.getProperty("livy4j.otelAgent");
    assertThat(agent).as("the build copies the agent").isNotBlank();
    assertThat(Path.of(agent)).exists();
    Set<String> path = new LinkedHashSet<>();
    for (String p : List.of("jdk.module.path", "java.class.path")) {
      String v = System.getProperty(p);
      if (v != null && !v.isBlank()) {
        path.addAll(List.of(v.split(File.pathSeparator)));
      }
    }
    Path received = dir.resolve("received.txt");
    Path log = dir.resolve("agent.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-javaagent:" + agent);
    cmd.add("-Dotel.service.name=livy4j-agent-test");
    cmd.add("-Dotel.traces.exporter=experimental-otlp/stdout");
    cmd.add("-Dotel.metrics.exporter=none");
    cmd.add("-Dotel.logs.exporter=none");
    cmd.add("-Dotel.javaagent.logging=none");
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, path));
    cmd.add(UnderAgent.class.getName());
    cmd.add(received.toString());
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the JVM under the agent ends").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> spans = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.startsWith("{\"resourceSpans\"")) {
        continue;
      }
      for (JsonNode resourceSpans : json.readTree(line).path("resourceSpans")) {
        for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
          String scope = scopeSpans.path("scope").path("name").asText();
          for (JsonNode span : scopeSpans.path("spans")) {
            ((ObjectNode) span).put("scope", scope);
            spans.add(span);
          }
        }
      }
    }
    assertThat(spans).as(output).isNotEmpty();
    List<JsonNode> clients = spans.stream().filter(s -> s.path("kind").asInt() == 3).toList();
    List<String> sent =
        Files.readAllLines(received).stream()
            .map(l -> l.substring(l.lastIndexOf(' ') + 1))
            .toList();
    String traceId =
        spans.stream()
            .filter(s -> s.path("name").asText().equals("job"))
            .findFirst()
            .orElseThrow()
            .path("traceId")
            .asText();
    long pollEvents =
        spans.stream()
            .flatMap(
                x -> java.util.stream.StreamSupport.stream(x.path("events").spliterator(), false))
            .filter(e -> e.path("name").asText().equals("livy4j.poll"))
            .count();
    assertThat(clients)
        .as("no client span but livy4j's: %s", output)
        .isNotEmpty()
        .allSatisfy(
            c -> assertThat(c.path("scope").asText()).isEqualTo(LivyTracing.INSTRUMENTATION_NAME))
        .allSatisfy(c -> assertThat(c.path("traceId").asText()).isEqualTo(traceId));
    assertThat(clients.size() + pollEvents)
        .as("a client span or a poll event per request")
        .isEqualTo(sent.size());
    List<String> livy4jSpans =
        spans.stream()
            .filter(x -> x.path("scope").asText().equals(LivyTracing.INSTRUMENTATION_NAME))
            .map(x -> "00-" + x.path("traceId").asText() + "-" + x.path("spanId").asText())
            .toList();
    assertThat(sent)
        .as("each request names a livy4j span as its parent")
        .allSatisfy(t -> assertThat(t.substring(0, t.length() - 3)).isIn(livy4jSpans));
  }
}
