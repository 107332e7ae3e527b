package io.github.livy4j.internal.http;

import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.internal.observe.UrlTemplates;
import io.github.livy4j.spi.BackendRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a backend's request into the JDK's: timeout, user agent, JSON headers, the bearer
 * token (unless the backend brings its own {@code Authorization}), HTTP/1.1 in clear text, and
 * the headers observers add.
 */
final class RequestFactory {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

  /** Headers the client sets itself, or the JDK refuses. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "authorization",
          "user-agent",
          "accept",
          "content-type",
          "content-length",
          "host",
          "connection",
          "expect",
          "upgrade",
          "proxy-authorization",
          "cookie");

  private final String userAgent;
  private final PlainHttpGuard guard;

  /**
   * Creates the factory.
   *
   * @param userAgent the user agent
   * @param guard checks requests that carry a credential
   */
  RequestFactory(String userAgent, PlainHttpGuard guard) {
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * Builds one attempt's request.
   *
   * @param request the backend's request
   * @param token the bearer token, if any
   * @param timeout the attempt's timeout
   * @param extra headers observers add
   * @return the JDK's request
   */
  HttpRequest build(
      BackendRequest request,
      Optional<AccessToken> token,
      Duration timeout,
      Map<String, String> extra) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(request.uri())
            .timeout(timeout)
            .header("User-Agent", userAgent)
            .header("Accept", "application/json");
    if ("http".equalsIgnoreCase(request.uri().getScheme())) {
      // Livy servers speak HTTP/1.1 in clear text: no HTTP/2 upgrade to offer on each request
      b.version(HttpClient.Version.HTTP_1_1);
    }
    Optional<byte[]> body = request.body();
    if (body.isPresent()) {
      b.header("Content-Type", "application/json");
      b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body.get()));
    } else {
      b.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    request.headers().forEach(b::header);
    extra.forEach(
        (name, value) -> {
          try {
            b.header(name, value);
          } catch (IllegalArgumentException e) {
            LOG.warn("An observer's header {} was refused: {}", name, e.getMessage());
          }
        });
    // a backend's own Authorization (such as Basic) wins over the bearer token
    boolean ownAuth =
        request.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"));
    if (!ownAuth) {
      token.ifPresent(t -> b.header("Authorization", "Bearer " + t.token()));
    }
    if (ownAuth || token.isPresent()) {
      guard.check(request);
    }
    return b.build();
  }

  /**
   * Checks the name of a header an observer adds.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException if the client sets that header itself, or the JDK does
   */
  static String checkedHeader(String name) {
    Objects.requireNonNull(name, "name");
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "an observer may not set the " + name + " header: livy4j sets it (or the JDK does)");
    }
    return name;
  }

  /**
   * The URL as observers see it: no user information, query values redacted.
   *
   * @param uri the request's URI
   * @return the URL to show
   */
  static URI shownUrl(URI uri) {
    try {
      return URI.create(Redaction.url(uri));
    } catch (IllegalArgumentException e) {
      return URI.create(
          uri.getScheme() + "://" + uri.getHost() + UrlTemplates.of(uri.getRawPath()));
    }
  }
}
