package io.github.livy4j.auth.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.livy4j.auth.entra.FakeEntra.CLIENT;
import static io.github.livy4j.auth.entra.FakeEntra.HOST;
import static io.github.livy4j.auth.entra.FakeEntra.REDIRECT;
import static io.github.livy4j.auth.entra.FakeEntra.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.NoSecretLeaks;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web app's sign-in and per-user tokens against a local fake Entra ID. */
@ExtendWith(NoSecretLeaks.class)
class EntraWebAppTest {
  @RegisterExtension
  static WireMockExtension entra =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private FakeEntra fake;

  @BeforeEach
  void publishSigningKeys() {
    fake = new FakeEntra(entra);
    fake.publishKeys();
  }

  private EntraWebApp app() {
    return fake.webApp(Clock.systemUTC()).build();
  }

  private SignedInUser signIn(EntraWebApp app, String oid, String claim, Object value) {
    AuthorizationRequest pending = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-" + oid,
        oid,
        fake.idToken(oid, pending.nonce(), Instant.now()).claim(claim, value).build());
    return app.completeSignIn(pending, pending.state(), "code-" + oid);
  }

  private static Map<String, String> query(URI url) {
    return Arrays.stream(url.getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> p[0],
                p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8),
                (a, b) -> a));
  }

  @Test
  void beginSignIn_buildsAPkceUrl_withStateAndNonce_andHidesItsSecrets() {
    AuthorizationRequest pending = app().beginSignIn(REDIRECT, EntraTokenProviders.FABRIC_SCOPE);
    Map<String, String> q = query(pending.url());
    assertThat(pending.url().toString()).startsWith(HOST + TENANT + "/oauth2/v2.0/authorize?");
    assertThat(q)
        .containsEntry("client_id", CLIENT)
        .containsEntry("response_type", "code")
        .containsEntry("redirect_uri", REDIRECT.toString())
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("response_mode", "query")
        .containsEntry("state", pending.state())
        .containsEntry("nonce", pending.nonce());
    assertThat(q.get("scope")).contains("https://api.fabric.microsoft.com/.default", "openid");
    assertThat(q.get("code_challenge")).isNotEqualTo(pending.codeVerifier()).hasSize(43);
    assertThat(pending.url().toString()).doesNotContain(pending.codeVerifier());
    assertThat(pending.toString())
        .doesNotContain(pending.state(), pending.nonce(), pending.codeVerifier());
    assertThat(app().beginSignIn(REDIRECT).state()).isNotEqualTo(pending.state());
  }

  @Test
  void completeSignIn_redeemsWithTheVerifier_andReturnsTheUserFromTheSignedClaims() {
    SignedInUser alice =
        signIn(app(), "alice", "roles", java.util.List.of("g-editors", "g-viewers"));
    assertThat(alice.homeAccountId()).isEqualTo("alice." + TENANT);
    assertThat(alice.username()).isEqualTo("alice@contoso.test");
    assertThat(alice.name()).isEqualTo("User alice");
    assertThat(alice.tenantId()).isEqualTo(TENANT);
    assertThat(alice.listClaim("roles")).containsExactly("g-editors", "g-viewers");
    assertThat(alice.groupsOverage()).isFalse();
    entra.verify(
        postRequestedFor(urlEqualTo(fake.tokenPath()))
            .withRequestBody(containing("grant_type=authorization_code"))
            .withRequestBody(containing("code_verifier=")));
  }

  @Test
  void signOutUrl_namesTheAccount_withTheTokensLoginHint_soEntraShowsNoAccountPicker() {
    EntraWebApp app = app();
    SignedInUser bob = signIn(app, "bob", "login_hint", "O.aBcD-opaque+hint/=");
    assertThat(bob.loginHint()).contains("O.aBcD-opaque+hint/=");
    assertThat(signIn(app, "carl", "roles", java.util.List.of()).loginHint()).isEmpty();
    URI out =
        app.signOutUrl(URI.create("http://localhost:5000/bye"), bob.loginHint().orElseThrow());
    assertThat(out.toString()).startsWith(HOST + TENANT + "/oauth2/v2.0/logout?");
    assertThat(query(out))
        .containsEntry("post_logout_redirect_uri", "http://localhost:5000/bye")
        .containsEntry("logout_hint", "O.aBcD-opaque+hint/=")
        .hasSize(2);
    assertThat(app.signOutUrl(null, "carl@contoso.test").toString())
        .isEqualTo(HOST + TENANT + "/oauth2/v2.0/logout?logout_hint=carl%40contoso.test");
    // no hint: the same URL as without one
    assertThat(app.signOutUrl(URI.create("http://localhost:5000/bye"), " "))
        .isEqualTo(app.signOutUrl(URI.create("http://localhost:5000/bye")));
    assertThat(app.signOutUrl(null, null)).isEqualTo(app.signOutUrl(null));
  }

  @Test
  void aLoopbackAuthorityHost_isUsedAsGiven_withoutInstanceDiscovery() {
    String local = entra.baseUrl() + "/";
    EntraWebApp app =
        EntraWebApp.builder(TENANT, CLIENT)
            .secret(FakeEntra.SECRET)
            .authorityHost(URI.create(local))
            .build();
    AuthorizationRequest pending = app.beginSignIn(REDIRECT);
    assertThat(pending.url().toString()).startsWith(local + TENANT + "/oauth2/v2.0/authorize?");
    fake.answerCode(
        "code-carol",
        fake.idToken("carol", pending.nonce(), Instant.now())
            .claim("iss", local + TENANT + "/v2.0")
            .build(),
        "carol",
        TENANT,
        "at-carol-1",
        "rt-carol");
    SignedInUser carol = app.completeSignIn(pending, pending.state(), "code-carol");
    assertThat(carol.homeAccountId()).isEqualTo("carol." + TENANT);
    // tokens for another resource are redeemed silently on the same host
    fake.answerRefresh("rt-carol", "at-carol-2");
    assertThat(app.forUser(carol.homeAccountId(), "https://storage.azure.com/.default").getToken())
        .hasValueSatisfying(t -> assertThat(t.token()).isEqualTo("at-carol-2"));
    assertThat(app.signOutUrl(URI.create("http://localhost:5000/bye?x=1%202")).toString())
        .isEqualTo(
            local
                + TENANT
                + "/oauth2/v2.0/logout?post_logout_redirect_uri="
                + "http%3A%2F%2Flocalhost%3A5000%2Fbye%3Fx%3D1%25202");
    assertThat(app.signOutUrl(null).toString()).isEqualTo(local + TENANT + "/oauth2/v2.0/logout");
  }

  @Test
  void anAuthorityHost_mustBeHttps_orPlainHttpOnLoopbackOnly() {
    EntraWebApp.Builder b = EntraWebApp.builder(TENANT, CLIENT);
    assertThatThrownBy(() -> b.authorityHost(URI.create("http://login.example.test/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must use https (plain http only on a loopback address");
    assertThatThrownBy(() -> b.authorityHost(URI.create("ftp://login.example.test/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an https URL");
    assertThatThrownBy(() -> b.authorityHost(URI.create("https://login.example.test/?a=b")))
        .isInstanceOf(IllegalArgumentException.class);
    b.authorityHost(URI.create("http://127.0.0.1:8080"));
    b.authorityHost(URI.create("http://[::1]:8080/"));
    b.authorityHost(URI.create("https://login.private.example.test/"));
  }

  @Test
  void groupOverage_isDetected() {
    SignedInUser bob = signIn(app(), "bob", "_claim_names", Map.of("groups", "src1"));
    assertThat(bob.groupsOverage()).isTrue();
    assertThat(bob.listClaim("groups")).isEmpty();
  }

  @Test
  void aForgedState_isRejected_withoutRedeemingTheCode() {
    EntraWebApp app = app();
    AuthorizationRequest pending = app.beginSignIn(REDIRECT);
    assertThatThrownBy(() -> app.completeSignIn(pending, "forged", "code-x"))
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED);
              assertThat(e).hasMessageContaining("state");
            });
    entra.verify(0, postRequestedFor(urlEqualTo(fake.tokenPath())));
  }

  @Test
  void idTokenChecks_rejectAWrongNonceAudienceTenantOrExpiry() {
    EntraWebApp app = app();
    Instant now = Instant.now();
    Object[][] cases = {
      {"n1", "nonce", "wrong-nonce", "nonce"},
      {"n2", "aud", "another-app", "another application"},
      {"n3", "tid", FakeEntra.OTHER_TENANT, "another tenant"},
      {"n4", "exp", now.getEpochSecond() - 600, "expired"}
    };
    for (Object[] c : cases) {
      AuthorizationRequest pending = FakeEntra.beginSignIn(app);
      FakeEntra.IdToken token = fake.idToken((String) c[0], pending.nonce(), now);
      if ("tid".equals(c[1])) {
        token.tenant((String) c[2]);
      } else {
        token.claim((String) c[1], c[2]);
      }
      fake.answerCode("code-" + c[0], (String) c[0], token.build());
      assertThatThrownBy(() -> app.completeSignIn(pending, pending.state(), "code-" + c[0]))
          .as((String) c[3])
          .isInstanceOf(EntraAuthenticationException.class)
          .hasMessageContaining((String) c[3]);
    }
  }

  @Test
  void forUser_servesEachUserTheirOwnTokens_fromSeparatePartitions() {
    EntraWebApp app = app();
    SignedInUser alice = fake.signIn(app, "alice", Instant.now());
    SignedInUser bob = fake.signIn(app, "bob", Instant.now());
    TokenProvider aliceTokens = app.forUser(alice.homeAccountId());
    TokenProvider bobTokens = app.forUser(bob.homeAccountId());
    assertThat(aliceTokens.getToken().orElseThrow().token()).isEqualTo("at-alice-1");
    assertThat(bobTokens.getToken().orElseThrow().token()).isEqualTo("at-bob-1");
    for (int i = 0; i < 5; i++) {
      assertThat(aliceTokens.getToken().orElseThrow().token()).startsWith("at-alice-");
      assertThat(bobTokens.getToken().orElseThrow().token()).startsWith("at-bob-");
    }
    assertThat(fake.partitions.keySet())
        .containsExactlyInAnyOrder(alice.homeAccountId(), bob.homeAccountId());
    assertThat(fake.partitions.get(alice.homeAccountId()))
        .contains("rt-alice")
        .doesNotContain("rt-bob")
        .doesNotContain("at-bob");
    assertThat(fake.partitions.get(bob.homeAccountId()))
        .contains("rt-bob")
        .doesNotContain("rt-alice")
        .doesNotContain("at-alice");
  }

  @Test
  void a401_forcesARefreshWithTheUsersRefreshToken() {
    EntraWebApp app = app();
    SignedInUser alice = fake.signIn(app, "alice", Instant.now());
    TokenProvider tokens = app.forUser(alice.homeAccountId());
    AccessToken first = tokens.getToken().orElseThrow();
    assertThat(tokens.refresh(first).orElseThrow().token()).isEqualTo("at-alice-2");
    assertThat(tokens.getToken().orElseThrow().token()).isEqualTo("at-alice-2");
    entra.verify(
        postRequestedFor(urlEqualTo(fake.tokenPath()))
            .withRequestBody(containing("refresh_token=rt-alice")));
  }

  @Test
  void concurrentRefreshesForTwoUsers_neverCrossTokens() throws Exception {
    EntraWebApp app = app();
    SignedInUser alice = fake.signIn(app, "alice", Instant.now());
    SignedInUser bob = fake.signIn(app, "bob", Instant.now());
    TokenProvider aliceTokens = app.forUser(alice.homeAccountId());
    TokenProvider bobTokens = app.forUser(bob.homeAccountId());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        TokenProvider p = i % 2 == 0 ? aliceTokens : bobTokens;
        String who = i % 2 == 0 ? "alice" : "bob";
        results.add(
            pool.submit(
                () -> {
                  AccessToken t = p.getToken().orElseThrow();
                  AccessToken fresh = p.refresh(t).orElseThrow();
                  return who + ":" + t.token() + ":" + fresh.token();
                }));
      }
      for (java.util.concurrent.Future<String> f : results) {
        String[] r = f.get(60, java.util.concurrent.TimeUnit.SECONDS).split(":");
        assertThat(r[1]).startsWith("at-" + r[0] + "-");
        assertThat(r[2]).startsWith("at-" + r[0] + "-");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStoredPartition_signsTheUserInAgain_afterARestart() {
    SignedInUser alice = fake.signIn(app(), "alice", Instant.now());
    EntraWebApp restarted = app();
    assertThat(restarted.forUser(alice.homeAccountId()).getToken().orElseThrow().token())
        .startsWith("at-alice-");
    restarted.signOut(alice.homeAccountId());
    assertThat(fake.partitions).isEmpty();
  }

  @Test
  void idTokenSignature_mustBeByAPublishedKey_overTheUntamperedToken() {
    EntraWebApp app = app();
    Instant now = Instant.now();
    AuthorizationRequest p1 = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-s1",
        "s1",
        fake.idToken("s1", p1.nonce(), now).signedBy("test-key", FakeEntra.STRANGER).build());
    assertThatThrownBy(() -> app.completeSignIn(p1, p1.state(), "code-s1"))
        .hasMessageContaining("signature is not valid");

    AuthorizationRequest p2 = FakeEntra.beginSignIn(app);
    String[] parts = fake.idToken("s2", p2.nonce(), now).build().split("\\.");
    String tampered =
        parts[0]
            + "."
            + fake.idToken("s2", p2.nonce(), now)
                .claim("roles", java.util.List.of("g-admins"))
                .build()
                .split("\\.")[1]
            + "."
            + parts[2];
    fake.answerCode("code-s2", "s2", tampered);
    assertThatThrownBy(() -> app.completeSignIn(p2, p2.state(), "code-s2"))
        .hasMessageContaining("signature is not valid");

    AuthorizationRequest p3 = FakeEntra.beginSignIn(app);
    fake.answerCode("code-s3", "s3", fake.idToken("s3", p3.nonce(), now).unsigned());
    assertThatThrownBy(() -> app.completeSignIn(p3, p3.state(), "code-s3"))
        .hasMessageContaining("RS256");

    AuthorizationRequest p4 = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-s4",
        "s4",
        fake.idToken("s4", p4.nonce(), now).signedBy("rotated-away", FakeEntra.SIGNING).build());
    assertThatThrownBy(() -> app.completeSignIn(p4, p4.state(), "code-s4"))
        .hasMessageContaining("does not publish");
    assertThat(fake.partitions).isEmpty();
  }
}
