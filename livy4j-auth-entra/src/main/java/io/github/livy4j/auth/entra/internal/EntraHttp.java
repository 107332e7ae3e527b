package io.github.livy4j.auth.entra.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import io.github.livy4j.spi.Redactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one HTTP client livy4j's Entra code uses, for MSAL's token requests and for the tenant's
 * signing keys: the JDK client with a timeout on every call. Before MSAL sees an error answer,
 * every credential the request carried (client secret, code, PKCE verifier, refresh token,
 * assertion) is removed from it in whatever encoding it was echoed in, and a body that is not
 * an OAuth error is replaced by one, so no MSAL message or log line can hold a credential.
 */
public final class EntraHttp {
  /** Form fields of a token request that carry no credential. */
  private static final Set<String> PLAIN_FIELDS =
      Set.of(
          "grant_type",
          "client_id",
          "scope",
          "redirect_uri",
          "client_info",
          "requested_token_use",
          "client_assertion_type",
          "response_type",
          "claims",
          "x-client-sku",
          "x-client-ver",
          "x-client-os",
          "x-client-cpu",
          "x-app-name",
          "x-app-ver",
          "x-ms-lib-capability",
          "token_type");

  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_SHOWN = 200;

  private final HttpClient http;
  private final Duration timeout;
  private final UnaryOperator<URI> route;

  /**
   * Creates the client.
   *
   * @param proxy an HTTP proxy, or {@code null}
   * @param timeout the longest wait for one answer
   * @param route rewrites each URL before it is sent (identity in production; a local fake
   *     Entra in tests)
   */
  public EntraHttp(Proxy proxy, Duration timeout, UnaryOperator<URI> route) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.route = Objects.requireNonNull(route, "route");
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (proxy != null && proxy.type() != Proxy.Type.DIRECT) {
      if (proxy.type() != Proxy.Type.HTTP || !(proxy.address() instanceof InetSocketAddress a)) {
        throw new IllegalArgumentException("only HTTP proxies are supported, not " + proxy.type());
      }
      b.proxy(ProxySelector.of(a));
    }
    this.http = b.build();
  }

  /** An answer. */
  record Answer(int status, Map<String, List<String>> headers, String body) {}

  Answer send(String method, URI uri, Map<String, String> headers, String body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(route.apply(uri)).timeout(timeout);
    headers.forEach(
        (k, v) -> {
          if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
            b.header(k, v);
          }
        });
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      java.net.http.HttpResponse<String> r =
          http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers().map(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for Entra ID", e);
    }
  }

  /** @return the client for MSAL, cleaning error answers of the credentials sent */
  public IHttpClient forMsal() {
    return r -> {
      URI uri;
      try {
        uri = r.url().toURI();
      } catch (URISyntaxException e) {
        throw new IOException("MSAL built an invalid URL", e);
      }
      Answer a = send(r.httpMethod().name(), uri, r.headers(), r.body());
      String body =
          a.status() < 400
              ? a.body()
              : cleanError(a.status(), a.body(), Redactor.of(credentials(r.headers(), r.body())));
      HttpResponse out = new HttpResponse().statusCode(a.status()).body(body);
      out.addHeaders(a.headers());
      return out;
    };
  }

  /** @return the retriever of the tenant's signing keys */
  public ResourceRetriever forKeys() {
    return url -> {
      URI uri;
      try {
        uri = url.toURI();
      } catch (URISyntaxException e) {
        throw new IOException("invalid key set URL", e);
      }
      Answer a = send("GET", uri, Map.of("Accept", "application/json"), null);
      if (a.status() != 200) {
        throw new IOException("the key set answered " + a.status());
      }
      return new Resource(
          a.body(),
          a.headers().getOrDefault("content-type", List.of()).stream().findFirst().orElse(null));
    };
  }

  /**
   * The credentials a token request carries: every form field but the plain ones, and any
   * {@code Authorization} header.
   *
   * @param headers the request headers
   * @param body the form body, or {@code null}
   * @return the values to hide
   */
  static List<String> credentials(Map<String, String> headers, String body) {
    List<String> out = new ArrayList<>();
    headers.forEach(
        (k, v) -> {
          if (k.equalsIgnoreCase("Authorization") && v != null) {
            out.add(v);
            int space = v.indexOf(' ');
            if (space > 0) {
              out.add(v.substring(space + 1));
            }
          }
        });
    if (body != null) {
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        if (eq > 0 && !PLAIN_FIELDS.contains(key)) {
          out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  /**
   * An error body MSAL can read and that holds no credential: an OAuth error answer keeps its
   * fields with the credentials removed; anything else becomes one that says what came back.
   */
  static String cleanError(int status, String body, Redactor redactor) {
    String clean = redactor.redact(body == null ? "" : body);
    try {
      JsonNode n = JSON.readTree(clean);
      if (n != null
          && n.isObject()
          && n.path("error").isTextual()
          && n.path("error_description").isTextual()) {
        return clean;
      }
    } catch (IOException e) {
      // not JSON: described below
    }
    String shown = clean.replaceAll("\\s+", " ").strip();
    if (shown.length() > MAX_SHOWN) {
      shown = shown.substring(0, MAX_SHOWN) + "...";
    }
    try {
      return JSON.writeValueAsString(
          Map.of(
              "error",
              status >= 500 ? "server_error" : "invalid_response",
              "error_description",
              "Entra ID answered "
                  + status
                  + " with a body that is not an OAuth error"
                  + (shown.isEmpty() ? "" : ": " + shown)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
