package io.github.livy4j.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.livy4j.AuthenticationException;
import io.github.livy4j.CapacityExceededException;
import io.github.livy4j.CapturedLogs;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.TestTime;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.internal.polling.Scheduler;
import io.github.livy4j.polling.Backoff;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.BackendResponse;
import io.github.livy4j.spi.Throttling;
import io.github.livy4j.spi.Transport;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@org.junit.jupiter.api.extension.ExtendWith(io.github.livy4j.NoSecretLeaks.class)
class HttpTransportTest {
  /** A server per test: a late answer of one test cannot reach the next. */
  @RegisterExtension
  final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private static final String SECRET =
      io.github.livy4j.NoSecretLeaks.secret("eyJ0eXAiOiJKV1Qi.secret-token-value");

  static {
    for (String fed :
        java.util.List.of(
            SECRET + "-refreshed",
            "tok-1",
            "tok-2",
            "Basic dTpw",
            "tok/with+odd\"chars=",
            "pa ss/w\"ord")) {
      io.github.livy4j.NoSecretLeaks.secret(fed);
    }
  }

  private final TestTime time = new TestTime();
  private final Scheduler scheduler = new Scheduler(time);

  /**
   * The transport as the tests use it: its blocking send here, its asynchronous send in
   * {@link HttpTransportAsyncTest}.
   *
   * @param t the transport
   * @return the view to test
   */
  Transport wrap(Transport t) {
    return t;
  }

  /** The transport of a call with a deadline, as this class's tests send. */
  private Transport within(Instant deadline) {
    return wrap(
        new HttpTransport(
                options(
                        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                        new CountingTokens(),
                        RETRY,
                        Duration.ofSeconds(5))
                    .build())
            .in(CallScope.until(deadline)));
  }

  @AfterEach
  void stopScheduler() {
    scheduler.close();
  }

  private static final RetryOptions RETRY =
      new RetryOptions(
          3,
          Backoff.exponential(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.0),
          Duration.ofSeconds(30));

  /**
   * A backend's own reading of busy answers, as Fabric's: 430 says the capacity is full, a
   * body with a time says until when the caller is throttled.
   */
  private static final Throttling BUSY =
      (status, body) ->
          status == 430
              ? Throttling.Verdict.NO_CAPACITY
              : body.contains("until: 1/1/2026 12:00:25 AM (UTC)")
                  ? Throttling.Verdict.retryAt(Instant.parse("2026-01-01T00:00:25Z"))
                  : Throttling.Verdict.NOT_MINE;

  /** Counts calls; a refresh hands out a new token. */
  static final class CountingTokens implements TokenProvider {
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger refreshes = new AtomicInteger();
    volatile String current = SECRET;

    @Override
    public Optional<AccessToken> getToken() {
      gets.incrementAndGet();
      return Optional.of(AccessToken.of(current, Instant.MAX));
    }

    @Override
    public Optional<AccessToken> refresh(AccessToken rejected) {
      refreshes.incrementAndGet();
      current = SECRET + "-refreshed";
      return getToken();
    }
  }

  private Transport transport(TokenProvider tokens, RetryOptions retry, Duration timeout) {
    return transport(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
        tokens,
        retry,
        timeout);
  }

  private Transport transport(
      HttpClient http, TokenProvider tokens, RetryOptions retry, Duration timeout) {
    return wrap(new HttpTransport(options(http, tokens, retry, timeout).build()));
  }

  /** Sends every request, whatever its host, to the local server, as a proxy would. */
  private Transport viaLocalProxy(TokenProvider tokens, boolean refusePlainHttp) {
    return wrap(
        new HttpTransport(
            options(
                    HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .proxy(
                            java.net.ProxySelector.of(
                                new java.net.InetSocketAddress("127.0.0.1", wm.getPort())))
                        .build(),
                    tokens,
                    RETRY,
                    Duration.ofSeconds(5))
                .refusePlainHttpCredentials(refusePlainHttp)
                .build()));
  }

  private TransportOptions.Builder options(
      HttpClient http, TokenProvider tokens, RetryOptions retry, Duration timeout) {
    return TransportOptions.builder(http, () -> scheduler)
        .requestTimeout(timeout)
        .userAgent("livy4j/test")
        .tokens(tokens)
        .retry(retry)
        .clock(time)
        .sleeper(time)
        .random(() -> 0.5)
        .maxConnections(8)
        .throttling(BUSY);
  }

  private Transport transport(TokenProvider tokens) {
    return transport(tokens, RETRY, Duration.ofSeconds(5));
  }

  private URI uri(String path) {
    return URI.create(wm.baseUrl() + path);
  }

  @Test
  void aRequestChainedOnAnAsynchronousAnswer_keepsTheDeadlineOfTheCallThatSentIt()
      throws Exception {
    wm.stubFor(get("/sessions").willReturn(aResponse().withStatus(200).withBody("{}")));
    HttpTransport t =
        new HttpTransport(
            options(HttpClient.newHttpClient(), new CountingTokens(), RETRY, Duration.ofSeconds(5))
                .build());
    Transport call = t.in(CallScope.until(time.instant().plusSeconds(30)));
    // the next request is sent from the continuation, on a client thread, after the deadline
    java.util.concurrent.CompletableFuture<BackendResponse> next =
        call.sendAsync(BackendRequest.get(uri("/sessions")))
            .thenCompose(
                r -> {
                  time.advance(Duration.ofSeconds(31));
                  return call.sendAsync(BackendRequest.get(uri("/sessions")));
                });
    assertThat(catchThrowable(() -> next.get(10, java.util.concurrent.TimeUnit.SECONDS)))
        .hasCauseInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("The wait's deadline passed before GET " + uri("/sessions"));
    wm.verify(1, getRequestedFor(urlEqualTo("/sessions")));
    // the transport itself carries no deadline: the same request outside the call is sent
    assertThat(t.send(BackendRequest.get(uri("/sessions"))).statusCode()).isEqualTo(200);
  }

  @Test
  void send_addsUserAgentAcceptAndAFreshTokenPerRequest() {
    wm.stubFor(get("/sessions").willReturn(aResponse().withStatus(200).withBody("{}")));
    CountingTokens tokens = new CountingTokens();
    Transport t = transport(tokens);
    long logged = CapturedLogs.mark();
    BackendResponse r = t.send(BackendRequest.get(uri("/sessions")));
    // each answer is logged with how long it took
    assertThat(CapturedLogs.since(logged))
        .filteredOn(l -> l.contains(" -> 200 ("))
        .singleElement()
        .satisfies(
            l -> {
              java.util.regex.Matcher m =
                  java.util.regex.Pattern.compile(
                          "GET "
                              + java.util.regex.Pattern.quote(wm.baseUrl())
                              + "/sessions -> 200 \\((\\d+) ms, attempt 1\\)")
                      .matcher(l);
              assertThat(m.find()).as(l).isTrue();
              assertThat(Long.parseLong(m.group(1))).isLessThan(3_600_000L);
            });
    t.send(BackendRequest.get(uri("/sessions")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyText()).isEqualTo("{}");
    assertThat(tokens.gets).hasValue(2);
    // plain HTTP/1.1: no upgrade to HTTP/2 offered on each request
    wm.verify(
        2,
        getRequestedFor(urlEqualTo("/sessions"))
            .withHeader("Authorization", equalTo("Bearer " + SECRET))
            .withHeader("User-Agent", equalTo("livy4j/test"))
            .withHeader("Accept", equalTo("application/json"))
            .withoutHeader("Upgrade"));
  }

  @Test
  void unauthorized_refreshesTheTokenOnce_andReplays() {
    wm.stubFor(
        get("/s")
            .inScenario("401")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(401).withBody("{\"msg\":\"expired\"}"))
            .willSetStateTo("refreshed"));
    wm.stubFor(
        get("/s")
            .inScenario("401")
            .whenScenarioStateIs("refreshed")
            .withHeader("Authorization", equalTo("Bearer " + SECRET + "-refreshed"))
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    CountingTokens tokens = new CountingTokens();
    assertThat(transport(tokens).send(BackendRequest.get(uri("/s"))).statusCode()).isEqualTo(200);
    assertThat(tokens.refreshes).hasValue(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void unauthorizedTwice_isAnAuthenticationException_withoutTheToken() {
    wm.stubFor(
        get("/s")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"msg\":\"invalid token " + SECRET + "\"}")));
    CountingTokens tokens = new CountingTokens();
    Throwable t = catchThrowable(() -> transport(tokens).send(BackendRequest.get(uri("/s"))));
    assertThat(t).isInstanceOf(AuthenticationException.class);
    assertThat(tokens.refreshes).hasValue(1);
    wm.verify(2, getRequestedFor(urlEqualTo("/s")));
    assertThat(t.getMessage())
        .contains("401")
        .contains("<redacted>")
        .doesNotContain("secret-token-value");
    assertThat(((AuthenticationException) t).body()).doesNotContain("secret-token-value");
  }

  @Test
  void forbidden_isNotRetried() {
    wm.stubFor(post("/s").willReturn(aResponse().withStatus(403).withBody("\"nope\"")));
    assertThatThrownBy(
            () -> transport(new CountingTokens()).send(BackendRequest.post(uri("/s"), "{}", true)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("nope");
    wm.verify(1, postRequestedFor(urlEqualTo("/s")));
  }

  @Test
  void serverErrorOnRead_isRetriedWithBackoff_thenThrownWithDetails() {
    wm.stubFor(
        get(urlPathEqualTo("/s"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"msg\":\"down for maintenance\"}")));
    Throwable t =
        catchThrowable(
            () ->
                transport(new CountingTokens())
                    .send(BackendRequest.get(uri("/s?from=0&sig=abc123&doAs=bob"))));
    assertThat(t)
        .isInstanceOfSatisfying(
            LivyServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(503);
              assertThat(e.method()).isEqualTo("GET");
              assertThat(e.url()).endsWith("/s?from=0&sig=***&doAs=bob").doesNotContain("abc123");
              assertThat(e.body()).contains("down for maintenance");
              assertThat(e)
                  .hasMessage(
                      "GET "
                          + wm.baseUrl()
                          + "/s?from=0&sig=***&doAs=bob answered 503:"
                          + " down for maintenance");
            });
    wm.verify(3, getRequestedFor(urlPathEqualTo("/s")));
    assertThat(time.sleepMillis()).containsExactly(200L, 400L);
  }

  @Test
  void serverErrorOnNonIdempotentPost_isNotRetried() {
    wm.stubFor(post("/sessions").willReturn(aResponse().withStatus(500).withBody("\"oops\"")));
    assertThatThrownBy(
            () ->
                transport(new CountingTokens())
                    .send(BackendRequest.post(uri("/sessions"), "{}", false)))
        .isInstanceOf(LivyServiceException.class);
    wm.verify(1, postRequestedFor(urlEqualTo("/sessions")));
  }

  @Test
  void lostAnswerOnNonIdempotentPost_isNotRetried_andTheOutcomeIsUnknown() {
    wm.stubFor(post("/sessions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    Throwable t =
        catchThrowable(
            () ->
                transport(new CountingTokens())
                    .send(BackendRequest.post(uri("/sessions"), "{}", false)));
    assertThat(t)
        .isInstanceOfSatisfying(
            LivyClientException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    wm.verify(1, postRequestedFor(urlEqualTo("/sessions")));
  }

  @Test
  void lostAnswerOnRead_isRetried() {
    wm.stubFor(
        get("/s")
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE))
            .willSetStateTo("ok"));
    wm.stubFor(
        get("/s")
            .inScenario("reset")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    assertThat(transport(new CountingTokens()).send(BackendRequest.get(uri("/s"))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void requestTimeout_onNonIdempotentPost_isNotRetried() throws Exception {
    try (StallingServer server = StallingServer.silent()) {
      // connected ahead: the 300 ms go to waiting for the answer
      Transport transport =
          transport(
              server.warm(HttpClient.newHttpClient()),
              new CountingTokens(),
              RETRY,
              Duration.ofMillis(300));
      Throwable t =
          catchThrowable(
              () -> transport.send(BackendRequest.post(server.uri("/statements"), "{}", false)));
      assertThat(t)
          .isInstanceOfSatisfying(
              LivyClientException.class,
              e -> {
                assertThat(e.outcomeUnknown()).isTrue();
                assertThat(e).hasMessageContaining("No answer within 300 ms");
              });
      // no pause for a second attempt was ever taken
      assertThat(time.sleeps()).isEmpty();
    }
  }

  @Test
  void connectionRefused_isRetriedEvenForCreates_andNotAnUnknownOutcome() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port + "/sessions");
    Throwable t =
        catchThrowable(
            () -> transport(new CountingTokens()).send(BackendRequest.post(closed, "{}", false)));
    assertThat(t)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e.outcomeUnknown()).isFalse();
              assertThat(e)
                  .hasMessageStartingWith("Could not connect for POST " + closed + ": ")
                  .hasMessageContaining("ConnectException");
            });
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void throttled_waitsRetryAfter_thenSucceeds() {
    wm.stubFor(
        get("/s")
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "12")
                    .withBody("{\"msg\":\"slow down\"}"))
            .willSetStateTo("ok"));
    wm.stubFor(
        get("/s")
            .inScenario("429")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    transport(new CountingTokens()).send(BackendRequest.get(uri("/s")));
    assertThat(time.sleepMillis()).containsExactly(12_000L);
  }

  @Test
  void throttled_retryAfterBeyondTheLimit_failsAtOnceWithTheHint() {
    wm.stubFor(
        post("/s")
            .willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "3600").withBody("{}")));
    assertThatThrownBy(
            () -> transport(new CountingTokens()).send(BackendRequest.post(uri("/s"), "{}", false)))
        .isInstanceOfSatisfying(
            ThrottledException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void capacity430_isItsOwnException_andNotRetried() {
    wm.stubFor(
        post("/sessions")
            .willReturn(
                aResponse()
                    .withStatus(430)
                    .withBody(
                        "{\"errorCode\":\"TooManyRequestsForCapacity\",\"message\":\"full\","
                            + "\"requestId\":\"r-1\"}")));
    assertThatThrownBy(
            () ->
                transport(new CountingTokens())
                    .send(BackendRequest.post(uri("/sessions"), "{}", false)))
        .isInstanceOfSatisfying(
            CapacityExceededException.class,
            e -> {
              assertThat(e.errorCode()).contains("TooManyRequestsForCapacity");
              assertThat(e.requestId()).contains("r-1");
              assertThat(e).hasMessageContaining("request id r-1");
            });
  }

  @Test
  void backendAuthorizationHeader_winsOverTheBearerToken() {
    wm.stubFor(
        get("/s")
            .withHeader("Authorization", equalTo("Basic dTpw"))
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    assertThat(
            transport(new CountingTokens())
                .send(BackendRequest.get(uri("/s")).withHeader("Authorization", "Basic dTpw"))
                .statusCode())
        .isEqualTo(200);
    wm.verify(
        1, getRequestedFor(urlEqualTo("/s")).withHeader("Authorization", equalTo("Basic dTpw")));
    wm.verify(
        0,
        getRequestedFor(urlEqualTo("/s"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.containing("Bearer")));
  }

  @Test
  void retryAfter_parsesSecondsAndHttpDates() {
    assertThat(RetryAfter.parse("5", time)).contains(Duration.ofSeconds(5));
    assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:00:30 GMT", time))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("soon", time)).isEmpty();
  }

  @Test
  void noLogLineAndNoExceptionEverShowsTheToken() {
    wm.stubFor(get("/a").willReturn(aResponse().withStatus(401)));
    wm.stubFor(get("/b").willReturn(aResponse().withStatus(502)));
    CountingTokens tokens = new CountingTokens();
    Transport t = transport(tokens);
    Throwable a = catchThrowable(() -> t.send(BackendRequest.get(uri("/a"))));
    Throwable b = catchThrowable(() -> t.send(BackendRequest.get(uri("/b"))));
    assertThat(a.toString() + b.toString()).doesNotContain("secret-token-value");
    assertThat(CapturedLogs.lines())
        .isNotEmpty()
        .noneMatch(l -> l.contains("secret-token-value"))
        .noneMatch(l -> l.contains("Bearer"));
  }

  @Test
  void throttledWithAnUntilBody_waitsUntilThen() {
    wm.stubFor(
        get("/s")
            .inScenario("until")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"errorCode\":\"RequestBlocked\","
                            + "\"message\":\"Request is blocked by the upstream service until: 1/1/2026 "
                            + "12:00:25 AM (UTC)\"}"))
            .willSetStateTo("ok"));
    wm.stubFor(
        get("/s")
            .inScenario("until")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    transport(new CountingTokens()).send(BackendRequest.get(uri("/s")));
    assertThat(time.sleepMillis()).containsExactly(25_000L);
  }

  @Test
  void capacityRejection_withAWait_isTriedAgainOnTheLongSchedule() {
    wm.stubFor(
        post("/sessions")
            .inScenario("430")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(430)
                    .withBody(
                        "{\"errorCode\":" + "\"TooManyRequestsForCapacity\",\"message\":\"full\"}"))
            .willSetStateTo("still"));
    wm.stubFor(
        post("/sessions")
            .inScenario("430")
            .whenScenarioStateIs("still")
            .willReturn(aResponse().withStatus(430).withBody("{}"))
            .willSetStateTo("free"));
    wm.stubFor(
        post("/sessions")
            .inScenario("430")
            .whenScenarioStateIs("free")
            .willReturn(aResponse().withStatus(202).withBody("{}")));
    Transport t =
        transport(
            new CountingTokens(),
            RETRY.withCapacityWait(Duration.ofMinutes(10)),
            Duration.ofSeconds(5));
    assertThat(t.send(BackendRequest.post(uri("/sessions"), "{}", false)).statusCode())
        .isEqualTo(202);
    assertThat(time.sleepMillis()).containsExactly(30_000L, 60_000L);
  }

  @Test
  void capacityRejection_pastTheWait_fails() {
    wm.stubFor(post("/sessions").willReturn(aResponse().withStatus(430).withBody("{}")));
    Transport t =
        transport(
            new CountingTokens(),
            RETRY.withCapacityWait(Duration.ofSeconds(45)),
            Duration.ofSeconds(5));
    assertThatThrownBy(() -> t.send(BackendRequest.post(uri("/sessions"), "{}", false)))
        .isInstanceOf(CapacityExceededException.class);
    assertThat(time.sleepMillis()).containsExactly(30_000L, 15_000L);
  }

  @Test
  void unauthorized_withARefreshingProvider_fetchesOnce_andReplays() {
    wm.stubFor(
        get("/r")
            .withHeader("Authorization", equalTo("Bearer tok-1"))
            .willReturn(aResponse().withStatus(401)));
    wm.stubFor(
        get("/r")
            .withHeader("Authorization", equalTo("Bearer tok-2"))
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    AtomicInteger n = new AtomicInteger();
    TokenProvider tokens =
        io.github.livy4j.auth.TokenProviders.refreshingBuilder(
                () ->
                    AccessToken.of("tok-" + n.incrementAndGet(), time.instant().plusSeconds(3600)))
            .clock(time)
            .build();
    assertThat(transport(tokens).send(BackendRequest.get(uri("/r"))).statusCode()).isEqualTo(200);
    assertThat(n).hasValue(2);
  }

  @Test
  void anErrorBodyEchoingTheCredentials_inAnyEncoding_neverReachesTheExceptionOrTheLog() {
    String token = "tok/with+odd\"chars=";
    String basic =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    "alice:pa ss/w\"ord".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String echoed =
        "{\"msg\":\"bad request; you sent: Authorization: "
            + basic.replace("\"", "")
            + " | json: "
            + "tok\\/with+odd\\\"chars="
            + " | form: "
            + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)
            + " | decoded: alice:pa ss/w\\\"ord | basic64: "
            + basic.substring(6)
            + "\"}";
    wm.stubFor(get("/echo").willReturn(aResponse().withStatus(500).withBody(echoed)));
    Transport t = transport(() -> Optional.of(AccessToken.of(token, Instant.MAX)));
    Throwable thrown =
        catchThrowable(
            () -> t.send(BackendRequest.get(uri("/echo")).withHeader("Authorization", basic)));
    assertThat(thrown)
        .isInstanceOfSatisfying(
            LivyServiceException.class,
            e -> {
              assertThat(e.body()).contains("<redacted>").contains("bad request; you sent");
              for (String leaked :
                  java.util.List.of(
                      "tok/with",
                      "tok\\/with",
                      "tok%2Fwith",
                      basic.substring(6),
                      "pa ss",
                      "w\\\"ord")) {
                assertThat(e.getMessage()).as(leaked).doesNotContain(leaked);
                assertThat(e.body()).as(leaked).doesNotContain(leaked);
              }
            });
    assertThat(CapturedLogs.lines())
        .filteredOn(l -> l.contains("/echo"))
        .isNotEmpty()
        .noneMatch(
            l ->
                l.contains("tok/with")
                    || l.contains("tok\\/with")
                    || l.contains("pa ss")
                    || l.contains(basic.substring(6)));
  }

  @Test
  void aCredentialOverPlainHttp_toAnotherHost_isWarnedAboutOnce_orRefused() {
    wm.stubFor(get("/sessions").willReturn(aResponse().withStatus(200).withBody("{}")));
    Transport warn = viaLocalProxy(new CountingTokens(), false);
    URI remote = URI.create("http://livy.example.test:8998/sessions");
    long logged = CapturedLogs.mark();
    warn.send(BackendRequest.get(remote));
    assertThat(CapturedLogs.since(logged))
        .filteredOn(l -> l.startsWith("WARN") && l.contains("plain http to livy.example.test:8998"))
        .hasSize(1);
    warn.send(BackendRequest.get(remote));
    assertThat(CapturedLogs.since(logged))
        .filteredOn(l -> l.startsWith("WARN") && l.contains("plain http to livy.example.test:8998"))
        .hasSize(1);

    Transport refuse = viaLocalProxy(new CountingTokens(), true);
    int before = wm.getAllServeEvents().size();
    assertThatThrownBy(
            () -> refuse.send(BackendRequest.get(URI.create("http://other.example.test/sessions"))))
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e).hasMessageContaining("plain http to other.example.test");
              assertThat(e.outcomeUnknown()).isFalse();
            });
    assertThat(wm.getAllServeEvents()).hasSize(before);
    // no credential, or this machine: nothing to warn about or refuse
    assertThatThrownBy(
            () ->
                refuse.send(BackendRequest.get(URI.create("http://other.example.test:0/sessions"))))
        .hasMessageContaining("plain http to other.example.test:0:");
    viaLocalProxy(io.github.livy4j.auth.TokenProviders.none(), true)
        .send(BackendRequest.get(URI.create("http://other.example.test/sessions")));
    assertThat(refuse.send(BackendRequest.get(uri("/sessions"))).statusCode()).isEqualTo(200);
    assertThat(PlainHttpGuard.isLoopback("[::1]")).isTrue();
    assertThat(PlainHttpGuard.isLoopback("127.0.0.2")).isTrue();
    assertThat(PlainHttpGuard.isLoopback("127.example.com")).isFalse();
  }

  @Test
  void badRequest400_isAnErrorAtOnce_evenForARead() {
    wm.stubFor(get("/s").willReturn(aResponse().withStatus(400).withBody("{\"msg\":\"bad\"}")));
    assertThatThrownBy(() -> transport(new CountingTokens()).send(BackendRequest.get(uri("/s"))))
        .isInstanceOfSatisfying(
            LivyServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    wm.verify(1, getRequestedFor(urlEqualTo("/s")));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void error500AndRequestTimeout408_onARead_areRetried() {
    wm.stubFor(
        get("/s")
            .inScenario("5xx")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500).withBody("\"oops\""))
            .willSetStateTo("408"));
    wm.stubFor(
        get("/s")
            .inScenario("5xx")
            .whenScenarioStateIs("408")
            .willReturn(aResponse().withStatus(408))
            .willSetStateTo("ok"));
    wm.stubFor(
        get("/s")
            .inScenario("5xx")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    assertThat(transport(new CountingTokens()).send(BackendRequest.get(uri("/s"))).statusCode())
        .isEqualTo(200);
    assertThat(time.sleepMillis()).containsExactly(200L, 400L);
  }

  @Test
  void throttled_retryAfterAtTheLimit_isWaitedFor() {
    wm.stubFor(
        post("/s")
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30"))
            .willSetStateTo("ok"));
    wm.stubFor(
        post("/s")
            .inScenario("429")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(201).withBody("{}")));
    assertThat(
            transport(new CountingTokens())
                .send(BackendRequest.post(uri("/s"), "{}", false))
                .statusCode())
        .isEqualTo(201);
    assertThat(time.sleepMillis()).containsExactly(30_000L);
  }

  @Test
  void aBackendHeaderOtherThanAuthorization_keepsTheBearerToken() {
    wm.stubFor(post("/s").willReturn(aResponse().withStatus(201).withBody("{}")));
    transport(new CountingTokens())
        .send(
            BackendRequest.post(uri("/s"), "{\"a\":1}", false)
                .withHeader("X-Requested-By", "livy4j"));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/s"))
            .withHeader("Authorization", equalTo("Bearer " + SECRET))
            .withHeader("X-Requested-By", equalTo("livy4j"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalTo("{\"a\":1}")));
  }

  @Test
  void aPostWithoutABody_sendsNone() {
    wm.stubFor(post("/sessions/1/connect").willReturn(aResponse().withStatus(200)));
    transport(new CountingTokens())
        .send(BackendRequest.post(uri("/sessions/1/connect"), null, true));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/sessions/1/connect"))
            .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.absent()));
    assertThat(wm.getAllServeEvents())
        .singleElement()
        .satisfies(e -> assertThat(e.getRequest().getBody()).isEmpty());
  }

  @Test
  void theRefreshedTokenEchoedBack_neverReachesTheException() {
    wm.stubFor(
        get("/s")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"msg\":\"rejected " + SECRET + "-refreshed\"}")));
    Throwable t =
        catchThrowable(() -> transport(new CountingTokens()).send(BackendRequest.get(uri("/s"))));
    assertThat(t)
        .isInstanceOf(AuthenticationException.class)
        .hasMessageEndingWith("answered 401: rejected <redacted>");
    assertThat(t.getMessage() + ((AuthenticationException) t).body())
        .doesNotContain("secret-token-value");
  }

  @Test
  void anErrorBodyEchoingAHarmlessHeader_keepsItsValue() {
    wm.stubFor(
        get("/h")
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withBody("{\"msg\":\"no route for X-Requested-By livy4j-client\"}")));
    Throwable t =
        catchThrowable(
            () ->
                transport(new CountingTokens(), RetryOptions.none(), Duration.ofSeconds(5))
                    .send(
                        BackendRequest.get(uri("/h"))
                            .withHeader("X-Requested-By", "livy4j-client")));
    assertThat(t)
        .isInstanceOf(LivyServiceException.class)
        .hasMessageEndingWith("answered 500: no route for X-Requested-By livy4j-client");
  }

  @Test
  void aRetryThatWouldComePastTheDeadline_waitsOutTheDeadline_thenFails() {
    wm.stubFor(get("/s").willReturn(aResponse().withStatus(503).withBody("\"busy\"")));
    Transport t = within(time.instant().plusMillis(600));
    Throwable thrown = catchThrowable(() -> t.send(BackendRequest.get(uri("/s"))));
    // 200 ms, then the second pause (400 ms) would end just at the deadline: wait, then stop
    assertThat(time.sleepMillis()).containsExactly(200L, 400L);
    assertThat(thrown)
        .isInstanceOfSatisfying(
            DeadlineExceededException.class,
            e -> {
              assertThat(e)
                  .hasMessageContaining("passed while waiting to retry")
                  .hasMessageContaining("answered 503: busy");
              assertThat(e.outcomeUnknown()).isFalse();
              assertThat(e.getSuppressed())
                  .singleElement()
                  .isInstanceOf(LivyServiceException.class);
            });
    wm.verify(2, getRequestedFor(urlEqualTo("/s")));
  }

  /** Reads a body as text, refusing an empty one as a parser of JSON objects would. */
  private static final Transport.BodyReader<String> OBJECT =
      in -> {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (text.isBlank()) {
          throw new LivyClientException("Unexpected answer: not a JSON object", null, true);
        }
        return text;
      };

  @Test
  void anUnreadableAnswerToARead_isReadAgain() {
    wm.stubFor(
        get("/s")
            .inScenario("empty")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(200).withBody(""))
            .willSetStateTo("ok"));
    wm.stubFor(
        get("/s")
            .inScenario("empty")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("{\"id\":0}")));
    assertThat(transport(new CountingTokens()).read(BackendRequest.get(uri("/s")), OBJECT))
        .isEqualTo("{\"id\":0}");
    wm.verify(2, getRequestedFor(urlEqualTo("/s")));
    assertThat(time.sleepMillis()).containsExactly(200L);
  }

  @Test
  void anAnswerUnreadableEveryTime_endsTheReadAfterItsAttempts_namingTheRequestAndHowOften() {
    wm.stubFor(get("/s").willReturn(aResponse().withStatus(200).withBody("")));
    Throwable t =
        catchThrowable(
            () -> transport(new CountingTokens()).read(BackendRequest.get(uri("/s")), OBJECT));
    assertThat(t)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e)
                  .hasMessage(
                      "GET "
                          + uri("/s")
                          + " answered 200 with a body that could not be read, 3 times:"
                          + " Unexpected answer: not a JSON object")
                  .hasCauseInstanceOf(LivyClientException.class);
              // a read had no effect, whatever its answer
              assertThat(e.outcomeUnknown()).isFalse();
            });
    wm.verify(3, getRequestedFor(urlEqualTo("/s")));
    assertThat(time.sleepMillis()).containsExactly(200L, 400L);
  }

  @Test
  void anUnreadableAnswerToACreate_isNotSentAgain_andSaysTheServerMayHaveActed() {
    wm.stubFor(post("/sessions").willReturn(aResponse().withStatus(201).withBody("")));
    Throwable t =
        catchThrowable(
            () ->
                transport(new CountingTokens())
                    .read(BackendRequest.post(uri("/sessions"), "{}", false), OBJECT));
    assertThat(t)
        .isInstanceOfSatisfying(
            LivyClientException.class,
            e -> {
              assertThat(e).hasMessage("Unexpected answer: not a JSON object");
              assertThat(e.outcomeUnknown()).isTrue();
            });
    wm.verify(1, postRequestedFor(urlEqualTo("/sessions")));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aWaitTheServerAsksFor_endingPastTheDeadline_endsTheRequestAtOnce_namingIt() {
    wm.stubFor(
        get("/s")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "20")
                    .withBody("{\"msg\":\"slow down\"}")));
    wm.stubFor(
        get("/u")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "20")
                    .withBody("{\"msg\":\"restarting\"}")));
    Transport t = within(time.instant().plusSeconds(5));
    // within the longest wait taken (30 s), but past the deadline: not waited out
    assertThat(catchThrowable(() -> t.send(BackendRequest.get(uri("/s")))))
        .isInstanceOfSatisfying(
            ThrottledException.class,
            e -> {
              assertThat(e)
                  .hasMessage(
                      "GET "
                          + uri("/s")
                          + " answered 429: slow down; the server asked to wait 20 s before"
                          + " trying again, past the deadline (5 s left)")
                  .hasCauseInstanceOf(ThrottledException.class);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
            });
    assertThat(catchThrowable(() -> t.send(BackendRequest.get(uri("/u")))))
        .isExactlyInstanceOf(LivyServiceException.class)
        .hasMessageEndingWith(
            "restarting; the server asked to wait 20 s before trying again,"
                + " past the deadline (5 s left)");
    assertThat(time.sleeps()).isEmpty();
    wm.verify(1, getRequestedFor(urlEqualTo("/s")));
    wm.verify(1, getRequestedFor(urlEqualTo("/u")));
  }

  @Test
  void anyErrorAnswer_carriesTheWaitTheServerAskedFor() {
    wm.stubFor(
        post("/sessions")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "7")
                    .withBody("{\"msg\":\"restarting\"}")));
    wm.stubFor(post("/statements").willReturn(aResponse().withStatus(500).withBody("{}")));
    Transport t = transport(new CountingTokens());
    assertThat(catchThrowable(() -> t.send(BackendRequest.post(uri("/sessions"), "{}", false))))
        .isExactlyInstanceOf(LivyServiceException.class)
        .isInstanceOfSatisfying(
            LivyServiceException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    assertThat(catchThrowable(() -> t.send(BackendRequest.post(uri("/statements"), "{}", false))))
        .isExactlyInstanceOf(LivyServiceException.class)
        .isInstanceOfSatisfying(
            LivyServiceException.class, e -> assertThat(e.retryAfter()).isEmpty());
  }

  @Test
  void noTimeLeft_sendsNothing() {
    for (Instant deadline : List.of(time.instant(), time.instant().minusSeconds(1))) {
      Transport t = within(deadline);
      assertThatThrownBy(() -> t.send(BackendRequest.post(uri("/sessions"), "{}", false)))
          .isInstanceOfSatisfying(
              DeadlineExceededException.class,
              e -> {
                assertThat(e)
                    .hasMessage(
                        "The wait's deadline passed before POST " + wm.baseUrl() + "/sessions");
                assertThat(e.outcomeUnknown()).isFalse();
              });
    }
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void theSecretsOfAnAuthorizationValue_areTheValueItsCredentialAndForBasicItsParts() {
    String basic =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString("alice:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(ErrorMapper.headerCredentials(basic))
        .containsExactly(basic, basic.substring(6), "alice:pw", "pw");
    String noUser =
        "basic "
            + java.util.Base64.getEncoder()
                .encodeToString(":pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(ErrorMapper.headerCredentials(noUser))
        .containsExactly(noUser, noUser.substring(6), ":pw", "pw");
    assertThat(ErrorMapper.headerCredentials("Bearer  abc")).containsExactly("Bearer  abc", "abc");
    assertThat(ErrorMapper.headerCredentials("Basic not-base64!"))
        .containsExactly("Basic not-base64!", "not-base64!");
    assertThat(ErrorMapper.headerCredentials("opaque")).containsExactly("opaque", "opaque");
  }
}
