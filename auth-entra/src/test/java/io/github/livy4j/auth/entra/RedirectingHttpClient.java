package io.github.livy4j.auth.entra;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;

/** Sends MSAL's requests, whatever their host, to a local fake Entra. */
final class RedirectingHttpClient implements IHttpClient {
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");
  private final String target;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  RedirectingHttpClient(String target) {
    this.target = target;
  }

  @Override
  public IHttpResponse send(HttpRequest r) throws Exception {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest
        .newBuilder(URI.create(target + r.url().getFile())).timeout(Duration.ofSeconds(10));
    r.headers().forEach((k, v) -> {
      if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
        b.header(k, v);
      }
    });
    b.method(r.httpMethod().name(), r.body() == null
        ? java.net.http.HttpRequest.BodyPublishers.noBody()
        : java.net.http.HttpRequest.BodyPublishers.ofString(r.body()));
    java.net.http.HttpResponse<String> resp = http.send(b.build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    HttpResponse out = new HttpResponse().statusCode(resp.statusCode()).body(resp.body());
    out.addHeaders(resp.headers().map());
    return out;
  }
}
