package io.github.livy4j.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.micrometer.LivyMetrics;
import io.github.livy4j.opentelemetry.LivyTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The client's cost per request, with JMH: reading a statement through livy4j (pipeline,
 * token, retries' bookkeeping, parsing into a {@link StatementInfo}) against a bare
 * {@link HttpClient} GET of the same answer read as a string, from a trivial local server;
 * and the same read through a client observed by {@link LivyMetrics} and {@link LivyTracing}
 * (an OpenTelemetry SDK that samples every span and exports none).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class ClientOverhead {
  private static final byte[] SESSION =
      ("{\"id\":1,\"name\":null,\"appId\":null,\"owner\":null,"
              + "\"proxyUser\":null,\"state\":\"idle\",\"kind\":\"spark\",\"appInfo\":{},\"log\":[]}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] STATEMENT =
      ("{\"id\":1,\"code\":\"1 + 1\",\"state\":\"available\","
              + "\"output\":{\"status\":\"ok\",\"execution_count\":1,\"data\":{\"text/plain\":"
              + "\"res1: Int = 2\"}},\"progress\":1.0,\"started\":1700000000000,"
              + "\"completed\":1700000000100}")
          .getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private ExecutorService serverThreads;
  private HttpClient bare;
  private HttpRequest get;
  private LivyClient client;
  private LivySession session;
  private LivyClient observedClient;
  private LivySession observedSession;
  private OpenTelemetrySdk otel;

  /** What one comparison found: microseconds and bytes allocated per request. */
  public record Result(
      double bareUs,
      double sdkUs,
      double bareAllocBytes,
      double sdkAllocBytes,
      double observedUs,
      double observedAllocBytes) {}

  /**
   * Both clients in this JVM, one request at a time, in alternating rounds after a warm-up: the
   * mean time per request and the bytes the calling thread allocated per request (the JDK
   * client's own threads allocate the same for both and are left out).
   *
   * @param requests requests per client per round
   * @param rounds measured rounds
   * @return what it found
   * @throws Exception if the server or a client fails
   */
  public static Result inProcess(int requests, int rounds) throws Exception {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    ClientOverhead o = new ClientOverhead();
    o.start();
    try {
      for (int i = 0; i < requests; i++) { // warm-up
        o.sdk();
        o.bare();
        o.observed();
      }
      long sdkNanos = 0;
      long bareNanos = 0;
      long sdkBytes = 0;
      long bareBytes = 0;
      long observedNanos = 0;
      long observedBytes = 0;
      for (int r = 0; r < rounds; r++) {
        long b0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < requests; i++) {
          o.sdk();
        }
        long t1 = System.nanoTime();
        long b1 = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < requests; i++) {
          o.bare();
        }
        long t2 = System.nanoTime();
        long b2 = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < requests; i++) {
          o.observed();
        }
        observedNanos += System.nanoTime() - t2;
        observedBytes += mx.getCurrentThreadAllocatedBytes() - b2;
        sdkNanos += t1 - t0;
        bareNanos += t2 - t1;
        sdkBytes += b1 - b0;
        bareBytes += b2 - b1;
      }
      double n = (double) requests * rounds;
      return new Result(
          bareNanos / n / 1000.0,
          sdkNanos / n / 1000.0,
          bareBytes / n,
          sdkBytes / n,
          observedNanos / n / 1000.0,
          observedBytes / n);
    } finally {
      o.stop();
    }
  }

  /** Starts the server and both clients. */
  @Setup(Level.Trial)
  public void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestURI().getPath().contains("/statements/") ? STATEMENT : SESSION;
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    // HTTP/1.1 as livy4j speaks to Livy in clear text: the difference measured is the client's own
    bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    get = HttpRequest.newBuilder(URI.create(base + "/sessions/1/statements/1")).GET().build();
    client =
        LivyClient.builder()
            .backend(ApacheLivy.builder(base).serverVersion("0.7.1").build())
            .deleteSessionsOnShutdown(false)
            .build();
    session = client.attach(SessionId.of(1));
    otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    observedClient =
        LivyClient.builder()
            .backend(ApacheLivy.builder(base).serverVersion("0.7.1").build())
            .observer(LivyMetrics.of(new SimpleMeterRegistry()))
            .observer(LivyTracing.create(otel))
            .deleteSessionsOnShutdown(false)
            .build();
    observedSession = observedClient.attach(SessionId.of(1));
  }

  /** Stops them. */
  @TearDown(Level.Trial)
  public void stop() {
    session.detach();
    client.close();
    observedSession.detach();
    observedClient.close();
    otel.close();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  /** @return the statement read through livy4j */
  @Benchmark
  public StatementInfo sdk() {
    return session.statement(StatementId.of(1));
  }

  /** @return the statement read through livy4j with metrics and tracing */
  @Benchmark
  public StatementInfo observed() {
    return observedSession.statement(StatementId.of(1));
  }

  /** @return the same answer read with a bare client */
  @Benchmark
  public String bare() throws Exception {
    return bare.send(get, HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * Runs both with JMH in a forked JVM, with the GC profiler for allocations.
   *
   * @return what it found
   * @throws Exception if JMH fails
   */
  public static Result run() throws Exception {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(ClientOverhead.class.getName())
                    .addProfiler("gc")
                    .build())
            .run();
    double bareUs = 0;
    double sdkUs = 0;
    double bareAlloc = 0;
    double sdkAlloc = 0;
    double observedUs = 0;
    double observedAlloc = 0;
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double us = r.getPrimaryResult().getScore();
      double alloc = r.getSecondaryResults().get("gc.alloc.rate.norm").getScore();
      if (name.endsWith(".sdk")) {
        sdkUs = us;
        sdkAlloc = alloc;
      } else if (name.endsWith(".observed")) {
        observedUs = us;
        observedAlloc = alloc;
      } else {
        bareUs = us;
        bareAlloc = alloc;
      }
    }
    return new Result(bareUs, sdkUs, bareAlloc, sdkAlloc, observedUs, observedAlloc);
  }
}
