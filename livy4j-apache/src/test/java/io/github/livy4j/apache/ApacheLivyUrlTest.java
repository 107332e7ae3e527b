package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.livy4j.LivyClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link ApacheLivy#at(URI)} makes of the base URL it is given: what it cleans, what it
 * refuses at once (each message quoting the URL as given and saying what to use instead), and
 * that the URLs it accepts reach the server's {@code /sessions}.
 */
class ApacheLivyUrlTest {
  private static final String FABRIC =
      "https://api.fabric.microsoft.com/v1/workspaces/11111111-2222-3333-4444-555555555555"
          + "/lakehouses/66666666-7777-8888-9999-000000000000/livyapi/versions/2023-12-01";

  private static void assertRefused(String url, String message) {
    assertThatThrownBy(() -> ApacheLivy.at(URI.create(url)))
        .as(url)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> ApacheLivy.builder(URI.create(url)))
        .as(url)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aUrlWithoutScheme_isRefused_sayingWhichToUse() {
    assertRefused(
        "localhost:8998",
        "Livy base URL 'localhost:8998' has no scheme: use http://localhost:8998");
    assertRefused(
        "livy.example.com:8998/gateway",
        "Livy base URL 'livy.example.com:8998/gateway' has no scheme: use"
            + " http://livy.example.com:8998/gateway");
    assertRefused("localhost", "Livy base URL 'localhost' has no scheme: use http://localhost");
    assertRefused(
        "//localhost:8998",
        "Livy base URL '//localhost:8998' has no scheme: use http://localhost:8998");
    assertRefused(
        "/livy",
        "Livy base URL '/livy' is not a whole URL: give one such as http://localhost:8998");
  }

  @Test
  void aUrlWithAnotherSchemeOrNoHost_isRefused() {
    assertRefused(
        "ftp://host",
        "Livy base URL 'ftp://host' has scheme 'ftp': use http:// or https://, such as"
            + " http://localhost:8998");
    assertRefused(
        "http:/localhost:8998",
        "Livy base URL 'http:/localhost:8998' has no host: give one such as http://localhost:8998");
    assertRefused(
        "http:localhost:8998",
        "Livy base URL 'http:localhost:8998' has no host: give one such as http://localhost:8998");
    assertRefused(
        "http://livy_server:8998",
        "Livy base URL 'http://livy_server:8998' has no valid host: 'livy_server:8998' is not a"
            + " host name with an optional port (a host name has only letters, digits, '-' and"
            + " '.')");
  }

  @Test
  void userInfo_isRefused_withoutShowingThePassword() {
    assertRefused(
        "http://alice:s3cret-pw@host:8998/livy",
        "Livy base URL 'http://<redacted>@host:8998/livy' has user info: use"
            + " http://host:8998/livy with ApacheLivy.builder(uri).basicAuth(user, password)");
    assertRefused(
        "http://alice@host:8998",
        "Livy base URL 'http://<redacted>@host:8998' has user info: use http://host:8998 with"
            + " ApacheLivy.builder(uri).basicAuth(user, password)");
  }

  @Test
  void aQueryOrAFragment_isRefused() {
    assertRefused(
        "http://host:8998?doAs=bob",
        "Livy base URL 'http://host:8998?doAs=bob' has a query ('?doAs=bob'), which cannot stay"
            + " in front of the request paths: use http://host:8998");
    assertRefused(
        "http://host:8998/?access_token=abc123xyz",
        "Livy base URL 'http://host:8998/?access_token=<redacted>' has a query"
            + " ('?access_token=<redacted>'), which cannot stay in front of the request paths:"
            + " use http://host:8998/");
    assertRefused(
        "http://host:8998/#/sessions",
        "Livy base URL 'http://host:8998/#/sessions' has a fragment ('#/sessions'), which is"
            + " never sent to a server: use http://host:8998/");
  }

  @Test
  void theUrlOfOneSessionOrBatch_isRefused_namingTheServersUrl() {
    assertRefused(
        "http://host:8998/sessions/3",
        "Livy base URL 'http://host:8998/sessions/3' is the URL of session 3, not of the server:"
            + " use http://host:8998");
    assertRefused(
        "http://host:8998/sessions/3/statements/",
        "Livy base URL 'http://host:8998/sessions/3/statements/' is the URL of session 3, not of"
            + " the server: use http://host:8998");
    assertRefused(
        "https://gw.example.com/livy/batches/12/log",
        "Livy base URL 'https://gw.example.com/livy/batches/12/log' is the URL of batch 12, not"
            + " of the server: use https://gw.example.com/livy");
  }

  @Test
  void anEmptyPathSegment_isRefused() {
    assertRefused(
        "http://host//livy",
        "Livy base URL 'http://host//livy' has an empty path segment ('//'): use"
            + " http://host/livy");
  }

  @Test
  void aFabricUrl_isRefused_pointingToFabricLivy() {
    String message =
        " is a Microsoft Fabric URL, not an Apache Livy server's: for a lakehouse's Livy"
            + " endpoint use FabricLivy.endpoint(URI), from the livy4j-fabric module";
    for (String url :
        List.of(
            FABRIC,
            FABRIC + "/sessions",
            FABRIC.substring("https://".length()),
            "https://api.fabric.microsoft.com/v1",
            FABRIC.replace("api.fabric.microsoft.com", "proxy.example.com/fabric"))) {
      assertRefused(url, "'" + url + "'" + message);
    }
  }

  @Test
  void null_isRefused() {
    assertThatThrownBy(() -> ApacheLivy.at(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("baseUri");
  }

  @ParameterizedTest
  @CsvSource({
    "http://localhost:8998, http://localhost:8998",
    "http://localhost:8998/, http://localhost:8998",
    "http://localhost:8998//, http://localhost:8998",
    "http://localhost:8998/sessions, http://localhost:8998",
    "http://localhost:8998/sessions/, http://localhost:8998",
    "http://localhost:8998/batches//, http://localhost:8998",
    "https://gw.example.com/livy, https://gw.example.com/livy",
    "https://gw.example.com/livy/, https://gw.example.com/livy",
    "https://gw.example.com/livy/sessions, https://gw.example.com/livy",
    "https://gw.example.com/livy/batches/, https://gw.example.com/livy",
    "https://gw.example.com/sessions-api, https://gw.example.com/sessions-api",
    "http://[::1]:8998/, http://[::1]:8998",
  })
  void validUrls_areAccepted_withoutTrailingSlashesOrResourceSuffix(String given, String base) {
    assertThat(ApacheLivy.at(URI.create(given)).description()).isEqualTo("Apache Livy at " + base);
    assertThat(ApacheLivy.builder(URI.create(given)).serverVersion("0.8.0").build().description())
        .isEqualTo("Apache Livy 0.8.0 at " + base);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "//", "/sessions", "/sessions/", "/batches"})
  void validUrls_reachTheServersSessions_withAndWithoutAContextPath(String tail) throws Exception {
    List<String> paths = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          paths.add(ex.getRequestURI().getRawPath());
          byte[] body = "{\"from\":0,\"total\":0,\"sessions\":[]}".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try {
      String root = "http://127.0.0.1:" + server.getAddress().getPort();
      for (String context : List.of("", "/livy")) {
        paths.clear();
        try (LivyClient client =
            LivyClient.builder()
                .backend(
                    ApacheLivy.builder(URI.create(root + context + tail))
                        .serverVersion("0.8.0")
                        .build())
                .build()) {
          assertThat(client.listSessions()).isEmpty();
        }
        assertThat(paths).as(context + tail).containsOnly(context + "/sessions");
      }
    } finally {
      server.stop(0);
    }
  }
}
