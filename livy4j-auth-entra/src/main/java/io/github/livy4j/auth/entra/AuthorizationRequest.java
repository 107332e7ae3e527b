package io.github.livy4j.auth.entra;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A pending sign-in: the URL to send the browser to, and the single-use values to keep on the
 * server until the redirect comes back. {@code toString()} shows none of the secrets.
 *
 * @param url the Entra authorization URL
 * @param state the anti-forgery value the redirect must echo
 * @param nonce the value the ID token must carry
 * @param codeVerifier the PKCE verifier; never send it to the browser
 * @param redirectUri the redirect URI the code is redeemed for
 * @param scopes the scopes asked for
 * @param createdAt when the request was made, to expire stale ones
 */
public record AuthorizationRequest(
    URI url,
    String state,
    String nonce,
    String codeVerifier,
    URI redirectUri,
    java.util.Set<String> scopes,
    Instant createdAt) {

  /** Validates the request. */
  public AuthorizationRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(codeVerifier, "codeVerifier");
    Objects.requireNonNull(redirectUri, "redirectUri");
    scopes = java.util.Set.copyOf(scopes);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String toString() {
    return "AuthorizationRequest[redirectUri=" + redirectUri + ", createdAt=" + createdAt + "]";
  }
}
