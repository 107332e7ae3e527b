package io.github.livy4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Livy server answered a request with an error status.
 *
 * <p>Carries the HTTP status, the request method, the request URL with credentials and
 * sensitive query values redacted, the service's error code and request id where the dialect
 * sends them, the response body truncated to a few kilobytes, and the wait the server asked for
 * before the next request ({@link #retryAfter()}), when it named one.
 */
public class LivyServiceException extends LivyException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String method;
  private final String url;
  private final String errorCode;
  private final String requestId;
  private final String body;
  private final Duration retryAfter;

  /**
   * Creates an exception from the parts of a failed exchange.
   *
   * @param message what went wrong, already free of secrets
   * @param error the details of the failed exchange
   */
  public LivyServiceException(String message, ServiceError error) {
    this(message, error, null);
  }

  /**
   * Creates an exception from the parts of a failed exchange whose answer asked for a wait.
   *
   * @param message what went wrong, already free of secrets
   * @param error the details of the failed exchange
   * @param retryAfter how long the server asked the caller to wait before the next request, or
   *     {@code null} when it did not say; a negative wait is taken as none
   */
  public LivyServiceException(String message, ServiceError error, Duration retryAfter) {
    super(message);
    Objects.requireNonNull(error, "error");
    this.retryAfter = retryAfter != null && retryAfter.isNegative() ? Duration.ZERO : retryAfter;
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
    this.retryAfter = cause.retryAfter;
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

  /**
   * How long the server asked the caller to wait before the next request: its {@code
   * Retry-After} header (seconds or a date), or the time a throttling answer's body names
   * (Fabric's {@code until:}). A {@code 503} with {@code Retry-After} carries it as a {@code 429}
   * does.
   *
   * @return the wait, when the answer named one
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** @return the details of the failed exchange */
  public ServiceError error() {
    return new ServiceError(statusCode, method, url, errorCode, requestId, body);
  }
}
