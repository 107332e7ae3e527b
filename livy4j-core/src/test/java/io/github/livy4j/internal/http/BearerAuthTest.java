package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.internal.observe.Observers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A request's tokens: one per request, one refresh after a 401, every one hidden after. */
class BearerAuthTest {
  /** Hands out tok-1, then tok-2 on a refresh, noting which token was rejected. */
  static final class Tokens implements TokenProvider {
    final List<String> rejected = new ArrayList<>();
    int gets;

    @Override
    public Optional<AccessToken> getToken() {
      gets++;
      return Optional.of(AccessToken.of("tok-1", Instant.MAX));
    }

    @Override
    public Optional<AccessToken> refresh(AccessToken rejectedToken) {
      rejected.add(rejectedToken.token());
      return Optional.of(AccessToken.of("tok-2", Instant.MAX));
    }
  }

  @Test
  void aRejectedToken_isRefreshedOnce_andBothAreKnownForRedaction() {
    Tokens tokens = new Tokens();
    BearerAuth auth = new BearerAuth(tokens, Observers.NONE);
    BearerAuth.Grant grant = auth.start();
    assertThat(grant.current().map(AccessToken::token)).contains("tok-1");
    assertThat(grant.canRefresh()).isTrue();
    grant.refresh();
    assertThat(tokens.rejected).containsExactly("tok-1");
    assertThat(grant.current().map(AccessToken::token)).contains("tok-2");
    assertThat(grant.canRefresh()).as("once per request").isFalse();
    assertThat(grant.sent()).containsExactly("tok-1", "tok-2");
    // the next request starts afresh
    assertThat(auth.start().canRefresh()).isTrue();
    assertThat(tokens.gets).isEqualTo(2);
  }

  @Test
  void withoutAToken_thereIsNothingToRefresh() {
    BearerAuth.Grant grant = new BearerAuth(TokenProviders.none(), Observers.NONE).start();
    assertThat(grant.current()).isEmpty();
    assertThat(grant.canRefresh()).isFalse();
    assertThat(grant.sent()).isEmpty();
  }
}
