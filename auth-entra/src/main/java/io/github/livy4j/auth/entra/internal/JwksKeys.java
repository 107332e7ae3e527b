package io.github.livy4j.auth.entra.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The tenant's ID token signing keys, from its JWKS document, fetched when a token names a key
 * not seen yet (at most once a minute).
 */
public final class JwksKeys {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REFETCH = Duration.ofMinutes(1);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final URI uri;
  private final Function<URI, String> fetch;
  private final Clock clock;
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private volatile Instant lastFetch = Instant.MIN;

  /**
   * Creates the key set.
   *
   * @param uri the JWKS document, such as {@code https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys}
   * @param fetch reads a URL's body, or {@code null} for the JDK HTTP client
   * @param clock the clock
   */
  public JwksKeys(URI uri, Function<URI, String> fetch, Clock clock) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.fetch = fetch != null ? fetch : JwksKeys::get;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The key with an id.
   *
   * @param kid the key id from the token's header
   * @return the key
   * @throws EntraAuthenticationException if the tenant publishes no such key
   */
  public PublicKey key(String kid) {
    PublicKey k = keys.get(kid);
    if (k == null) {
      synchronized (this) {
        k = keys.get(kid);
        Instant now = clock.instant();
        if (k == null && now.isAfter(lastFetch.plus(REFETCH))) {
          lastFetch = now;
          load(fetch.apply(uri));
          k = keys.get(kid);
        }
      }
    }
    if (k == null) {
      throw new EntraAuthenticationException(Reason.SIGN_IN_REQUIRED, null,
          "Sign-in rejected: the ID token is signed with a key the tenant does not publish", null);
    }
    return k;
  }

  private void load(String document) {
    try {
      JsonNode root = JSON.readTree(document);
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      for (JsonNode k : root.path("keys")) {
        if ("RSA".equals(k.path("kty").asText()) && k.hasNonNull("kid")) {
          BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("n").asText()));
          BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("e").asText()));
          keys.put(k.path("kid").asText(), rsa.generatePublic(new RSAPublicKeySpec(n, e)));
        }
      }
    } catch (Exception e) {
      throw new EntraAuthenticationException(Reason.UNREACHABLE, null,
          "The tenant's signing keys could not be read from " + uri, e);
    }
  }

  private static String get(URI uri) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new EntraAuthenticationException(Reason.UNREACHABLE, null, "The tenant's signing"
            + " keys answered " + r.statusCode() + " at " + uri, null);
      }
      return r.body();
    } catch (java.io.IOException e) {
      throw new EntraAuthenticationException(Reason.UNREACHABLE, null,
          "The tenant's signing keys could not be fetched from " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EntraAuthenticationException(Reason.UNREACHABLE, null,
          "Interrupted while fetching the tenant's signing keys", e);
    }
  }
}
