package io.github.livy4j.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.TestTime;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.internal.polling.Scheduler;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.BackendResponse;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The transport at its limits, sending both ways: answers that never come or stall mid-body,
 * the wait's deadline, the client closing under a request, interrupts, and the bound on
 * requests in flight.
 */
class HttpTransportLimitsTest {
  @RegisterExtension
  final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private static final RetryOptions RETRY =
      new RetryOptions(
          3,
          Backoff.exponential(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.0),
          Duration.ofSeconds(30));

  /** The most a test waits for a send that should end at once. */
  private static final long PATIENCE_SECONDS = 20;

  private final TestTime time = new TestTime();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ExecutorService callers = Executors.newCachedThreadPool();

  /** How a test sends. */
  enum Mode {
    BLOCKING {
      @Override
      BackendResponse send(Transport t, BackendRequest r) {
        return t.send(r);
      }
    },
    ASYNC {
      @Override
      BackendResponse send(Transport t, BackendRequest r) {
        return Futures.join(t.sendAsync(r).orTimeout(PATIENCE_SECONDS, TimeUnit.SECONDS));
      }
    };

    abstract BackendResponse send(Transport t, BackendRequest r);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    callers.shutdownNow();
  }

  private HttpTransport transport(
      RetryOptions retry, Duration timeout, int maxConnections, Sleeper sleeper) {
    return transport(HttpClient.newHttpClient(), retry, timeout, maxConnections, sleeper);
  }

  private HttpTransport transport(
      HttpClient http, RetryOptions retry, Duration timeout, int maxConnections, Sleeper sleeper) {
    Scheduler scheduler = new Scheduler(sleeper);
    HttpTransport t =
        new HttpTransport(
            TransportOptions.builder(http, () -> scheduler)
                .requestTimeout(timeout)
                .userAgent("livy4j/test")
                .tokens(TokenProviders.none())
                .retry(retry)
                .clock(time)
                .sleeper(sleeper)
                .random(() -> 0.5)
                .maxConnections(maxConnections)
                .build());
    closing.add(scheduler);
    closing.add(t::close);
    return t;
  }

  private HttpTransport transport(RetryOptions retry, Duration timeout) {
    return transport(retry, timeout, 8, time);
  }

  private StallingServer server(StallingServer s) {
    closing.add(s);
    return s;
  }

  private URI uri(String path) {
    return URI.create(wm.baseUrl() + path);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anAnswerStallingMidBody_isCutAtTheRequestTimeout_andItsConnectionAborted(Mode mode)
      throws Exception {
    StallingServer server = server(StallingServer.stallingMidBody());
    HttpTransport t =
        transport(
            server.warm(HttpClient.newHttpClient()),
            RetryOptions.none(),
            Duration.ofMillis(500),
            8,
            time);
    URI slow = server.uri("/sessions/1");
    Throwable thrown = catchThrowable(() -> mode.send(t, BackendRequest.get(slow)));
    assertThat(thrown)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e).hasMessage("No answer within 500 ms for GET " + slow);
              assertThat(e.outcomeUnknown()).isFalse();
            });
    server.awaitAbandoned();
    // the cut came from the transport's own timer: not an interrupt of the caller's
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void noAnswerBeforeTheDeadline_isTheDeadlinesFailure_notTheRequestTimeouts(Mode mode)
      throws Exception {
    StallingServer server = server(StallingServer.silent());
    HttpTransport t =
        transport(server.warm(HttpClient.newHttpClient()), RETRY, Duration.ofSeconds(5), 8, time);
    URI silent = server.uri("/sessions");
    Throwable read =
        catchThrowable(
            () ->
                mode.send(
                    t.in(CallScope.until(time.instant().plusMillis(500))),
                    BackendRequest.get(silent)));
    assertThat(read)
        .isInstanceOfSatisfying(
            DeadlineExceededException.class,
            e -> {
              assertThat(e)
                  .hasMessage("No answer for GET " + silent + " before the wait's deadline");
              assertThat(e.outcomeUnknown()).isFalse();
            });
    Throwable create =
        catchThrowable(
            () ->
                mode.send(
                    t.in(CallScope.until(time.instant().plusMillis(500))),
                    BackendRequest.post(silent, "{}", false)));
    assertThat(create)
        .isInstanceOfSatisfying(
            DeadlineExceededException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(time.sleeps()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void closing_endsARequestInFlight_andSendsNoMore(Mode mode) throws Exception {
    StallingServer server = server(StallingServer.silent());
    HttpTransport t = transport(RETRY, Duration.ofSeconds(30));
    URI sessions = server.uri("/sessions");
    CompletableFuture<BackendResponse> inFlight =
        CompletableFuture.supplyAsync(
            () -> mode.send(t, BackendRequest.post(sessions, "{}", false)), callers);
    server.awaitRequest();
    t.close();
    Throwable thrown = catchThrowable(() -> inFlight.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
    assertThat(Futures.unwrap(thrown))
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e).hasMessage("The LivyClient was closed during POST " + sessions);
              assertThat(e.outcomeUnknown()).isTrue();
            });
    server.awaitAbandoned();

    Throwable after = catchThrowable(() -> mode.send(t, BackendRequest.get(sessions)));
    assertThat(after)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e).hasMessage("The LivyClient was closed: not sending GET " + sessions);
              assertThat(e.outcomeUnknown()).isFalse();
            });
    assertThat(time.sleeps()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aPauseCutShort_failsWithTheAttemptsFailure(Mode mode) {
    wm.stubFor(get("/s").willReturn(aResponse().withStatus(503).withBody("\"busy\"")));
    HttpTransport t =
        transport(
            RETRY,
            Duration.ofSeconds(5),
            8,
            d -> {
              throw new InterruptedException();
            });
    Throwable thrown = catchThrowable(() -> mode.send(t, BackendRequest.get(uri("/s"))));
    boolean interrupted = Thread.interrupted();
    assertThat(thrown)
        .isInstanceOfSatisfying(
            LivyServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    wm.verify(1, getRequestedFor(urlEqualTo("/s")));
    if (mode == Mode.BLOCKING) {
      // the caller's own pause was interrupted: it hears of it
      assertThat(interrupted).isTrue();
      assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(InterruptedException.class);
    } else {
      assertThat(interrupted).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyFailure_handsItsConnectionBack(Mode mode) {
    wm.stubFor(post("/lost").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    wm.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("{}")));
    HttpTransport t = transport(RETRY, Duration.ofSeconds(5), 1, time);
    // a lost answer, then a request refused before it is sent, each while holding the one
    // connection allowed
    assertThat(catchThrowable(() -> mode.send(t, BackendRequest.post(uri("/lost"), "{}", false))))
        .isInstanceOf(LivyClientException.class)
        .hasMessageStartingWith("Connection failed during POST " + uri("/lost") + ": ")
        .hasMessageMatching(".*: [A-Za-z]*Exception \\(.+\\)");
    assertThat(
            catchThrowable(
                () ->
                    mode.send(
                        t.in(CallScope.until(time.instant())), BackendRequest.get(uri("/ok")))))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage("The wait's deadline passed before GET " + uri("/ok"));
    BackendResponse ok =
        mode.send(
            t.in(CallScope.until(time.instant().plusSeconds(5))), BackendRequest.get(uri("/ok")));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(mode.send(t, BackendRequest.get(uri("/ok"))).statusCode()).isEqualTo(200);
  }

  @Test
  void blockingSend_waitsForAFreeConnection_onlyUntilTheDeadline() throws Exception {
    StallingServer server = server(StallingServer.silent());
    HttpTransport t = transport(RETRY, Duration.ofSeconds(30), 1, time);
    URI sessions = server.uri("/sessions");
    CompletableFuture<BackendResponse> holding =
        CompletableFuture.supplyAsync(() -> t.send(BackendRequest.get(sessions)), callers);
    server.awaitRequest();
    Throwable thrown =
        catchThrowable(
            () ->
                t.in(CallScope.until(time.instant().plusMillis(100)))
                    .send(BackendRequest.get(sessions)));
    assertThat(thrown)
        .isInstanceOfSatisfying(
            DeadlineExceededException.class,
            e -> {
              assertThat(e)
                  .hasMessage(
                      "No connection was free for GET " + sessions + " before the wait's deadline");
              assertThat(e.outcomeUnknown()).isFalse();
            });
    // giving up left the one connection with the request that holds it
    assertThat(
            catchThrowable(
                () ->
                    t.in(CallScope.until(time.instant().plusMillis(50)))
                        .send(BackendRequest.get(sessions))))
        .hasMessageStartingWith("No connection");

    // without a deadline a request waits as long as it takes, and gets the connection
    CompletableFuture<BackendResponse> waiting = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                waiting.complete(t.send(BackendRequest.get(sessions)));
              } catch (RuntimeException e) {
                waiting.completeExceptionally(e);
              }
            },
            "waiting-for-a-connection");
    waiter.start();
    while (waiter.getState() != Thread.State.WAITING && !waiting.isDone()) {
      Thread.onSpinWait();
    }
    assertThat(holding).isNotDone();
    t.close();
    assertThat(catchThrowable(() -> holding.get(PATIENCE_SECONDS, TimeUnit.SECONDS)))
        .hasCauseInstanceOf(LivyClientException.class);
    // it got the connection once the holder was done, only to find the client closed
    assertThat(catchThrowable(() -> waiting.get(PATIENCE_SECONDS, TimeUnit.SECONDS)))
        .cause()
        .hasMessage("The LivyClient was closed: not sending GET " + sessions);
  }

  @Test
  void blockingSend_interrupted_failsWithAnUnknownOutcome_andKeepsTheInterrupt() throws Exception {
    StallingServer server = server(StallingServer.silent());
    HttpTransport t = transport(RETRY, Duration.ofSeconds(30));
    URI sessions = server.uri("/sessions");
    Thread.currentThread().interrupt();
    Throwable thrown = catchThrowable(() -> t.send(BackendRequest.post(sessions, "{}", false)));
    boolean interrupted = Thread.interrupted();
    assertThat(interrupted).isTrue();
    assertThat(thrown)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e).hasMessage("Interrupted during POST " + sessions);
              assertThat(e.outcomeUnknown()).isTrue();
              assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
            });
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void asyncSend_withItsThreadsGone_stillAnswers_butCannotWaitToRetry() {
    wm.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("{}")));
    wm.stubFor(get("/busy").willReturn(aResponse().withStatus(503).withBody("\"busy\"")));
    Scheduler closed = new Scheduler(time);
    closed.close();
    HttpTransport t =
        new HttpTransport(
            TransportOptions.builder(HttpClient.newHttpClient(), () -> closed)
                .requestTimeout(Duration.ofSeconds(5))
                .userAgent("livy4j/test")
                .retry(RETRY)
                .clock(time)
                .sleeper(time)
                .random(() -> 0.5)
                .maxConnections(8)
                .build());
    closing.add(t::close);
    assertThat(Mode.ASYNC.send(t, BackendRequest.get(uri("/ok"))).bodyText()).isEqualTo("{}");
    Throwable thrown = catchThrowable(() -> Mode.ASYNC.send(t, BackendRequest.get(uri("/busy"))));
    assertThat(thrown)
        .isInstanceOfSatisfying(
            LivyServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(503);
              assertThat(e.getSuppressed())
                  .singleElement()
                  .isInstanceOf(RejectedExecutionException.class);
            });
    wm.verify(1, getRequestedFor(urlEqualTo("/busy")));
  }

  @Test
  void theTimeoutThread_neverKeepsTheJvmAlive() {
    wm.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("{}")));
    HttpTransport t = transport(RETRY, Duration.ofSeconds(5));
    t.send(BackendRequest.get(uri("/ok")));
    List<Thread> timers =
        Thread.getAllStackTraces().keySet().stream()
            .filter(th -> th.getName().equals("livy4j-http-timeout"))
            .toList();
    assertThat(timers).isNotEmpty().allMatch(Thread::isDaemon);
  }
}
