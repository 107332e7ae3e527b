package io.github.livy4j.micrometer.internal;

import io.github.livy4j.observe.HttpResult;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.net.URI;

/**
 * The values of the tags {@code LivyMetrics} and {@code LivyObservations} share, computed in one
 * place so that both give the same series.
 */
public final class TagValues {
  /** The value of a tag that has nothing to say, as Micrometer's own conventions write it. */
  public static final String NONE = "none";

  /** An operation that ended without failure. */
  public static final String SUCCESS = "SUCCESS";

  /** An operation that failed. */
  public static final String FAILURE = "FAILURE";

  /** The {@code status} of an attempt that got no answer. */
  public static final String IO_ERROR = "IO_ERROR";

  private TagValues() {}

  /**
   * The name of an exception's class for the {@code exception} tag: its simple name, or for a
   * class without one (anonymous, or a lambda's) its full name, never an empty value.
   *
   * @param failure the exception, or {@code null}
   * @return the name, or {@value #NONE}
   */
  public static String exception(Throwable failure) {
    if (failure == null) {
      return NONE;
    }
    Class<?> type = failure.getClass();
    String simple = type.getSimpleName();
    return simple.isEmpty() ? type.getName() : simple;
  }

  /**
   * The {@code exception} of an attempt: only when it got no answer, since an answer's status
   * already says what went wrong.
   *
   * @param result how it ended
   * @return the exception's name, or {@value #NONE}
   */
  public static String exception(HttpResult result) {
    return result.status().isPresent() ? NONE : exception(result.failure().orElse(null));
  }

  /**
   * @param result how an attempt ended
   * @return its status, or {@value #IO_ERROR} when no answer came
   */
  public static String status(HttpResult result) {
    return result.status().isPresent() ? Integer.toString(result.status().getAsInt()) : IO_ERROR;
  }

  /**
   * @param result how an attempt ended
   * @return Micrometer's HTTP {@code outcome}: {@code SUCCESS}, {@code CLIENT_ERROR}, ...,
   *     {@code UNKNOWN} when no answer came
   */
  public static String outcome(HttpResult result) {
    return Outcome.forStatus(result.status().orElse(0)).name();
  }

  /**
   * @param failure what an operation failed with, or {@code null}
   * @return {@value #SUCCESS} or {@value #FAILURE}
   */
  public static String outcome(Throwable failure) {
    return failure == null ? SUCCESS : FAILURE;
  }

  /**
   * @param url a request's URL
   * @return its host, as {@code server.address}
   */
  public static String serverAddress(URI url) {
    String host = url.getHost();
    return host == null ? "unknown" : host;
  }

  /**
   * @param url a request's URL
   * @return its port, the scheme's default when it names none, as {@code server.port}
   */
  public static String serverPort(URI url) {
    int port = url.getPort();
    if (port < 0) {
      port = "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }
    return Integer.toString(port);
  }

  /**
   * @param result how an attempt ended
   * @return why the client sends it again: {@code throttled}, {@code capacity}, {@code token} or
   *     {@code error}
   */
  public static String retryReason(HttpResult result) {
    if (result.throttled()) {
      return "throttled";
    }
    if (result.capacityRejected()) {
      return "capacity";
    }
    return result.tokenRejected() ? "token" : "error";
  }
}
