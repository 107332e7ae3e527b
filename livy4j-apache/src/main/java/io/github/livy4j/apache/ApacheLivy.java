package io.github.livy4j.apache;

import io.github.livy4j.apache.internal.ApacheLivyBackend;
import io.github.livy4j.spi.BaseUrls;
import io.github.livy4j.spi.LivyBackend;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backend for a self-hosted Apache Livy server.
 *
 * <pre>{@code
 * try (LivyClient client = LivyClient.builder()
 *         .backend(ApacheLivy.at(URI.create("http://localhost:8998")))
 *         .build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The backend sends {@code X-Requested-By} on every request that is not a GET (Livy's CSRF
 * protection wants it, and it is harmless when that is off), and learns the server version
 * from {@code GET /version} unless it is given, so that it never sends a create field the
 * server rejects ({@code ttl} needs 0.8, {@code idleTimeout} needs 0.9).
 */
public final class ApacheLivy {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?([-.].*)?");

  /** The URL of one session or batch: {@code <base>/sessions/<id>[/...]}. */
  private static final Pattern ONE_RESOURCE =
      Pattern.compile("(.*?)/(sessions|batches)/([0-9]+)(/.*)?");

  /** The URL of the sessions or batches: {@code <base>/sessions}. */
  private static final Pattern RESOURCES = Pattern.compile("(.*)/(sessions|batches)");

  private static final Set<String> RESERVED_HEADERS =
      Set.of("authorization", "content-type", "content-length", "host", "user-agent");

  private ApacheLivy() {}

  /**
   * A backend for the server at a base URL, with default settings.
   *
   * <p>The URL is the server's root, under which Livy serves {@code /sessions} and {@code
   * /batches}: {@code http://localhost:8998}, or behind a gateway with a context path such as
   * {@code https://gw.example.com/livy}. Trailing slashes and one trailing {@code /sessions} or
   * {@code /batches} (as copied from Livy's REST documentation) are dropped. Refused at once,
   * with a message that quotes the URL and says what to use instead:
   *
   * <ul>
   *   <li>a URL without {@code http://} or {@code https://} (such as {@code localhost:8998});
   *   <li>a URL without a valid host;
   *   <li>user info ({@code http://user:password@host}): the JDK client would not send it, give
   *       the credentials to {@link Builder#basicAuth(String, String)};
   *   <li>a query or a fragment: requests add their paths to the base URL, so a query would end
   *       up in front of them, and a fragment is never sent;
   *   <li>the URL of one session or batch ({@code .../sessions/3}, {@code .../batches/3/log});
   *   <li>an empty path segment ({@code http://host//livy});
   *   <li>a Microsoft Fabric URL (host {@code *.fabric.microsoft.com}, or a path with {@code
   *       /workspaces/<id>/lakehouses/<id>}): that is {@code FabricLivy.endpoint(URI)}'s, in
   *       the livy4j-fabric module.
   * </ul>
   *
   * @param baseUri such as {@code http://localhost:8998} or {@code https://host/livy}
   * @return the backend
   * @throws IllegalArgumentException if the URL is refused, as listed above
   */
  public static LivyBackend at(URI baseUri) {
    return builder(baseUri).build();
  }

  /**
   * A builder for a backend for the server at a base URL, which is checked and cleaned as by
   * {@link #at(URI)}.
   *
   * @param baseUri such as {@code http://localhost:8998} or {@code https://host/livy}
   * @return the builder
   * @throws IllegalArgumentException if the URL is refused, as {@link #at(URI)} lists
   */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** A Microsoft Fabric host, or a lakehouse's path: not an Apache Livy server's URL. */
  private static final Pattern FABRIC =
      Pattern.compile(
          "(^|[/.@])fabric\\.microsoft\\.com([:/?#]|$)"
              + "|/workspaces/[^/?#]+/lakehouses/[^/?#]+(?:[/?#]|$)");

  private static boolean looksLikeFabric(URI url) {
    return FABRIC.matcher(url.toString().toLowerCase(Locale.ROOT)).find();
  }

  private static URI baseUrl(URI given) {
    Objects.requireNonNull(given, "baseUri");
    String quoted = BaseUrls.quote(given);
    if (looksLikeFabric(given)) {
      throw new IllegalArgumentException(
          "'"
              + quoted
              + "' is a Microsoft Fabric URL, not an Apache Livy server's: for a lakehouse's"
              + " Livy endpoint use FabricLivy.endpoint(URI), from the livy4j-fabric module");
    }
    URI url =
        BaseUrls.check(
            given,
            "Livy base URL",
            "http://localhost:8998",
            "with ApacheLivy.builder(uri).basicAuth(user, password)");
    String path = url.getRawPath();
    Matcher one = ONE_RESOURCE.matcher(path);
    if (one.matches()) {
      throw new IllegalArgumentException(
          "Livy base URL '"
              + quoted
              + "' is the URL of "
              + (one.group(2).equals("sessions") ? "session " : "batch ")
              + one.group(3)
              + ", not of the server: use "
              + BaseUrls.withPath(url, one.group(1)));
    }
    Matcher list = RESOURCES.matcher(path);
    if (list.matches()) {
      path = BaseUrls.stripTrailingSlashes(list.group(1));
    }
    if (path.contains("//")) {
      throw new IllegalArgumentException(
          "Livy base URL '"
              + quoted
              + "' has an empty path segment ('//'): use "
              + BaseUrls.withPath(url, path.replaceAll("/{2,}", "/")));
    }
    return BaseUrls.withPath(url, path);
  }

  /** Builds an Apache Livy backend. */
  public static final class Builder {
    private final URI baseUri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String requestedBy = "livy4j";
    private String serverVersion;
    private String basicAuth;

    private Builder(URI baseUri) {
      this.baseUri = baseUrl(baseUri);
    }

    /**
     * Sends HTTP Basic credentials with every request. A bearer token from the client's
     * credential is then not sent.
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder basicAuth(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (user.isEmpty() || user.contains(":")) {
        throw new IllegalArgumentException("user must be non-empty and contain no ':'");
      }
      this.basicAuth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /**
     * Adds a header to every request, such as a gateway's routing header.
     *
     * @param name the header name; not one the client manages ({@code Authorization},
     *     {@code Content-Type}, {@code Host}, {@code User-Agent})
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isBlank() || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "header '"
                + name
                + "' cannot be set here"
                + (name.equalsIgnoreCase("authorization")
                    ? "; use basicAuth or a credential"
                    : ""));
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("header '" + name + "' value has a line break");
      }
      headers.put(name, value);
      return this;
    }

    /**
     * Sets the {@code X-Requested-By} value sent on non-GET requests; default {@code livy4j}.
     *
     * @param value the value, or {@code null} to send no such header
     * @return this builder
     */
    public Builder requestedBy(String value) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException("X-Requested-By value must not be blank");
      }
      this.requestedBy = value;
      return this;
    }

    /**
     * Sets the server version instead of asking {@code GET /version}.
     *
     * @param version such as {@code 0.7.1-incubating} or {@code 0.8.0}
     * @return this builder
     */
    public Builder serverVersion(String version) {
      Objects.requireNonNull(version, "version");
      if (!VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException(
            "server version '" + version + "' is not of the form 0.7.1 or 0.7.1-incubating");
      }
      this.serverVersion = version;
      return this;
    }

    /** @return the backend */
    public LivyBackend build() {
      return new ApacheLivyBackend(baseUri, headers, requestedBy, serverVersion, basicAuth);
    }
  }
}
