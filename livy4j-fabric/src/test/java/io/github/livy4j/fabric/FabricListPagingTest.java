package io.github.livy4j.fabric;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.LivyClient;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.auth.TokenProviders;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions and batches are listed across every OData page. */
class FabricListPagingTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private static final String ROOT = "/v1/workspaces/w1/lakehouses/l1/livyApi/versions/2023-12-01";

  private static String page(int from, int count, int total) {
    String items =
        IntStream.range(from, from + count)
            .mapToObj(
                i ->
                    "{\"id\":\"00000000-0000-0000-0000-"
                        + String.format("%012d", i)
                        + "\",\"name\":\"s"
                        + i
                        + "\",\"state\":\"idle\",\"livyInfo\":{\"currentState\":\"idle\"}}")
            .collect(Collectors.joining(","));
    return "{\"items\":["
        + items
        + "],\"totalCountOfMatchedItems\":"
        + total
        + ",\"pageSize\":100}";
  }

  @Test
  void ping_readsOneItem_howeverLongTheList() {
    wm.resetRequests();
    wm.stubFor(
        get(ROOT + "/sessions?$top=1")
            .willReturn(aResponse().withStatus(200).withBody(page(0, 1, 130))));
    try (LivyClient client =
        LivyClient.builder()
            .backend(
                FabricLivy.builder("w1", "l1").baseUri(URI.create(wm.baseUrl() + "/v1")).build())
            .credential(TokenProviders.fixed("t"))
            .deleteSessionsOnShutdown(false)
            .build()) {
      client.ping();
      client.async().ping().join();
    }
    wm.verify(2, getRequestedFor(anyUrl()));
    wm.verify(2, getRequestedFor(urlEqualTo(ROOT + "/sessions?$top=1")));
  }

  @Test
  void sessionsAndBatches_areReadAcrossPages() {
    for (String kind : List.of("sessions", "batches")) {
      wm.stubFor(
          get(ROOT + "/" + kind + "?$top=100&$skip=0")
              .willReturn(aResponse().withStatus(200).withBody(page(0, 100, 130))));
      wm.stubFor(
          get(ROOT + "/" + kind + "?$top=100&$skip=100")
              .willReturn(aResponse().withStatus(200).withBody(page(100, 30, 130))));
    }
    try (LivyClient client =
        LivyClient.builder()
            .backend(
                FabricLivy.builder("w1", "l1").baseUri(URI.create(wm.baseUrl() + "/v1")).build())
            .credential(TokenProviders.fixed("t"))
            .deleteSessionsOnShutdown(false)
            .build()) {
      List<SessionInfo> sessions = client.listSessions();
      assertThat(sessions).hasSize(130);
      assertThat(sessions.get(129).name()).contains("s129");
      assertThat(client.listBatches()).hasSize(130);
    }
    wm.verify(1, getRequestedFor(urlEqualTo(ROOT + "/sessions?$top=100&$skip=100")));
  }
}
