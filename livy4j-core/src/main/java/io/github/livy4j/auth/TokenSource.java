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

  /**
   * Fetches a new token after a server rejected {@code rejected} (answered 401 to it). The
   * default calls {@link #fetch()}; a source whose issuer keeps a cache of its own must bypass
   * that cache here, or it may hand the rejected token back.
   *
   * @param rejected the token the server rejected
   * @return a new token
   * @throws RuntimeException (preferably an {@link io.github.livy4j.LivyException}) when no token
   *     can be had
   */
  default AccessToken fetchAfterRejection(AccessToken rejected) {
    return fetch();
  }
}
