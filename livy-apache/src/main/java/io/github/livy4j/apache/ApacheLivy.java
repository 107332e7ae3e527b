package io.github.livy4j.apache;

import io.github.livy4j.apache.internal.ApacheLivyBackend;
import io.github.livy4j.spi.LivyBackend;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
  private static final Set<String> RESERVED_HEADERS =
      Set.of("authorization", "content-type", "content-length", "host", "user-agent");

  private ApacheLivy() {}

  /**
   * A backend for the server at a base URL, with default settings.
   *
   * @param baseUri such as {@code http://localhost:8998} or {@code https://host/livy}
   * @return the backend
   * @throws IllegalArgumentException if the URL is not absolute http(s)
   */
  public static LivyBackend at(URI baseUri) {
    return builder(baseUri).build();
  }

  /**
   * A builder for a backend for the server at a base URL.
   *
   * @param baseUri such as {@code http://localhost:8998} or {@code https://host/livy}
   * @return the builder
   * @throws IllegalArgumentException if the URL is not absolute http(s)
   */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** Builds an Apache Livy backend. */
  public static final class Builder {
    private final URI baseUri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String requestedBy = "livy4j";
    private String serverVersion;
    private String basicAuth;

    private Builder(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      String scheme =
          baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
      if (!baseUri.isAbsolute()
          || !(scheme.equals("http") || scheme.equals("https"))
          || baseUri.getHost() == null) {
        throw new IllegalArgumentException(
            "Livy base URL must be an absolute http(s) URL, was '"
                + baseUri.getScheme()
                + "://"
                + baseUri.getHost()
                + "'");
      }
      if (baseUri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "put credentials in basicAuth(...), not in the Livy base URL");
      }
      if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
        throw new IllegalArgumentException("the Livy base URL must have no query or fragment");
      }
      this.baseUri = baseUri;
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
