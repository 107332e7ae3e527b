package io.github.livy4j;

import java.util.Objects;

/**
 * The details of an exchange that the server answered with an error status.
 *
 * @param statusCode the HTTP status code
 * @param method the HTTP method
 * @param url the request URL, already redacted
 * @param errorCode the service's error code, or {@code null}
 * @param requestId the service's request id, or {@code null}
 * @param body the response body, truncated; empty when there was none
 */
public record ServiceError(
    int statusCode, String method, String url, String errorCode, String requestId, String body) {

  /** Validates the details. */
  public ServiceError {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
  }
}
