package io.github.livy4j.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.CapturedLogs;
import io.github.livy4j.LivyException;
import io.github.livy4j.TestTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(io.github.livy4j.NoSecretLeaks.class)
class RefreshingTokenProviderTest {
  static {
    for (String fed :
        List.of(
            "t1-secret",
            "t2-secret",
            "t3-secret",
            "t5-secret",
            "cached-secret",
            "new-secret",
            "same-secret")) {
      io.github.livy4j.NoSecretLeaks.secret(fed);
    }
  }

  private final TestTime time = new TestTime();

  /** Issues tokens "t1", "t2", ... valid for an hour from the test clock. */
  private final class Issuer implements TokenSource {
    final AtomicInteger fetches = new AtomicInteger();
    volatile RuntimeException failWith;
    volatile CountDownLatch gate;
    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile Duration refreshIn;

    @Override
    public AccessToken fetch() {
      int n = fetches.incrementAndGet();
      entered.countDown();
      CountDownLatch g = gate;
      if (g != null) {
        try {
          g.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failWith != null) {
        throw failWith;
      }
      AccessToken t = AccessToken.of("t" + n + "-secret", time.instant().plus(Duration.ofHours(1)));
      return refreshIn == null ? t : t.withRefreshAt(time.instant().plus(refreshIn));
    }
  }

  private TokenProvider provider(Issuer issuer) {
    return TokenProviders.refreshingBuilder(issuer).clock(time).build();
  }

  private static String token(TokenProvider p) {
    return p.getToken().orElseThrow().token();
  }

  @Test
  void cachesTheToken_untilFiveMinutesBeforeExpiry() {
    Issuer issuer = new Issuer();
    TokenProvider p = provider(issuer);
    assertThat(token(p)).isEqualTo("t1-secret");
    time.advance(Duration.ofMinutes(54).plusSeconds(59));
    assertThat(token(p)).isEqualTo("t1-secret");
    assertThat(issuer.fetches).hasValue(1);
    time.advance(Duration.ofSeconds(1));
    assertThat(token(p)).isEqualTo("t2-secret");
    assertThat(issuer.fetches).hasValue(2);
  }

  @Test
  void anEarlierRefreshHint_isHonoured() {
    Issuer issuer = new Issuer();
    issuer.refreshIn = Duration.ofMinutes(30);
    TokenProvider p = provider(issuer);
    token(p);
    time.advance(Duration.ofMinutes(29));
    assertThat(token(p)).isEqualTo("t1-secret");
    time.advance(Duration.ofMinutes(1));
    assertThat(token(p)).isEqualTo("t2-secret");
  }

  @Test
  void sixtyFourThreadsWithoutAToken_causeOneFetch() throws Exception {
    Issuer issuer = new Issuer();
    issuer.gate = new CountDownLatch(1);
    TokenProvider p = provider(issuer);
    List<String> seen = askFromManyThreads(p, 64, issuer);
    assertThat(issuer.fetches).hasValue(1);
    assertThat(seen).hasSize(64).containsOnly("t1-secret");
  }

  @Test
  void duringARefresh_63OtherThreadsGetTheValidTokenAtOnce_andOnlyOneFetchHappens()
      throws Exception {
    Issuer issuer = new Issuer();
    TokenProvider p = provider(issuer);
    token(p);
    time.advance(Duration.ofMinutes(56)); // inside the refresh window, still valid
    issuer.gate = new CountDownLatch(1);
    issuer.entered = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      Future<String> refresher = pool.submit(() -> token(p));
      assertThat(issuer.entered.await(30, TimeUnit.SECONDS)).isTrue();
      // the refresh is held open: every other caller must still be served, without waiting
      List<Future<String>> others = new ArrayList<>();
      for (int i = 0; i < 63; i++) {
        others.add(pool.submit(() -> token(p)));
      }
      for (Future<String> f : others) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("t1-secret");
      }
      issuer.gate.countDown();
      assertThat(refresher.get(30, TimeUnit.SECONDS)).isEqualTo("t2-secret");
    } finally {
      pool.shutdownNow();
    }
    assertThat(issuer.fetches).hasValue(2);
    assertThat(token(p)).isEqualTo("t2-secret");
  }

  private static List<String> askFromManyThreads(TokenProvider p, int n, Issuer issuer)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return token(p);
                }));
      }
      start.countDown();
      assertThat(issuer.entered.await(30, TimeUnit.SECONDS)).isTrue();
      issuer.gate.countDown();
      List<String> seen = new ArrayList<>();
      for (Future<String> f : results) {
        seen.add(f.get(30, TimeUnit.SECONDS));
      }
      return seen;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedRefresh_keepsTheValidToken_pauses30s_andFailsOnceExpired() {
    Issuer issuer = new Issuer();
    TokenProvider p = provider(issuer);
    token(p);
    time.advance(Duration.ofMinutes(56));
    issuer.failWith = new LivyException("Entra is unreachable");
    assertThat(token(p)).isEqualTo("t1-secret");
    assertThat(issuer.fetches).hasValue(2);
    time.advance(Duration.ofSeconds(29));
    assertThat(token(p)).isEqualTo("t1-secret");
    assertThat(issuer.fetches).as("no attempt within the pause").hasValue(2);
    time.advance(Duration.ofSeconds(1));
    assertThat(token(p)).isEqualTo("t1-secret");
    assertThat(issuer.fetches).hasValue(3);
    time.advance(Duration.ofMinutes(4)); // expired now
    assertThatThrownBy(() -> token(p)).hasMessage("Entra is unreachable");
    assertThatThrownBy(() -> token(p)).hasMessage("Entra is unreachable");
    assertThat(issuer.fetches).as("the pause holds while no token is valid").hasValue(4);
    issuer.failWith = null;
    time.advance(Duration.ofSeconds(30));
    assertThat(token(p)).isEqualTo("t5-secret");
    assertThat(CapturedLogs.lines()).noneMatch(l -> l.contains("-secret"));
  }

  @Test
  void aForcedRefresh_happensOncePerRejectedToken() {
    Issuer issuer = new Issuer();
    TokenProvider p = provider(issuer);
    AccessToken rejected = p.getToken().orElseThrow();
    assertThat(p.refresh(rejected).orElseThrow().token()).isEqualTo("t2-secret");
    // a second caller with the same rejected token gets the new one without another fetch
    assertThat(p.refresh(rejected).orElseThrow().token()).isEqualTo("t2-secret");
    assertThat(issuer.fetches).hasValue(2);
  }

  @Test
  void twentyConcurrentForcedRefreshesOfOneToken_makeOneFetch_andAllGetTheNewToken()
      throws Exception {
    Issuer issuer = new Issuer();
    TokenProvider p = provider(issuer);
    AccessToken rejected = p.getToken().orElseThrow();
    issuer.gate = new CountDownLatch(1);
    issuer.entered = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        results.add(pool.submit(() -> p.refresh(rejected).orElseThrow().token()));
      }
      assertThat(issuer.entered.await(30, TimeUnit.SECONDS)).isTrue();
      issuer.gate.countDown();
      for (Future<String> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("t2-secret");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(issuer.fetches).hasValue(2);
    assertThat(token(p)).isEqualTo("t2-secret");
  }

  @Test
  void aFailedForcedRefresh_dropsTheRejectedToken_andIsPacedLikeAnyFailedRefresh() {
    Issuer issuer = new Issuer();
    TokenProvider p = provider(issuer);
    AccessToken rejected = p.getToken().orElseThrow();
    issuer.failWith = new LivyException("Entra is unreachable");
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> p.refresh(rejected)).hasMessage("Entra is unreachable");
    }
    assertThat(issuer.fetches).as("one attempt per pause").hasValue(2);
    assertThatThrownBy(() -> token(p))
        .as("the rejected token is not served again")
        .hasMessage("Entra is unreachable");
    assertThat(issuer.fetches).hasValue(2);
    issuer.failWith = null;
    time.advance(Duration.ofSeconds(30));
    assertThat(p.refresh(rejected).orElseThrow().token()).isEqualTo("t3-secret");
    assertThat(token(p)).isEqualTo("t3-secret");
  }

  @Test
  void aForcedRefresh_asksTheSourceToSkipItsCache() {
    List<String> calls = new ArrayList<>();
    TokenSource cachingIssuer =
        new TokenSource() {
          @Override
          public AccessToken fetch() {
            calls.add("fetch");
            return AccessToken.of("cached-secret", time.instant().plus(Duration.ofHours(1)));
          }

          @Override
          public AccessToken fetchAfterRejection(AccessToken rejected) {
            calls.add("skip-cache:" + rejected.token());
            return AccessToken.of("new-secret", time.instant().plus(Duration.ofHours(1)));
          }
        };
    TokenProvider p = TokenProviders.refreshingBuilder(cachingIssuer).clock(time).build();
    AccessToken first = p.getToken().orElseThrow();
    assertThat(p.refresh(first).orElseThrow().token()).isEqualTo("new-secret");
    assertThat(calls).containsExactly("fetch", "skip-cache:cached-secret");
  }

  @Test
  void aSourceThatHandsBackTheRejectedToken_isNotAskedAgainWithinThePause() {
    AtomicInteger fetches = new AtomicInteger();
    TokenProvider p =
        TokenProviders.refreshingBuilder(
                () -> {
                  fetches.incrementAndGet();
                  return AccessToken.of("same-secret", time.instant().plus(Duration.ofHours(1)));
                })
            .clock(time)
            .build();
    AccessToken t = p.getToken().orElseThrow();
    for (int i = 0; i < 5; i++) {
      assertThat(p.refresh(t).orElseThrow().token()).isEqualTo("same-secret");
    }
    assertThat(fetches).hasValue(2);
    time.advance(Duration.ofSeconds(30));
    p.refresh(t);
    assertThat(fetches).hasValue(3);
  }

  @Test
  void builder_rejectsNegativeTimings() {
    assertThatThrownBy(
            () ->
                TokenProviders.refreshingBuilder(new Issuer())
                    .refreshBefore(Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshBefore");
    assertThat(TokenProviders.refreshing(new Issuer()).toString()).doesNotContain("secret");
  }

  @Test
  void accessToken_refreshHint_andValidity() {
    Instant now = time.instant();
    AccessToken t = AccessToken.of("x", now.plusSeconds(60));
    assertThat(t.refreshAt()).isEmpty();
    assertThat(t.withRefreshAt(now.plusSeconds(30)).refreshAt()).contains(now.plusSeconds(30));
    assertThat(t.isValidAt(now)).isTrue();
    assertThat(t.isValidAt(now.plusSeconds(60))).isFalse();
    assertThat(t).isEqualTo(AccessToken.of("x", now.plusSeconds(60)));
  }
}
