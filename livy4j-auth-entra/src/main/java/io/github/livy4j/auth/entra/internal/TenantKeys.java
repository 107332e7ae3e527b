package io.github.livy4j.auth.entra.internal;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The tenant's ID token signing keys, read from its JWKS document with Nimbus's sources: kept
 * for {@link #TIME_TO_LIVE} (so a key the tenant stops publishing stops being trusted then),
 * read again at once when a token names a key not seen yet, at most twice per
 * {@link #MIN_REFETCH}. Time comes from the injected clock.
 */
public final class TenantKeys implements JWKSource<SecurityContext> {
  /** How long a read key set is trusted. */
  public static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

  /** The shortest interval between two reads beyond the first. */
  public static final Duration MIN_REFETCH = Duration.ofSeconds(30);

  private static final Duration REFRESH_WAIT = Duration.ofSeconds(15);

  private final JWKSetSource<SecurityContext> source;
  private final Clock clock;
  private final URI uri;

  /**
   * Creates the key source.
   *
   * @param uri the JWKS document, such as {@code https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys}
   * @param retriever reads it
   * @param clock the clock
   */
  public TenantKeys(URI uri, ResourceRetriever retriever, Clock clock) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      this.source =
          new CachingJWKSetSource<>(
              new RateLimitedJWKSetSource<>(
                  new URLBasedJWKSetSource<>(uri.toURL(), retriever), MIN_REFETCH.toMillis(), null),
              TIME_TO_LIVE.toMillis(),
              REFRESH_WAIT.toMillis(),
              null);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad key set URL " + uri, e);
    }
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    long now = clock.millis();
    JWKSet keys = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
    List<JWK> found = selector.select(keys);
    if (found.isEmpty()) {
      // a key not seen yet: the tenant may have rotated its keys
      found =
          selector.select(
              source.getJWKSet(
                  JWKSetCacheRefreshEvaluator.referenceComparison(keys), now, context));
    }
    return found;
  }

  /** @return the key set's URL */
  public URI uri() {
    return uri;
  }
}
