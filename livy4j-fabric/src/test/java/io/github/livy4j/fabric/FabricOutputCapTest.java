package io.github.livy4j.fabric;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import io.github.livy4j.auth.TokenProviders;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statement output from servers that page it otherwise than asked: a server that caps the page
 * size cannot cut the output short unnoticed, and one that refuses the size gets smaller pages.
 */
class FabricOutputCapTest {
  @RegisterExtension
  final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private static final String ROOT = "/v1/workspaces/w1/lakehouses/l1/livyApi/versions/2023-12-01";
  private static final String SESSION = "7c1d0000-0000-0000-0000-000000000001";
  private static final String STATEMENT = ROOT + "/sessions/" + SESSION + "/statements/0";
  private static final int PAGE = FabricLivy.DEFAULT_OUTPUT_PAGE_SIZE;

  @BeforeEach
  void session() {
    wm.stubFor(
        get(ROOT + "/sessions/" + SESSION)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"id\":\""
                            + SESSION
                            + "\",\"state\":\"idle\",\"livyInfo\":{\"currentState\""
                            + ":\"idle\"}}")));
  }

  private static String statement(String text) {
    return "{\"id\":0,\"code\":\"print(x)\",\"state\":\"available\",\"output\":{\"status\":\"ok\","
        + "\"execution_count\":0,\"data\":{\"text/plain\":\""
        + text
        + "\"}}}";
  }

  private void page(long from, int size, String text) {
    wm.stubFor(
        get(STATEMENT + "?from=" + from + "&size=" + size)
            .willReturn(aResponse().withStatus(200).withBody(statement(text))));
  }

  private LivyClient client() {
    return LivyClient.builder()
        .backend(FabricLivy.builder("w1", "l1").baseUri(URI.create(wm.baseUrl() + "/v1")).build())
        .credential(TokenProviders.fixed("t"))
        .deleteSessionsOnShutdown(false)
        .build();
  }

  private static String read(LivyClient client) {
    LivySession s = client.attach(SessionId.of(SESSION));
    String text = s.statement(StatementId.of(0)).output().orElseThrow().data().get("text/plain");
    s.detach();
    return text;
  }

  private String read() {
    try (LivyClient client = client()) {
      return read(client);
    }
  }

  @Test
  void aServerThatCapsThePageSize_isReadToTheEnd() {
    page(0, PAGE, "abc");
    page(3, PAGE, "def");
    page(6, PAGE, "gh");
    page(8, PAGE, "");
    assertThat(read()).isEqualTo("\"abcdefgh\"");
  }

  @Test
  void aServerThatIgnoresFrom_givesItsFirstPageAsTheWhole() {
    page(0, PAGE, "all of it");
    page(9, PAGE, "all of it");
    assertThat(read()).isEqualTo("\"all of it\"");
  }

  @Test
  void aRefusedPageSize_fallsBackToSmallerPages_andKeepsThem() {
    wm.stubFor(
        get(STATEMENT + "?from=0&size=" + PAGE)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"errorCode\":\"InvalidRequest\",\"message\":\"size is too large\","
                            + "\"requestId\":\"r\"}")));
    page(0, PAGE / 8, "hello");
    page(5, PAGE / 8, "");
    try (LivyClient client = client()) {
      assertThat(read(client)).isEqualTo("\"hello\"");
      assertThat(read(client)).isEqualTo("\"hello\"");
    }
    wm.verify(1, getRequestedFor(urlEqualTo(STATEMENT + "?from=0&size=" + PAGE)));
    wm.verify(2, getRequestedFor(urlEqualTo(STATEMENT + "?from=0&size=" + PAGE / 8)));
  }
}
