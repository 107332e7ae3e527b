package io.github.livy4j.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A bearer token, when it expires, and optionally when its issuer advises refreshing it (such
 * as Entra's {@code refresh_in}).
 *
 * <p>Immutable. {@code toString()} never shows the token.
 */
public final class AccessToken {
  private final String token;
  private final Instant expiresAt;
  private final Instant refreshAt;

  private AccessToken(String token, Instant expiresAt, Instant refreshAt) {
    this.token = Objects.requireNonNull(token, "token");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    this.refreshAt = refreshAt;
  }

  /**
   * A token.
   *
   * @param token the bearer token
   * @param expiresAt when it expires
   * @return the token
   * @throws IllegalArgumentException if the token is blank
   */
  public static AccessToken of(String token, Instant expiresAt) {
    return new AccessToken(token, expiresAt, null);
  }

  /**
   * The same token with the issuer's advice on when to refresh it.
   *
   * @param when the advised refresh time
   * @return the token
   */
  public AccessToken withRefreshAt(Instant when) {
    return new AccessToken(token, expiresAt, Objects.requireNonNull(when, "when"));
  }

  /** @return the bearer token; never log it */
  public String token() {
    return token;
  }

  /** @return when the token expires */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** @return when the issuer advises refreshing the token, if it said */
  public Optional<Instant> refreshAt() {
    return Optional.ofNullable(refreshAt);
  }

  /**
   * @param now the current time
   * @return whether the token has not expired yet at {@code now}
   */
  public boolean isValidAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessToken t
        && t.token.equals(token)
        && t.expiresAt.equals(expiresAt)
        && Objects.equals(t.refreshAt, refreshAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(token, expiresAt, refreshAt);
  }

  @Override
  public String toString() {
    return "AccessToken[token=<redacted>, expiresAt=" + expiresAt + "]";
  }
}
