package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.AuthenticationException;
import io.github.livy4j.CapacityExceededException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.spi.BackendRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** Error answers as exceptions: their type, message and details, and no credential in them. */
class ErrorMapperTest {
  private static final BackendRequest GET =
      BackendRequest.get(URI.create("http://livy:8998/sessions/1?sig=abc"));

  /** An answer with its body read whole. */
  private static HttpResponse<byte[]> answer(int status, String body, String... headers) {
    Map<String, List<String>> h = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], List.of(headers[i + 1]));
    }
    HttpHeaders hh = HttpHeaders.of(h, (a, b) -> true);
    return new HttpResponse<>() {
      @Override
      public int statusCode() {
        return status;
      }

      @Override
      public HttpRequest request() {
        return HttpRequest.newBuilder(GET.uri()).build();
      }

      @Override
      public Optional<HttpResponse<byte[]>> previousResponse() {
        return Optional.empty();
      }

      @Override
      public HttpHeaders headers() {
        return hh;
      }

      @Override
      public byte[] body() {
        return body.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public Optional<SSLSession> sslSession() {
        return Optional.empty();
      }

      @Override
      public URI uri() {
        return GET.uri();
      }

      @Override
      public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
      }
    };
  }

  private static LivyServiceException map(
      int status, String body, ErrorMapper.Kind kind, Duration retryAfter) {
    return ErrorMapper.answer(
        GET,
        answer(status, body, "Content-Type", "application/json"),
        "GET x",
        List.of("tok-secret"),
        kind,
        retryAfter);
  }

  @Test
  void theStatusAndTheBackendsVerdict_chooseTheException() {
    assertThat(map(401, "{}", ErrorMapper.Kind.PLAIN, null))
        .isInstanceOf(AuthenticationException.class);
    assertThat(map(403, "{}", ErrorMapper.Kind.PLAIN, null))
        .isInstanceOf(AuthenticationException.class);
    assertThat(map(429, "{}", ErrorMapper.Kind.PLAIN, Duration.ofSeconds(7)))
        .isInstanceOfSatisfying(
            ThrottledException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    assertThat(map(503, "{}", ErrorMapper.Kind.THROTTLED, Duration.ofSeconds(3)))
        .isInstanceOf(ThrottledException.class);
    assertThat(map(430, "{}", ErrorMapper.Kind.NO_CAPACITY, null))
        .isInstanceOf(CapacityExceededException.class);
    // a status the backend does not claim is only what HTTP says it is
    assertThat(map(430, "{}", ErrorMapper.Kind.PLAIN, null))
        .isExactlyInstanceOf(LivyServiceException.class);
    assertThat(map(500, "{}", ErrorMapper.Kind.PLAIN, null))
        .isExactlyInstanceOf(LivyServiceException.class);
  }

  @Test
  void theMessage_carriesTheServersDetails_andTheBodyIsRedacted() {
    LivyServiceException e =
        map(
            500,
            "{\"errorCode\":\"Boom\",\"message\":\"bad tok-secret\"," + "\"requestId\":\"r-9\"}",
            ErrorMapper.Kind.PLAIN,
            null);
    assertThat(e).hasMessage("GET x answered 500 Boom: bad <redacted> (request id r-9)");
    assertThat(e.errorCode()).contains("Boom");
    assertThat(e.requestId()).contains("r-9");
    assertThat(e.url()).isEqualTo("http://livy:8998/sessions/1?sig=***");
    assertThat(e.body()).contains("<redacted>").doesNotContain("tok-secret");
  }

  @Test
  void aBackendsOwnAuthorization_isHiddenInTheBody() {
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString("u:pw-secret".getBytes(StandardCharsets.UTF_8));
    LivyServiceException e =
        ErrorMapper.answer(
            GET.withHeader("Authorization", basic),
            answer(400, "{\"msg\":\"you sent u:pw-secret\"}"),
            "GET x",
            List.of(),
            ErrorMapper.Kind.PLAIN,
            null);
    assertThat(e.getMessage() + e.body()).doesNotContain("pw-secret");
  }
}
