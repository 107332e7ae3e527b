package io.github.livy4j.testkit.contract;

import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Token providers for tests of what the client does with tokens. */
public final class TestTokens {
  private TestTokens() {}

  /**
   * A provider that gives {@code prefix + n}, and a new token ({@code n + 1}) each time the
   * server rejects the current one: as an identity provider renews a token on a 401.
   *
   * @param prefix the start of every token
   * @return the provider
   */
  public static TokenProvider rotating(String prefix) {
    AtomicInteger issued = new AtomicInteger();
    return new TokenProvider() {
      @Override
      public Optional<AccessToken> getToken() {
        return Optional.of(AccessToken.of(prefix + issued.get(), Instant.MAX));
      }

      @Override
      public Optional<AccessToken> refresh(AccessToken rejected) {
        issued.incrementAndGet();
        return getToken();
      }
    };
  }
}
