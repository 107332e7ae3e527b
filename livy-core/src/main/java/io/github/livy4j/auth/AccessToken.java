package io.github.livy4j.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token and when it expires.
 *
 * <p>{@code toString()} never shows the token.
 *
 * @param token the bearer token
 * @param expiresAt when it expires
 */
public record AccessToken(String token, Instant expiresAt) {

  /** Validates the token. */
  public AccessToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
  }

  @Override
  public String toString() {
    return "AccessToken[token=<redacted>, expiresAt=" + expiresAt + "]";
  }
}
