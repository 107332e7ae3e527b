package io.github.livy4j.spi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request a backend asks the transport to send.
 *
 * <p>Requests are idempotent unless built with {@link #post(URI, String, boolean)} with
 * {@code idempotent = false}: the transport never repeats such a request once the server may
 * have acted on it.
 */
public final class BackendRequest {
  private final String method;
  private final URI uri;
  private final byte[] body;
  private final boolean idempotent;
  private final Map<String, String> headers;

  private BackendRequest(
      String method, URI uri, byte[] body, boolean idempotent, Map<String, String> headers) {
    this.method = method;
    this.uri = Objects.requireNonNull(uri, "uri");
    this.body = body;
    this.idempotent = idempotent;
    this.headers = Map.copyOf(headers);
  }

  /**
   * A GET.
   *
   * @param uri the absolute URI
   * @return the request
   */
  public static BackendRequest get(URI uri) {
    return new BackendRequest("GET", uri, null, true, Map.of());
  }

  /**
   * A DELETE (idempotent).
   *
   * @param uri the absolute URI
   * @return the request
   */
  public static BackendRequest delete(URI uri) {
    return new BackendRequest("DELETE", uri, null, true, Map.of());
  }

  /**
   * A POST with a JSON body.
   *
   * @param uri the absolute URI
   * @param json the body, or {@code null} for none
   * @param idempotent whether repeating it is harmless
   * @return the request
   */
  public static BackendRequest post(URI uri, String json, boolean idempotent) {
    return new BackendRequest(
        "POST",
        uri,
        json == null ? null : json.getBytes(StandardCharsets.UTF_8),
        idempotent,
        Map.of());
  }

  /**
   * A copy with one more header. Do not put credentials here that should be refreshed; the
   * transport adds the bearer token.
   *
   * @param name the header name
   * @param value the value
   * @return the copy
   */
  public BackendRequest withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new BackendRequest(method, uri, body, idempotent, h);
  }

  /** @return the HTTP method */
  public String method() {
    return method;
  }

  /** @return the absolute URI */
  public URI uri() {
    return uri;
  }

  /** @return the JSON body, when there is one */
  public Optional<byte[]> body() {
    return Optional.ofNullable(body).map(byte[]::clone);
  }

  /** @return whether repeating the request is harmless */
  public boolean idempotent() {
    return idempotent;
  }

  /** @return extra headers */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    return method + " " + uri.getRawPath();
  }
}
