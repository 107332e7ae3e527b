package io.github.livy4j.testkit;

import java.util.Map;
import java.util.Optional;

/**
 * A request the fake server received. The {@code Authorization} header's value is recorded
 * as {@code <redacted>} with only its scheme kept.
 *
 * @param method the HTTP method
 * @param path the path, without the query
 * @param query the raw query, or empty
 * @param headers the headers (lower-case names, first values)
 * @param body the body as text
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, String> headers, String body) {

  /**
   * @param name the header name, in any case
   * @return its first value, when present
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query);
  }
}
