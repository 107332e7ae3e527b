package io.github.livy4j.internal.http;

import io.github.livy4j.AuthenticationException;
import io.github.livy4j.CapacityExceededException;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.ServiceError;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.Redactor;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns error answers and lost answers into the SDK's exceptions, with the server's details
 * and without any credential the request carried, in whatever form the server echoes it.
 */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

  private ErrorMapper() {}

  /** What kind of refusal an error answer is, beyond its status. */
  enum Kind {
    /** As its status says. */
    PLAIN,
    /** The service throttles the caller. */
    THROTTLED,
    /** The service has no capacity for the request now. */
    NO_CAPACITY
  }

  /**
   * The exception for an error answer.
   *
   * @param request the request
   * @param response the answer, its body read whole
   * @param where the request for messages
   * @param credentials the tokens the request was sent with
   * @param kind what kind of refusal it is
   * @param retryAfter the wait the answer asks for, or {@code null}
   * @return the exception
   */
  static LivyServiceException answer(
      BackendRequest request,
      HttpResponse<?> response,
      String where,
      List<String> credentials,
      Kind kind,
      Duration retryAfter) {
    int status = response.statusCode();
    String contentType = response.headers().firstValue("Content-Type").orElse(null);
    // a server that echoes a credential it was sent must not put it into an exception
    String body = sentCredentials(request, credentials).redact(bodyText(response));
    ErrorBodies.Parsed parsed = ErrorBodies.parse(contentType, body);
    ServiceError details =
        new ServiceError(
            status,
            request.method(),
            Redaction.url(request.uri()),
            parsed.errorCode(),
            parsed.requestId(),
            ErrorBodies.truncate(body));
    StringBuilder msg = new StringBuilder(where).append(" answered ").append(status);
    if (parsed.errorCode() != null) {
      msg.append(" ").append(parsed.errorCode());
    }
    if (!parsed.message().isEmpty()) {
      msg.append(": ").append(parsed.message());
    }
    if (parsed.requestId() != null) {
      msg.append(" (request id ").append(parsed.requestId()).append(')');
      LOG.debug("{} failed with request id {}", where, parsed.requestId());
    }
    String message = msg.toString();
    if (status == 401 || status == 403) {
      return new AuthenticationException(message, details);
    }
    if (kind == Kind.NO_CAPACITY) {
      return new CapacityExceededException(message, details);
    }
    if (status == 429 || kind == Kind.THROTTLED) {
      return new ThrottledException(message, details, retryAfter);
    }
    return new LivyServiceException(message, details, retryAfter);
  }

  /**
   * The failure of an attempt that never connected: safe to repeat whatever it is.
   *
   * @param where the request for messages
   * @param e the JDK's failure
   * @return the exception
   */
  static LivyClientException notConnected(String where, IOException e) {
    return new LivyClientException("Could not connect for " + where + ": " + describe(e), e, false);
  }

  /**
   * The failure of an attempt whose answer did not come within the request timeout.
   *
   * @param where the request for messages
   * @param timeout the request timeout
   * @param e the JDK's failure
   * @param idempotent whether the request may be repeated (else its outcome is unknown)
   * @return the exception
   */
  static LivyClientException noAnswer(
      String where, Duration timeout, IOException e, boolean idempotent) {
    return new LivyClientException(
        "No answer within " + timeout.toMillis() + " ms for " + where, e, !idempotent);
  }

  /**
   * The failure of an attempt whose connection failed after the request went out.
   *
   * @param where the request for messages
   * @param e the JDK's failure
   * @param idempotent whether the request may be repeated (else its outcome is unknown)
   * @return the exception
   */
  static LivyClientException lost(String where, IOException e, boolean idempotent) {
    return new LivyClientException(
        "Connection failed during " + where + ": " + describe(e), e, !idempotent);
  }

  /**
   * The body of an answer read whole (an error answer always is) as text.
   *
   * @param response the answer
   * @return the text, empty when the body was streamed
   */
  static String bodyText(HttpResponse<?> response) {
    return new String(body(response), StandardCharsets.UTF_8);
  }

  /**
   * The body of an answer read whole.
   *
   * @param response the answer
   * @return the bytes, empty when the body was streamed
   */
  static byte[] body(HttpResponse<?> response) {
    return response.body() instanceof byte[] b ? b : new byte[0];
  }

  /** Every credential the request carried, for hiding in whatever form it comes back. */
  private static Redactor sentCredentials(BackendRequest request, List<String> credentials) {
    List<String> secrets = new ArrayList<>(credentials);
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (name.equalsIgnoreCase("Authorization")
                  || name.equalsIgnoreCase("Proxy-Authorization")) {
                secrets.addAll(headerCredentials(value));
              }
            });
    return Redactor.of(secrets);
  }

  /**
   * The secrets in an {@code Authorization} value: the value, its credential, and for Basic the
   * decoded {@code user:password} and the password.
   *
   * @param value the header's value
   * @return the secrets
   */
  static List<String> headerCredentials(String value) {
    List<String> out = new ArrayList<>();
    out.add(value);
    int space = value.indexOf(' ');
    String credential = space < 0 ? value : value.substring(space + 1).strip();
    out.add(credential);
    if (space > 0 && value.substring(0, space).equalsIgnoreCase("Basic")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
        out.add(decoded);
        int colon = decoded.indexOf(':');
        if (colon >= 0) {
          out.add(decoded.substring(colon + 1));
        }
      } catch (IllegalArgumentException e) {
        // not Base64: the value itself is hidden
      }
    }
    return out;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
  }
}
