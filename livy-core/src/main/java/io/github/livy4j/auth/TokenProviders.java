package io.github.livy4j.auth;

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
    AccessToken t = new AccessToken(Objects.requireNonNull(token, "token"), Instant.MAX);
    return () -> Optional.of(t);
  }
}
