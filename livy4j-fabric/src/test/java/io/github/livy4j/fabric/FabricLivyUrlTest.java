package io.github.livy4j.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.LivyClient;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.VirtualTime;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link FabricLivy#endpoint(URI)}, {@link FabricLivy.Builder#baseUri(URI)} and the ids of
 * {@link FabricLivy#lakehouse(String, String)} accept: what they clean, and what they refuse at
 * once, each message quoting the input as given and saying what to use instead.
 */
class FabricLivyUrlTest {
  private static final String WS = FabricTestLakehouse.WS;
  private static final String LH = FabricTestLakehouse.LH;
  private static final String LAKEHOUSE = "/workspaces/" + WS + "/lakehouses/" + LH;
  private static final String ENDPOINT =
      "https://api.fabric.microsoft.com/v1" + LAKEHOUSE + "/livyapi/versions/2023-12-01";
  private static final String DESCRIPTION =
      "Fabric Livy at https://api.fabric.microsoft.com/v1"
          + LAKEHOUSE
          + "/livyApi/versions/2023-12-01";
  private static final String FORM =
      "https://api.fabric.microsoft.com/v1/workspaces/<workspaceId>/lakehouses/<lakehouseId>"
          + "/livyapi/versions/2023-12-01";

  private static void assertEndpointRefused(String url, String message) {
    assertThatThrownBy(() -> FabricLivy.endpoint(URI.create(url)))
        .as(url)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static void assertBaseRefused(String url, String message) {
    assertThatThrownBy(() -> FabricLivy.builder(WS, LH).baseUri(URI.create(url)))
        .as(url)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void anApacheLivyUrl_isRefused_pointingToApacheLivy() {
    for (String url :
        List.of(
            "http://localhost:8998",
            "localhost:8998",
            "http://localhost:8998/sessions",
            "https://gw.example.com/livy")) {
      assertEndpointRefused(
          url,
          "'"
              + url
              + "' is not a Fabric Livy endpoint: for an Apache Livy server use"
              + " ApacheLivy.at(URI), from the livy4j-apache module; a lakehouse's Livy endpoint"
              + " reads "
              + FORM
              + ", as the lakehouse's settings show it");
    }
  }

  @Test
  void aFabricUrlThatIsNoLivyEndpoint_isRefused_sayingWhatItShouldRead() {
    for (String url :
        List.of(
            "https://api.fabric.microsoft.com/v1",
            "https://api.fabric.microsoft.com/v1/workspaces/" + WS,
            "https://api.fabric.microsoft.com/v1" + LAKEHOUSE,
            ENDPOINT + "/statements")) {
      assertEndpointRefused(
          url,
          "'"
              + url
              + "' is not a Fabric Livy endpoint: it should read "
              + FORM
              + ", optionally followed by /sessions or /batches, as the lakehouse's settings"
              + " show it");
    }
  }

  @Test
  void theUrlOfOneSessionOrBatch_isRefused_namingTheEndpoint() {
    assertEndpointRefused(
        ENDPOINT + "/sessions/abc",
        "Fabric Livy endpoint '"
            + ENDPOINT
            + "/sessions/abc' is the URL of one session, not the lakehouse's Livy endpoint: use "
            + ENDPOINT);
    assertEndpointRefused(
        ENDPOINT + "/batches/b-1/state",
        "Fabric Livy endpoint '"
            + ENDPOINT
            + "/batches/b-1/state' is the URL of one batch, not the lakehouse's Livy endpoint:"
            + " use "
            + ENDPOINT);
  }

  @Test
  void anEndpointWithoutScheme_isRefused_sayingWhichToUse() {
    String bare = ENDPOINT.substring("https://".length());
    assertEndpointRefused(
        bare, "Fabric Livy endpoint '" + bare + "' has no scheme: use https://" + bare);
  }

  @Test
  void userInfoQueryAndFragment_areRefused() {
    String withUser = ENDPOINT.replace("https://", "https://me:pw-s3cret@");
    assertEndpointRefused(
        withUser,
        "Fabric Livy endpoint '"
            + ENDPOINT.replace("https://", "https://<redacted>@")
            + "' has user info: use "
            + ENDPOINT
            + " and give the client a TokenProvider for FabricLivy.SCOPE through"
            + " LivyClient.builder().credential(...)");
    assertEndpointRefused(
        ENDPOINT + "/sessions?api-version=1",
        "Fabric Livy endpoint '"
            + ENDPOINT
            + "/sessions?api-version=1' has a query ('?api-version=1'), which cannot stay in"
            + " front of the request paths: use "
            + ENDPOINT
            + "/sessions");
    assertEndpointRefused(
        ENDPOINT + "#settings",
        "Fabric Livy endpoint '"
            + ENDPOINT
            + "#settings' has a fragment ('#settings'), which is never sent to a server: use "
            + ENDPOINT);
  }

  @Test
  void badIdsOrVersionInAnEndpoint_areRefused_quotingIt() {
    String badId = ENDPOINT.replace(WS, "my_workspace");
    assertEndpointRefused(
        badId,
        "Fabric Livy endpoint '"
            + badId
            + "' has workspace id 'my_workspace', which is not an id (letters, digits and '-',"
            + " such as a GUID)");
    String badVersion = ENDPOINT.replace("2023-12-01", "latest");
    assertEndpointRefused(
        badVersion,
        "Fabric Livy endpoint '"
            + badVersion
            + "' has API version 'latest', which is not of the form 2023-12-01");
  }

  @Test
  void nullEndpoint_isRefused() {
    assertThatThrownBy(() -> FabricLivy.endpoint(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("livyEndpoint");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "//", "/sessions", "/sessions/", "/batches", "/batches//"})
  void validEndpoints_areAccepted_withoutTrailingSlashesOrResourceSuffix(String tail) {
    assertThat(FabricLivy.endpoint(URI.create(ENDPOINT + tail)).description())
        .isEqualTo(DESCRIPTION);
    assertThat(
            FabricLivy.endpoint(URI.create(ENDPOINT.replace("livyapi", "livyApi") + tail))
                .description())
        .isEqualTo(DESCRIPTION);
  }

  @Test
  void anEndpointBehindAProxy_keepsItsRoot() {
    assertThat(
            FabricLivy.endpoint(
                    URI.create(
                        ENDPOINT.replace("api.fabric.microsoft.com", "gw.example.com/fabric")
                            + "/"))
                .description())
        .isEqualTo(DESCRIPTION.replace("api.fabric.microsoft.com", "gw.example.com/fabric"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "//", "/sessions/"})
  void anEndpoint_reachesTheLakehousesSessions(String tail) {
    VirtualTime time = VirtualTime.create();
    try (FakeLivy fake = FakeLivy.builder().fabric().time(time).start();
        LivyClient client =
            LivyClient.builder()
                .backend(
                    FabricLivy.endpoint(
                        URI.create(fake.uri() + LAKEHOUSE + "/livyapi/versions/2023-12-01" + tail)))
                .credential(TokenProviders.fixed("fabric-token"))
                .clock(time.clock())
                .sleeper(time.sleeper())
                .deleteSessionsOnShutdown(false)
                .build()) {
      assertThat(client.listSessions()).isEmpty();
      assertThat(fake.requests())
          .isNotEmpty()
          .allSatisfy(
              r ->
                  assertThat(r.path())
                      .isEqualTo("/v1" + LAKEHOUSE + "/livyApi/versions/2023-12-01/sessions"));
    }
  }

  @Test
  void baseUri_refusesWhatCannotBeTheApiRoot() {
    assertBaseRefused(
        "ftp://x",
        "Fabric API root 'ftp://x' has scheme 'ftp': use http:// or https://, such as"
            + " https://api.fabric.microsoft.com/v1");
    assertBaseRefused(
        "api.fabric.microsoft.com/v1",
        "Fabric API root 'api.fabric.microsoft.com/v1' has no scheme: use"
            + " https://api.fabric.microsoft.com/v1");
    assertBaseRefused(
        "https://api.fabric.microsoft.com/v1?x=1",
        "Fabric API root 'https://api.fabric.microsoft.com/v1?x=1' has a query ('?x=1'), which"
            + " cannot stay in front of the request paths: use https://api.fabric.microsoft.com/v1");
    assertBaseRefused(
        ENDPOINT,
        "Fabric API root '"
            + ENDPOINT
            + "' is a workspace's URL, not the API root: use https://api.fabric.microsoft.com/v1"
            + " here, or give a lakehouse's Livy endpoint to FabricLivy.endpoint(URI)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "//"})
  void baseUri_acceptsTheApiRoot_withAndWithoutTrailingSlash(String tail) {
    assertThat(
            FabricLivy.builder(WS, LH)
                .baseUri(URI.create("https://api.fabric.microsoft.com/v1" + tail))
                .build()
                .description())
        .isEqualTo(DESCRIPTION);
  }

  @Test
  void aUrlGivenAsAnId_isRefused_pointingToEndpoint() {
    assertThatThrownBy(() -> FabricLivy.lakehouse(ENDPOINT, LH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "workspaceId '"
                + ENDPOINT
                + "' is not an id (letters, digits and '-', such as a GUID); for a lakehouse's"
                + " Livy endpoint URL use FabricLivy.endpoint(URI)");
    assertThatThrownBy(() -> FabricLivy.lakehouse(WS, "my lakehouse"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "lakehouseId 'my lakehouse' is not an id (letters, digits and '-', such as a GUID)");
  }

  @Test
  void isFabric_knowsFabricsHostAndLakehousePaths() {
    assertThat(FabricLivy.isFabric(URI.create("https://api.fabric.microsoft.com/v1"))).isTrue();
    assertThat(FabricLivy.isFabric(URI.create("api.fabric.microsoft.com/v1"))).isTrue();
    assertThat(FabricLivy.isFabric(URI.create("https://FABRIC.microsoft.com"))).isTrue();
    assertThat(FabricLivy.isFabric(URI.create("https://gw/v1/Workspaces/a/Lakehouses/b"))).isTrue();
    assertThat(FabricLivy.isFabric(URI.create("http://localhost:8998"))).isFalse();
    assertThat(FabricLivy.isFabric(URI.create("https://notfabric.microsoft.com.example")))
        .isFalse();
    assertThat(FabricLivy.isFabric(URI.create("https://gw/workspaces/a"))).isFalse();
  }
}
