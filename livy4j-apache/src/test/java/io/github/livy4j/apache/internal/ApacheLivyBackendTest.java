package io.github.livy4j.apache.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.Code;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.TestTime;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.internal.http.HttpTransport;
import io.github.livy4j.internal.http.TransportOptions;
import io.github.livy4j.internal.polling.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Apache backend's own parts against a plain local server: names, paging, completion. */
class ApacheLivyBackendTest {
  @RegisterExtension
  final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private final TestTime time = new TestTime();
  private final Scheduler scheduler = new Scheduler(time);
  private final HttpTransport transport =
      new HttpTransport(
          TransportOptions.builder(HttpClient.newHttpClient(), () -> scheduler)
              .requestTimeout(Duration.ofSeconds(10))
              .userAgent("livy4j/test")
              .tokens(TokenProviders.none())
              .retry(RetryOptions.none())
              .clock(time)
              .sleeper(time)
              .random(() -> 0.5)
              .maxConnections(4)
              .build());

  @AfterEach
  void close() {
    transport.close();
    scheduler.close();
  }

  private ApacheLivyBackend backend() {
    return new ApacheLivyBackend(URI.create(wm.baseUrl()), Map.of(), "livy4j", "0.8.0", null);
  }

  private static String session(int id) {
    return "{\"id\":" + id + ",\"name\":null,\"state\":\"idle\",\"kind\":\"shared\"}";
  }

  @Test
  void theBackendNamesItsServer_andItsVersion_whenKnown() {
    assertThat(
            new ApacheLivyBackend(
                URI.create("http://livy.example:8998/livy/"),
                Map.of(),
                null,
                "0.8.0-incubating",
                null))
        .hasToString("Apache Livy 0.8.0-incubating at http://livy.example:8998/livy");
    assertThat(
            new ApacheLivyBackend(URI.create("https://livy.example/gw"), Map.of(), null, null, null)
                .description())
        .isEqualTo("Apache Livy at https://livy.example/gw");
    // a version without numbers is taken for the oldest the backend knows
    assertThat(
            new ApacheLivyBackend(URI.create("http://h:8998"), Map.of(), null, "dev", null)
                .description())
        .isEqualTo("Apache Livy 0.5 (assumed) at http://h:8998");
  }

  @Test
  void ping_readsOneItem_howeverLongTheList_andRefusesAnAnswerThatIsNotLivys() {
    wm.stubFor(
        get("/sessions?from=0&size=1")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"from\":0,\"total\":5000,\"sessions\":[" + session(0) + "]}")));
    backend().ping(transport);
    wm.verify(1, getRequestedFor(anyUrl()));

    // a proxy's sign-in page, answered with 200
    wm.stubFor(
        get("/sessions?from=0&size=1")
            .willReturn(aResponse().withStatus(200).withBody("<html>Sign in</html>")));
    assertThatThrownBy(() -> backend().ping(transport))
        .isInstanceOf(io.github.livy4j.LivyClientException.class);
  }

  @Test
  void listing_readsEveryPage_andStopsAtAnEmptyOne() {
    wm.stubFor(
        get("/sessions?from=0&size=100")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"from\":0,\"total\":3,\"sessions\":["
                            + session(0)
                            + ","
                            + session(1)
                            + "]}")));
    wm.stubFor(
        get("/sessions?from=2&size=100")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"from\":2,\"total\":3,\"sessions\":[" + session(2) + "]}")));
    assertThat(backend().listSessions(transport))
        .extracting(SessionInfo::id)
        .containsExactly(SessionId.of(0), SessionId.of(1), SessionId.of(2));

    // a server whose total overstates what it has: the empty page ends the list
    wm.stubFor(
        get("/batches?from=0&size=100")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"from\":0,\"total\":5,\"sessions\":[" + session(7) + "]}")));
    wm.stubFor(
        get("/batches?from=1&size=100")
            .willReturn(
                aResponse().withStatus(200).withBody("{\"from\":1,\"total\":5,\"sessions\":[]}")));
    assertThat(backend().listBatches(transport))
        .extracting(SessionInfo::id)
        .containsExactly(SessionId.of(7));
  }

  @Test
  void completion_sendsTheCodeAndCursor_andReturnsTheCandidates() {
    wm.stubFor(
        post("/sessions/3/completion")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"candidates\":[\"range\",\"randomSplit\"]}")));
    assertThat(backend().completion(transport, SessionId.of(3), Code.scala("spark.ra"), 8))
        .containsExactly("range", "randomSplit");
    wm.verify(
        postRequestedFor(urlEqualTo("/sessions/3/completion"))
            .withRequestBody(
                equalToJson("{\"code\":\"spark.ra\",\"kind\":\"spark\",\"cursor\":8}")));
  }

  @Test
  void builder_refusesHeadersItCannotSendSafely() {
    ApacheLivy.Builder b = ApacheLivy.builder(URI.create("http://h"));
    assertThatThrownBy(() -> b.header("Authorization", "x"))
        .hasMessage("header 'Authorization' cannot be set here; use basicAuth or a credential");
    assertThatThrownBy(() -> b.header("Host", "x")).hasMessage("header 'Host' cannot be set here");
    assertThatThrownBy(() -> b.header(" ", "x")).isInstanceOf(IllegalArgumentException.class);
    for (String broken : new String[] {"\rinjected", "\ninjected", "a\nb", "a\r"}) {
      assertThatThrownBy(() -> b.header("X-Gateway", broken))
          .hasMessage("header 'X-Gateway' value has a line break");
    }
    assertThatThrownBy(() -> b.requestedBy(" "))
        .hasMessage("X-Requested-By value must not be blank");
    assertThat(b.header("X-Gateway", "g1").requestedBy(null).requestedBy("ops").build())
        .isNotNull();
  }
}
