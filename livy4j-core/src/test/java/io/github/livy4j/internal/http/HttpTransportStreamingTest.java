package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.TestTime;
import io.github.livy4j.internal.polling.Scheduler;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous read hands a successful answer's body to its reader as it arrives, on one
 * of the client's workers, and ends the read at the request's timeout, the deadline current
 * when it started, or the transport's close.
 */
class HttpTransportStreamingTest {
  private static final long PATIENCE_SECONDS = 20;

  private final TestTime time = new TestTime();
  private final Scheduler scheduler = new Scheduler(time);
  private StallingServer server;
  private HttpTransport transport;

  @AfterEach
  void close() throws Exception {
    if (transport != null) {
      transport.close();
    }
    if (server != null) {
      server.close();
    }
    scheduler.close();
  }

  private HttpTransport transport(Duration timeout) throws Exception {
    server = StallingServer.stallingMidBody();
    transport =
        new HttpTransport(
            TransportOptions.builder(server.warm(HttpClient.newHttpClient()), () -> scheduler)
                .requestTimeout(timeout)
                .userAgent("livy4j/test")
                .retry(RetryOptions.none())
                .clock(time)
                .sleeper(time)
                .random(() -> 0.5)
                .maxConnections(8)
                .build());
    return transport;
  }

  /**
   * Reads the start of the body the server sends (it sends no more), tells what it read and
   * where, then waits for the rest.
   */
  private static CompletableFuture<String> readStalling(
      Transport t, URI uri, CompletableFuture<String> firstBytes) {
    return t.readAsync(
        BackendRequest.get(uri),
        body -> {
          String start = new String(body.readNBytes(6), StandardCharsets.US_ASCII);
          firstBytes.complete(start + " on " + Thread.currentThread().getName());
          body.readAllBytes();
          return "whole";
        });
  }

  @Test
  void theBody_isReadAsItArrives_onAWorker_andClosedAtTheRequestTimeout() throws Exception {
    HttpTransport t = transport(Duration.ofMillis(500));
    URI uri = server.uri("/sessions/1/statements/0");
    CompletableFuture<String> firstBytes = new CompletableFuture<>();
    CompletableFuture<String> read = readStalling(t, uri, firstBytes);
    // the body never comes whole: a reader given it only once it has would never see it
    assertThat(firstBytes.get(PATIENCE_SECONDS, TimeUnit.SECONDS))
        .startsWith("{\"id\": on ")
        .contains("livy4j-worker-");
    Throwable thrown =
        catchThrowable(() -> Futures.join(read.orTimeout(PATIENCE_SECONDS, TimeUnit.SECONDS)));
    assertThat(thrown)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e).hasMessage("No answer within 500 ms for GET " + uri);
              assertThat(e.outcomeUnknown()).isFalse();
            });
    server.awaitAbandoned();
  }

  @Test
  void theDeadlineOfTheCall_endsTheRead() throws Exception {
    HttpTransport t = transport(Duration.ofSeconds(30));
    URI uri = server.uri("/sessions/1/statements/0");
    CompletableFuture<String> firstBytes = new CompletableFuture<>();
    CompletableFuture<String> read =
        readStalling(t.in(CallScope.until(time.instant().plusMillis(500))), uri, firstBytes);
    firstBytes.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    Throwable thrown =
        catchThrowable(() -> Futures.join(read.orTimeout(PATIENCE_SECONDS, TimeUnit.SECONDS)));
    assertThat(thrown)
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage("No answer for GET " + uri + " before the wait's deadline");
  }

  @Test
  void closing_endsARead_inProgress() throws Exception {
    HttpTransport t = transport(Duration.ofSeconds(30));
    URI uri = server.uri("/sessions/1/statements/0");
    CompletableFuture<String> firstBytes = new CompletableFuture<>();
    CompletableFuture<String> read = readStalling(t, uri, firstBytes);
    firstBytes.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    t.close();
    Throwable thrown =
        catchThrowable(() -> Futures.join(read.orTimeout(PATIENCE_SECONDS, TimeUnit.SECONDS)));
    assertThat(thrown)
        .isInstanceOf(LivyClientException.class)
        .hasMessage("The LivyClient was closed during GET " + uri);
    server.awaitAbandoned();
  }
}
