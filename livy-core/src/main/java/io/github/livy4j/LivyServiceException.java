package io.github.livy4j;

import java.util.Objects;
import java.util.Optional;

/**
 * The Livy server answered a request with an error status.
 *
 * <p>Carries the HTTP status, the request method, the request URL with credentials and
 * sensitive query values redacted, the service's error code and request id where the dialect
 * sends them, and the response body truncated to a few kilobytes.
 */
public class LivyServiceException extends LivyException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String method;
  private final String url;
  private final String errorCode;
  private final String requestId;
  private final String body;

  /**
   * Creates an exception from the parts of a failed exchange.
   *
   * @param message what went wrong, already free of secrets
   * @param error the details of the failed exchange
   */
  public LivyServiceException(String message, ServiceError error) {
    super(message);
    Objects.requireNonNull(error, "error");
    this.statusCode = error.statusCode();
    this.method = error.method();
    this.url = error.url();
    this.errorCode = error.errorCode();
    this.requestId = error.requestId();
    this.body = error.body();
  }

  /**
   * Creates a more specific exception from a general one, keeping its details and making it the
   * cause.
   *
   * @param message what went wrong, already free of secrets
   * @param cause the general exception whose details are kept
   */
  public LivyServiceException(String message, LivyServiceException cause) {
    super(message, cause);
    this.statusCode = cause.statusCode;
    this.method = cause.method;
    this.url = cause.url;
    this.errorCode = cause.errorCode;
    this.requestId = cause.requestId;
    this.body = cause.body;
  }

  /** @return the HTTP status code of the answer */
  public int statusCode() {
    return statusCode;
  }

  /** @return the HTTP method of the failed request */
  public String method() {
    return method;
  }

  /** @return the request URL with user info and sensitive query values redacted */
  public String url() {
    return url;
  }

  /** @return the service's stable error code, when the answer carried one */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** @return the service's request id, when the answer carried one */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** @return the response body, truncated; empty when there was none */
  public String body() {
    return body;
  }

  /** @return the details of the failed exchange */
  public ServiceError error() {
    return new ServiceError(statusCode, method, url, errorCode, requestId, body);
  }
}
