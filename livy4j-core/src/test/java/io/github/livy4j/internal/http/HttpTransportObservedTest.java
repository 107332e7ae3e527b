package io.github.livy4j.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.NoSecretLeaks;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.TestTime;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.internal.polling.Scheduler;
import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.OperationObserver;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.BackendResponse;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.Transport;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the transport tells a client's observers: an operation of its own for a request sent
 * outside any, each attempt with how it ended and what comes next, new tokens and a token
 * provider's failures; and the headers observers add.
 */
class HttpTransportObservedTest {
  @RegisterExtension
  final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private static final String TOKEN = NoSecretLeaks.secret("observed-token-value-1");
  private static final String RENEWED = NoSecretLeaks.secret("observed-token-value-2");
  private static final RetryOptions RETRY =
      new RetryOptions(
          3,
          Backoff.exponential(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.0),
          Duration.ofSeconds(30));

  private final TestTime time = new TestTime();
  private final Scheduler scheduler = new Scheduler(time);
  private final Recorder recorder = new Recorder();
  private final Observers observers = new Observers(List.of(recorder), "livy", false);
  private final Tokens tokens = new Tokens();

  private final HttpTransport transport =
      new HttpTransport(
          TransportOptions.builder(HttpClient.newHttpClient(), () -> scheduler)
              .requestTimeout(Duration.ofSeconds(5))
              .userAgent("livy4j/test")
              .tokens(tokens)
              .retry(RETRY)
              .clock(time)
              .sleeper(time)
              .random(() -> 0.5)
              .maxConnections(8)
              .observers(observers)
              .build());

  @AfterEach
  void close() {
    transport.close();
    scheduler.close();
  }

  /** Hands out {@link #TOKEN}, {@link #RENEWED} once renewed; can be made to fail. */
  static final class Tokens implements TokenProvider {
    volatile String current = TOKEN;
    volatile RuntimeException failure;
    final AtomicInteger refreshes = new AtomicInteger();

    @Override
    public Optional<AccessToken> getToken() {
      if (failure != null) {
        throw failure;
      }
      return Optional.of(AccessToken.of(current, Instant.MAX));
    }

    @Override
    public Optional<AccessToken> refresh(AccessToken rejected) {
      refreshes.incrementAndGet();
      current = RENEWED;
      return getToken();
    }
  }

  /** Writes down what it is told, as lines, and adds the headers it is asked to. */
  static final class Recorder implements LivyObserver {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Throwable> ends = new CopyOnWriteArrayList<>();
    final List<Throwable> tokenFailures = new CopyOnWriteArrayList<>();
    final Semaphore ended = new Semaphore(0);
    volatile BiConsumer<String, String> headers;
    volatile String name = "traceparent";
    volatile String value = "00-trace-span-01";

    /** Runs as each attempt starts, after its timeout is set. */
    volatile Runnable onAttempt = () -> {};

    @Override
    public OperationObserver operationStarted(LivyOperation op) {
      events.add("start " + op.name() + (op.background() ? " in the background" : ""));
      return new OperationObserver() {
        @Override
        public ExchangeObserver exchangeStarted(HttpExchange x, BiConsumer<String, String> add) {
          events.add(
              x.method()
                  + " "
                  + x.url()
                  + " as "
                  + x.urlTemplate()
                  + " #"
                  + x.attempt()
                  + (x.idempotent() ? "" : " once"));
          onAttempt.run();
          try {
            add.accept(name, value);
          } catch (RuntimeException e) {
            events.add("header refused: " + e.getClass().getSimpleName());
          }
          return r -> {
            events.add(
                r.status().orElse(0)
                    + " "
                    + r.failure().map(f -> f.getClass().getSimpleName()).orElse("ok")
                    + (r.retried() ? " retry in " + r.retryDelay().toMillis() : "")
                    + " within "
                    + op.name()
                    + (sane(r.duration()) ? "" : " taking " + r.duration()));
          };
        }

        @Override
        public void ended(Throwable failure) {
          events.add("end " + op.name());
          ends.add(failure == null ? new NoFailure() : failure);
          ended.release();
        }
      };
    }

    /** Waits until an operation has ended: an asynchronous send may end it after answering. */
    void awaitEnd() throws InterruptedException {
      assertThat(ended.tryAcquire(20, TimeUnit.SECONDS)).as("an operation ended").isTrue();
    }

    @Override
    public void tokenRefreshed(boolean afterRejection, Duration took) {
      events.add(
          "new token"
              + (afterRejection ? " after a rejection" : "")
              + (sane(took) ? "" : " taking " + took));
    }

    @Override
    public void tokenFailed(Throwable failure) {
      tokenFailures.add(failure);
    }
  }

  /** Whether a measured time is one a local exchange can take: not negative, under an hour. */
  static boolean sane(Duration d) {
    return !d.isNegative() && d.compareTo(Duration.ofHours(1)) < 0;
  }

  /** What {@link Recorder#ends} holds for an operation that succeeded. */
  static final class NoFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private BackendResponse send(boolean async, BackendRequest request) {
    return send(transport, async, request);
  }

  private static BackendResponse send(Transport t, boolean async, BackendRequest request) {
    return async
        ? Futures.join(t.sendAsync(request).orTimeout(20, TimeUnit.SECONDS))
        : t.send(request);
  }

  private URI uri(String path) {
    return URI.create(wm.baseUrl() + path);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anAttemptRefusedBeforeItIsSent_isStillEnded_forEveryObserver(boolean async)
      throws Exception {
    // credentials over plain HTTP to another host are refused as the request is built, after
    // the observers heard the attempt begin: they hear it end too, blocking or not
    HttpTransport refusing =
        new HttpTransport(
            TransportOptions.builder(HttpClient.newHttpClient(), () -> scheduler)
                .requestTimeout(Duration.ofSeconds(5))
                .tokens(tokens)
                .retry(RETRY)
                .clock(time)
                .sleeper(time)
                .refusePlainHttpCredentials(true)
                .observers(observers)
                .build());
    try {
      Throwable thrown =
          catchThrowable(
              () ->
                  send(
                      refusing,
                      async,
                      BackendRequest.get(URI.create("http://livy.example:8998/sessions"))));
      assertThat(thrown).isNotNull();
      recorder.awaitEnd();
    } finally {
      refusing.close();
    }
    assertThat(recorder.events).hasSize(4);
    assertThat(recorder.events.get(0)).isEqualTo("start other in the background");
    assertThat(recorder.events.get(1))
        .isEqualTo("GET http://livy.example:8998/sessions as /sessions #1");
    assertThat(recorder.events.get(2)).as("the attempt ended").matches("0 \\w+ within other");
    assertThat(recorder.events.get(3)).isEqualTo("end other");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aRequestOutsideAnyOperation_isAnOperationOfItsOwn_withEveryAttemptReported(boolean async)
      throws Exception {
    wm.stubFor(
        get(urlPathEqualTo("/sessions/7"))
            .inScenario("retry")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("again"));
    wm.stubFor(
        get(urlPathEqualTo("/sessions/7"))
            .inScenario("retry")
            .whenScenarioStateIs("again")
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlPathEqualTo("/sessions/7"))
            .inScenario("retry")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    assertThat(send(async, BackendRequest.get(uri("/sessions/7?from=2&sig=abc"))).statusCode())
        .isEqualTo(200);
    recorder.awaitEnd();
    String url = "GET " + wm.baseUrl() + "/sessions/7?from=2&sig=*** as /sessions/{sessionId}";
    assertThat(recorder.events)
        .containsExactly(
            "start other in the background",
            url + " #1",
            "503 LivyServiceException retry in 200 within other",
            url + " #2",
            "502 LivyServiceException retry in 400 within other",
            url + " #3",
            "200 ok within other",
            "end other");
    assertThat(recorder.ends).singleElement().isInstanceOf(NoFailure.class);
    wm.verify(
        3,
        getRequestedFor(urlPathEqualTo("/sessions/7"))
            .withHeader("traceparent", equalTo("00-trace-span-01")));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aFailedRequest_endsItsOperationWithTheFailure(boolean async) throws Exception {
    wm.stubFor(post("/sessions").willReturn(aResponse().withStatus(500).withBody("\"no\"")));
    Throwable thrown =
        catchThrowable(() -> send(async, BackendRequest.post(uri("/sessions"), "{}", false)));
    assertThat(thrown).isInstanceOf(LivyServiceException.class);
    recorder.awaitEnd();
    assertThat(recorder.events)
        .containsExactly(
            "start other in the background",
            "POST " + wm.baseUrl() + "/sessions as /sessions #1 once",
            "500 LivyServiceException within other",
            "end other");
    assertThat(recorder.ends).containsExactly(thrown);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anAttemptWithoutAnswer_isReportedWithoutAStatus(boolean async) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port + "/version");
    Throwable thrown = catchThrowable(() -> send(async, BackendRequest.get(closed)));
    assertThat(thrown).isInstanceOf(LivyClientException.class);
    recorder.awaitEnd();
    assertThat(recorder.events)
        .filteredOn(e -> e.startsWith("0 "))
        .containsExactly(
            "0 ConnectException retry in 200 within other",
            "0 ConnectException retry in 400 within other",
            "0 LivyClientException within other");
    assertThat(recorder.ends).containsExactly(thrown);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aRejectedToken_isReplayedWithANewOne_andNeitherAttemptIsAFailureYet(boolean async)
      throws Exception {
    wm.stubFor(
        get("/s")
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .willReturn(aResponse().withStatus(401)));
    wm.stubFor(
        get("/s")
            .withHeader("Authorization", equalTo("Bearer " + RENEWED))
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    assertThat(send(async, BackendRequest.get(uri("/s"))).statusCode()).isEqualTo(200);
    recorder.awaitEnd();
    // the new token is fetched as the 401 is read, before the attempt is reported
    assertThat(recorder.events)
        .containsExactly(
            "start other in the background",
            "GET " + wm.baseUrl() + "/s as /s #1",
            "new token after a rejection",
            "401 ok retry in 0 within other",
            "GET " + wm.baseUrl() + "/s as /s #2",
            "200 ok within other",
            "end other");
    assertThat(tokens.refreshes).hasValue(1);
  }

  @Test
  void aTokenRenewedAheadOfItsExpiry_isANewTokenWithoutARejection() {
    wm.stubFor(get("/s").willReturn(aResponse().withStatus(200).withBody("{}")));
    transport.send(BackendRequest.get(uri("/s")));
    transport.send(BackendRequest.get(uri("/s")));
    assertThat(recorder.events).noneMatch(e -> e.startsWith("new token"));
    tokens.current = RENEWED;
    transport.send(BackendRequest.get(uri("/s")));
    assertThat(recorder.events)
        .filteredOn(e -> e.startsWith("new token"))
        .containsExactly("new token");
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/s"))
            .withHeader("Authorization", equalTo("Bearer " + RENEWED)));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aTokenProviderFailure_isReported_andFailsTheRequestUnsent(boolean async) throws Exception {
    IllegalStateException down = new IllegalStateException("identity service down");
    tokens.failure = down;
    Throwable thrown = catchThrowable(() -> send(async, BackendRequest.get(uri("/s"))));
    assertThat(thrown).isSameAs(down);
    recorder.awaitEnd();
    assertThat(recorder.tokenFailures).containsExactly(down);
    assertThat(recorder.ends).containsExactly(down);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void observersMayNotSetTheHeadersTheClientSets_norAHeaderWithoutAValue() {
    wm.stubFor(get("/s").willReturn(aResponse().withStatus(200).withBody("{}")));
    for (String reserved : List.of("Authorization", "user-agent", "Content-Type")) {
      recorder.name = reserved;
      transport.send(BackendRequest.get(uri("/s")));
    }
    recorder.name = "X-Trace";
    recorder.value = null;
    transport.send(BackendRequest.get(uri("/s")));
    assertThat(recorder.events)
        .filteredOn(e -> e.startsWith("header refused"))
        .containsExactly(
            "header refused: IllegalArgumentException",
            "header refused: IllegalArgumentException",
            "header refused: IllegalArgumentException",
            "header refused: NullPointerException");
    wm.verify(
        4,
        getRequestedFor(urlEqualTo("/s"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("User-Agent", equalTo("livy4j/test"))
            .withHeader("X-Trace", absent()));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aRequestWithinAnOperationOfTheClient_isItsAttempt_andLeavesItOpen(boolean async)
      throws Exception {
    wm.stubFor(get("/sessions/1").willReturn(aResponse().withStatus(200).withBody("{}")));
    ObservedOperation op = observers.start(LivyOperation.SESSION_GET, null, null);
    assertThat(
            send(transport.in(CallScope.of(op)), async, BackendRequest.get(uri("/sessions/1")))
                .statusCode())
        .isEqualTo(200);
    assertThat(recorder.events)
        .containsExactly(
            "start session.get",
            "GET " + wm.baseUrl() + "/sessions/1 as /sessions/{sessionId} #1",
            "200 ok within session.get");
    assertThat(recorder.ends).isEmpty();
  }

  @Test
  void aRequestWithinAnotherClientsOperation_isAnOperationOfItsOwn_inTheForeground() {
    wm.stubFor(get("/s").willReturn(aResponse().withStatus(200).withBody("{}")));
    Observers other = new Observers(List.of(new Recorder()), "livy", false);
    ObservedOperation foreign = other.start(LivyOperation.SESSION_LIST, null, null);
    transport.in(CallScope.of(foreign)).send(BackendRequest.get(uri("/s")));
    assertThat(recorder.events)
        .containsExactly(
            "start other",
            "GET " + wm.baseUrl() + "/s as /s #1",
            "200 ok within other",
            "end other");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anAttemptThatOutlastsTheDeadline_isNotRetried_andNothingIsWaitedFor(boolean async) {
    wm.stubFor(get("/s").willReturn(aResponse().withStatus(503).withBody("\"busy\"")));
    // the attempt takes two seconds of the one left
    recorder.onAttempt = () -> time.advance(Duration.ofSeconds(2));
    Throwable thrown =
        catchThrowable(
            () ->
                send(
                    transport.in(CallScope.until(time.instant().plusSeconds(1))),
                    async,
                    BackendRequest.get(uri("/s"))));
    assertThat(thrown)
        .isInstanceOfSatisfying(
            DeadlineExceededException.class,
            e -> assertThat(e).hasMessageContaining("passed while waiting to retry"));
    assertThat(time.sleeps()).isEmpty();
    wm.verify(1, getRequestedFor(urlEqualTo("/s")));
  }
}
