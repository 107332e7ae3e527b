package io.github.livy4j.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.LivyClient;
import io.github.livy4j.NoSecretLeaks;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProviders;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the public types show of the secrets they hold: their {@code toString()}, their
 * descriptions and the exceptions they throw carry no token, password or Basic value, in plain
 * text, Base64 or URL encoding, even when the server echoes them back.
 */
class SecretsInPublicTypesTest {
  private static final String TOKEN = NoSecretLeaks.secret("tok-Zx81-public-types");
  private static final String PASSWORD = NoSecretLeaks.secret("pw/with+signs=&more");
  private static final String BASIC =
      NoSecretLeaks.secret(
          Base64.getEncoder()
              .encodeToString(("livy-user:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
  private static final String KEY = NoSecretLeaks.secret("storage-key-Qp9w");

  private static List<String> forms(String secret) {
    List<String> f = new ArrayList<>();
    f.add(secret);
    f.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    f.add(
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    f.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    return f;
  }

  private static void assertShowsNone(String shown) {
    for (String secret : List.of(TOKEN, PASSWORD, BASIC, KEY)) {
      for (String form : forms(secret)) {
        assertThat(shown).as("shows a form of a secret").doesNotContain(form);
      }
    }
  }

  @Test
  void toStrings_andDescriptions_showNoSecret() {
    URI base = URI.create("http://127.0.0.1:9/livy");
    var backend = ApacheLivy.builder(base).basicAuth("livy-user", PASSWORD).build();
    try (LivyClient client =
        LivyClient.builder().backend(backend).credential(TokenProviders.fixed(TOKEN)).build()) {
      assertShowsNone(
          String.join(
              "\n",
              AccessToken.of(TOKEN, Instant.MAX).toString(),
              TokenProviders.fixed(TOKEN).toString(),
              backend.toString(),
              backend.description(),
              client.toString(),
              SessionSpec.builder()
                  .conf("spark.hadoop.fs.azure.account.key.a", KEY)
                  .build()
                  .toString(),
              BatchSpec.builder("abfss://c@a/app.jar")
                  .conf("spark.secret", KEY)
                  .args(List.of("--key", KEY))
                  .build()
                  .toString()));
    }
  }

  @Test
  void aServerThatEchoesTheCredentials_doesNotGetThemIntoTheException() throws Exception {
    HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    echo.createContext(
        "/",
        ex -> {
          String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              ("{\"msg\":\"refused "
                      + auth
                      + " / "
                      + URLEncoder.encode(auth, StandardCharsets.UTF_8)
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(403, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    echo.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + echo.getAddress().getPort());
      for (var backend :
          List.of(
              ApacheLivy.builder(base).basicAuth("livy-user", PASSWORD).build(),
              ApacheLivy.at(base))) {
        try (LivyClient client =
            LivyClient.builder().backend(backend).credential(TokenProviders.fixed(TOKEN)).build()) {
          Throwable t = catchThrowable(client::listSessions);
          assertThat(t).isNotNull().hasMessageContaining("refused");
          NoSecretLeaks.assertClean(t);
          StringBuilder all = new StringBuilder();
          for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
          }
          assertShowsNone(all.toString());
        }
      }
    } finally {
      echo.stop(0);
    }
  }
}
