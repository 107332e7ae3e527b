package io.github.livy4j.auth;

import java.util.Optional;

/**
 * Supplies the bearer token livy4j sends with every request.
 *
 * <p>livy4j asks for a token on every HTTP request, so a provider must be cheap when its
 * token is cached. When the server answers 401, livy4j calls {@link #refresh(AccessToken)}
 * once and replays the request with the new token.
 *
 * <pre>{@code
 * LivyClient client = LivyClient.builder()
 *     .backend(ApacheLivy.at(URI.create("https://livy.example.com")))
 *     .credential(() -> Optional.of(myTokenCache.current()))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface TokenProvider {

  /**
   * Returns the token for the next request.
   *
   * @return the token, or empty to send no {@code Authorization} header
   * @throws io.github.livy4j.LivyException if no token can be had
   */
  Optional<AccessToken> getToken();

  /**
   * Returns a fresh token after the server rejected {@code rejected}; the default asks
   * {@link #getToken()} again.
   *
   * @param rejected the token the server answered 401 to
   * @return the new token, or empty to send none
   * @throws io.github.livy4j.LivyException if no token can be had
   */
  default Optional<AccessToken> refresh(AccessToken rejected) {
    return getToken();
  }
}
