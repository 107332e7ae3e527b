package io.github.livy4j.auth;

import io.github.livy4j.internal.auth.RefreshingTokenProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Ready-made {@link TokenProvider}s. */
public final class TokenProviders {
  private static final TokenProvider NONE = Optional::empty;

  private TokenProviders() {}

  /** @return a provider that sends no token (servers without authentication, or Basic auth) */
  public static TokenProvider none() {
    return NONE;
  }

  /**
   * A provider that always sends the same token, for tests and short scripts.
   *
   * @param token the bearer token
   * @return the provider
   */
  public static TokenProvider fixed(String token) {
    AccessToken t = AccessToken.of(Objects.requireNonNull(token, "token"), Instant.MAX);
    return () -> Optional.of(t);
  }

  /**
   * A provider that caches the source's token and refreshes it 5 minutes before it expires
   * (or at the issuer's refresh time when earlier), one refresh at a time however many threads
   * ask. A failed refresh keeps the still-valid token in use and is tried again after 30 s. A
   * 401 forces one refresh through {@link TokenSource#fetchAfterRejection}, once however many
   * callers report the same rejected token; the rejected token is not served again, and after a
   * failed forced refresh the source is not asked again for 30 s either. Every Entra provider of
   * livy4j sits behind this layer.
   *
   * <pre>{@code
   * TokenProvider tokens = TokenProviders.refreshing(() -> myIssuer.fetchToken());
   * }</pre>
   *
   * @param source where tokens come from
   * @return the provider
   */
  public static TokenProvider refreshing(TokenSource source) {
    return refreshingBuilder(source).build();
  }

  /**
   * A builder for {@link #refreshing(TokenSource)} with other timings or a test clock.
   *
   * @param source where tokens come from
   * @return the builder
   */
  public static RefreshingBuilder refreshingBuilder(TokenSource source) {
    return new RefreshingBuilder(Objects.requireNonNull(source, "source"));
  }

  /** Builds a refreshing provider. */
  public static final class RefreshingBuilder {
    private final TokenSource source;
    private Duration refreshBefore = Duration.ofMinutes(5);
    private Duration pauseAfterFailure = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private RefreshingBuilder(TokenSource source) {
      this.source = source;
    }

    /**
     * @param margin how long before expiry to refresh; default 5 minutes
     * @return this builder
     */
    public RefreshingBuilder refreshBefore(Duration margin) {
      this.refreshBefore = nonNegative(margin, "refreshBefore");
      return this;
    }

    /**
     * @param pause how long to wait after a failed refresh; default 30 seconds
     * @return this builder
     */
    public RefreshingBuilder pauseAfterFailure(Duration pause) {
      this.pauseAfterFailure = nonNegative(pause, "pauseAfterFailure");
      return this;
    }

    /**
     * @param clock the clock expiry is judged by; for tests
     * @return this builder
     */
    public RefreshingBuilder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @return the provider */
    public TokenProvider build() {
      return new RefreshingTokenProvider(source, refreshBefore, pauseAfterFailure, clock);
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
