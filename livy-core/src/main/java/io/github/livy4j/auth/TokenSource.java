package io.github.livy4j.auth;

/**
 * Fetches a new token from its issuer, such as Entra ID; wrapped by
 * {@link TokenProviders#refreshing(TokenSource)} so it is called only when needed.
 */
@FunctionalInterface
public interface TokenSource {

  /**
   * Fetches a new token.
   *
   * @return the token
   * @throws RuntimeException (preferably an {@link io.github.livy4j.LivyException}) when no token
   *     can be had
   */
  AccessToken fetch();
}
