package io.github.livy4j.testkit;

import io.github.livy4j.SessionId;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notes which credential each session's requests carried, to test that a service with a client
 * per user sends each user's own token: give the clients' engine (or client) the HTTP client
 * {@link #wrap} returns, then compare {@link #bySession()} with {@link #fingerprint} of each
 * user's token. Only fingerprints (a short SHA-256 prefix) are kept, never a token, so what the
 * recorder holds can be printed. Thread-safe.
 *
 * <pre>{@code
 * CredentialRecorder seen = new CredentialRecorder();
 * LivyEngine engine = LivyEngine.builder().httpClient(seen.wrap(HttpClient.newHttpClient())).build();
 * ...
 * assertThat(seen.bySession().get(adasSession)).containsOnly(CredentialRecorder.fingerprint(adasToken));
 * }</pre>
 */
public final class CredentialRecorder {
  private static final Pattern SESSION = Pattern.compile(".*/sessions/(\\d+)(/.*)?");

  private final Map<SessionId, Set<String>> bySession = new ConcurrentHashMap<>();

  /** Creates a recorder that has seen nothing yet. */
  public CredentialRecorder() {}

  /**
   * The fingerprint of a bearer token, as {@link #bySession()} holds it.
   *
   * @param token the token
   * @return its fingerprint
   */
  public static String fingerprint(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("Bearer " + token).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the fingerprints of the credentials each session's requests carried, by session */
  public Map<SessionId, Set<String>> bySession() {
    return Map.copyOf(bySession);
  }

  /**
   * An HTTP client that sends with {@code delegate} and notes each request's credential.
   *
   * @param delegate the client that sends
   * @return the recording client
   */
  public HttpClient wrap(HttpClient delegate) {
    return new Recording(delegate);
  }

  private void note(HttpRequest request) {
    Matcher m = SESSION.matcher(request.uri().getPath());
    if (m.matches()) {
      String credential =
          request
              .headers()
              .firstValue("Authorization")
              .map(v -> fingerprint(v.startsWith("Bearer ") ? v.substring(7) : v))
              .orElse("none");
      bySession
          .computeIfAbsent(SessionId.of(m.group(1)), k -> ConcurrentHashMap.newKeySet())
          .add(credential);
    }
  }

  @Override
  public String toString() {
    return "CredentialRecorder[sessions=" + bySession.size() + "]";
  }

  private final class Recording extends ForwardingHttpClient {
    Recording(HttpClient delegate) {
      super(delegate);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      note(request);
      return delegate.send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request,
        HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> push) {
      note(request);
      return delegate.sendAsync(request, handler, push);
    }
  }
}
