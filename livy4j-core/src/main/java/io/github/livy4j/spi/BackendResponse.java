package io.github.livy4j.spi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A successful (2xx or 3xx) HTTP answer handed back to a backend. Error answers never reach
 * the backend as responses: the transport throws them as
 * {@link io.github.livy4j.LivyServiceException}s.
 */
public final class BackendResponse {
  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /**
   * Creates a response.
   *
   * @param statusCode the status
   * @param headers the headers
   * @param body the body, empty when there was none
   */
  public BackendResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {
    this.statusCode = statusCode;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers").forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = java.util.Collections.unmodifiableMap(h);
    this.body = Objects.requireNonNull(body, "body").clone();
  }

  /**
   * Creates a response from what the JDK client received, without copying it: the body array
   * is taken over, and the caller must not change it afterwards.
   *
   * @param statusCode the status
   * @param headers the headers
   * @param body the body, empty when there was none
   */
  public BackendResponse(int statusCode, java.net.http.HttpHeaders headers, byte[] body) {
    this.statusCode = statusCode;
    this.headers = Objects.requireNonNull(headers, "headers").map();
    this.body = Objects.requireNonNull(body, "body");
  }

  /** @return the status */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The first value of a header.
   *
   * @param name the header name, in any case
   * @return the value, when present
   */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** @return the body as UTF-8 text */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** @return the body as a stream, without a copy */
  public java.io.InputStream bodyStream() {
    return new java.io.ByteArrayInputStream(body);
  }

  /** @return whether the body is empty */
  public boolean hasBody() {
    return body.length > 0;
  }
}
