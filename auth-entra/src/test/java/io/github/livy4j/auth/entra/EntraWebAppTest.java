package io.github.livy4j.auth.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.CapturedLogs;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web app's sign-in and per-user tokens against a local fake Entra ID. */
class EntraWebAppTest {
  @RegisterExtension
  static WireMockExtension entra = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).failOnUnmatchedRequests(true).build();

  private static final String TENANT = "7f3c2a10-0000-4000-8000-00000000abcd";
  private static final String CLIENT = "client-web";
  private static final String HOST = "https://login.fake.test/";
  private static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
  private static final URI REDIRECT = URI.create("http://localhost:5000/azure_auth/callback");

  private final Map<String, String> partitions = new HashMap<>();
  private final TokenCacheStore store = new TokenCacheStore() {
    @Override
    public Optional<String> load(String key) {
      return Optional.ofNullable(partitions.get(key));
    }

    @Override
    public void save(String key, String data) {
      partitions.put(key, data);
    }

    @Override
    public void delete(String key) {
      partitions.remove(key);
    }
  };

  private static final java.security.KeyPair SIGNING = rsa();
  private static final java.security.KeyPair STRANGER = rsa();

  private static java.security.KeyPair rsa() {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unsigned(java.math.BigInteger v) {
    byte[] b = v.toByteArray();
    if (b[0] == 0) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @org.junit.jupiter.api.BeforeEach
  void publishSigningKeys() {
    java.security.interfaces.RSAPublicKey k =
        (java.security.interfaces.RSAPublicKey) SIGNING.getPublic();
    entra.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/" + TENANT
        + "/discovery/v2.0/keys").willReturn(aResponse().withStatus(200).withBody(
            "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"test-key\",\"n\":\""
                + unsigned(k.getModulus()) + "\",\"e\":\"" + unsigned(k.getPublicExponent())
                + "\"}]}")));
  }

  private EntraWebApp app() {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    return EntraWebApp.builder(TENANT, CLIENT).secret("web-secret")
        .authorityHost(URI.create(HOST)).cacheStore(store)
        .httpClient(new RedirectingHttpClient(entra.baseUrl()))
        .jwksFetcher(uri -> {
          assertThat(uri.toString()).isEqualTo(HOST + TENANT + "/discovery/v2.0/keys");
          try {
            return http.send(java.net.http.HttpRequest.newBuilder(URI.create(entra.baseUrl()
                + uri.getPath())).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
          } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }).build();
  }

  private static String sign(String header, String payload, java.security.PrivateKey key) {
    try {
      String signingInput = b64(header) + "." + b64(payload);
      java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(rs256.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String idToken(String oid, String nonce, String aud, String tid, long exp,
      String extra) {
    return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"test-key\"}",
        claims(oid, nonce, aud, tid, exp, extra), SIGNING.getPrivate());
  }

  private static String claims(String oid, String nonce, String aud, String tid, long exp,
      String extra) {
    String payload = "{\"aud\":\"" + aud + "\",\"iss\":\"" + HOST + tid + "/v2.0\",\"tid\":\""
        + tid + "\",\"oid\":\"" + oid + "\",\"sub\":\"" + oid + "\",\"nonce\":\"" + nonce
        + "\",\"exp\":" + exp + ",\"iat\":" + (exp - 3600) + ",\"ver\":\"2.0\","
        + "\"preferred_username\":\"" + oid + "@contoso.test\",\"name\":\"User " + oid + "\""
        + extra + "}";
    return payload;
  }

  /** The token endpoint's answer to a code (and later refresh tokens) for one user. */
  private static void stubUser(String code, String oid, String idToken) {
    String clientInfo = b64("{\"uid\":\"" + oid + "\",\"utid\":\"" + TENANT + "\"}");
    String answer = "{\"token_type\":\"Bearer\",\"scope\":\"https://api.fabric.microsoft.com/"
        + ".default openid profile offline_access\",\"expires_in\":3600,\"ext_expires_in\":3600,"
        + "\"access_token\":\"at-" + oid + "-1\",\"refresh_token\":\"rt-" + oid + "\","
        + "\"id_token\":\"" + idToken + "\",\"client_info\":\"" + clientInfo + "\"}";
    entra.stubFor(post(TOKEN_PATH).withRequestBody(containing("code=" + code))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(answer)));
    entra.stubFor(post(TOKEN_PATH).withRequestBody(containing("refresh_token=rt-" + oid))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(answer.replace("at-" + oid + "-1", "at-" + oid + "-2"))));
  }

  private static Map<String, String> query(URI url) {
    return Arrays.stream(url.getRawQuery().split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "",
            StandardCharsets.UTF_8), (a, b) -> a));
  }

  private SignedInUser signIn(EntraWebApp app, String oid, String extraClaims) {
    AuthorizationRequest pending = app.beginSignIn(REDIRECT, EntraTokenProviders.FABRIC_SCOPE);
    stubUser("code-" + oid, oid, idToken(oid, pending.nonce(), CLIENT, TENANT,
        Instant.now().plusSeconds(3600).getEpochSecond(), extraClaims));
    return app.completeSignIn(pending, pending.state(), "code-" + oid);
  }

  @Test
  void beginSignIn_buildsAPkceUrl_withStateAndNonce_andHidesItsSecrets() {
    AuthorizationRequest pending = app().beginSignIn(REDIRECT, EntraTokenProviders.FABRIC_SCOPE);
    Map<String, String> q = query(pending.url());
    assertThat(pending.url().toString()).startsWith(HOST + TENANT + "/oauth2/v2.0/authorize?");
    assertThat(q).containsEntry("client_id", CLIENT).containsEntry("response_type", "code")
        .containsEntry("redirect_uri", REDIRECT.toString())
        .containsEntry("code_challenge_method", "S256").containsEntry("response_mode", "query")
        .containsEntry("state", pending.state()).containsEntry("nonce", pending.nonce());
    assertThat(q.get("scope")).contains("https://api.fabric.microsoft.com/.default", "openid");
    assertThat(q.get("code_challenge")).isNotEqualTo(pending.codeVerifier()).hasSize(43);
    assertThat(pending.url().toString()).doesNotContain(pending.codeVerifier());
    assertThat(pending.toString()).doesNotContain(pending.state(), pending.nonce(),
        pending.codeVerifier());
    assertThat(app().beginSignIn(REDIRECT).state()).isNotEqualTo(pending.state());
  }

  @Test
  void completeSignIn_redeemsWithTheVerifier_andReturnsTheUserAndClaims() {
    SignedInUser alice = signIn(app(), "alice", ",\"roles\":[\"g-editors\",\"g-viewers\"]");
    assertThat(alice.homeAccountId()).isEqualTo("alice." + TENANT);
    assertThat(alice.username()).isEqualTo("alice@contoso.test");
    assertThat(alice.name()).isEqualTo("User alice");
    assertThat(alice.tenantId()).isEqualTo(TENANT);
    assertThat(alice.listClaim("roles")).containsExactly("g-editors", "g-viewers");
    assertThat(alice.groupsOverage()).isFalse();
    entra.verify(postRequestedFor(urlEqualTo(TOKEN_PATH))
        .withRequestBody(containing("grant_type=authorization_code"))
        .withRequestBody(containing("code_verifier=")));
  }

  @Test
  void groupOverage_isDetected() {
    SignedInUser bob = signIn(app(), "bob",
        ",\"_claim_names\":{\"groups\":\"src1\"},\"_claim_sources\":{\"src1\":{}}");
    assertThat(bob.groupsOverage()).isTrue();
    assertThat(bob.listClaim("groups")).isEmpty();
  }

  @Test
  void aForgedState_isRejected_withoutRedeemingTheCode() {
    EntraWebApp app = app();
    AuthorizationRequest pending = app.beginSignIn(REDIRECT);
    assertThatThrownBy(() -> app.completeSignIn(pending, "forged", "code-x"))
        .isInstanceOfSatisfying(EntraAuthenticationException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED);
          assertThat(e).hasMessageContaining("state");
        });
    entra.verify(0, postRequestedFor(urlEqualTo(TOKEN_PATH)));
  }

  @Test
  void idTokenChecks_rejectAWrongNonceAudienceTenantOrExpiry() {
    EntraWebApp app = app();
    long exp = Instant.now().plusSeconds(3600).getEpochSecond();
    String[][] cases = {
        {"n1", "wrong-nonce", CLIENT, TENANT, String.valueOf(exp), "nonce"},
        {"n2", null, "another-app", TENANT, String.valueOf(exp), "another application"},
        {"n3", null, CLIENT, "11111111-0000-4000-8000-000000000000", String.valueOf(exp),
            "another tenant"},
        {"n4", null, CLIENT, TENANT, String.valueOf(exp - 7200 - 600), "expired"}};
    for (String[] c : cases) {
      AuthorizationRequest pending = app.beginSignIn(REDIRECT);
      stubUser("code-" + c[0], c[0], idToken(c[0], c[1] == null ? pending.nonce() : c[1], c[2],
          c[3], Long.parseLong(c[4]), ""));
      assertThatThrownBy(() -> app.completeSignIn(pending, pending.state(), "code-" + c[0]))
          .as(c[5]).isInstanceOf(EntraAuthenticationException.class).hasMessageContaining(c[5]);
    }
  }

  @Test
  void forUser_servesEachUserTheirOwnTokens_fromSeparatePartitions() {
    EntraWebApp app = app();
    SignedInUser alice = signIn(app, "alice", "");
    SignedInUser bob = signIn(app, "bob", "");
    TokenProvider aliceTokens = app.forUser(alice.homeAccountId());
    TokenProvider bobTokens = app.forUser(bob.homeAccountId());
    assertThat(aliceTokens.getToken().orElseThrow().token()).isEqualTo("at-alice-1");
    assertThat(bobTokens.getToken().orElseThrow().token()).isEqualTo("at-bob-1");
    for (int i = 0; i < 5; i++) {
      assertThat(aliceTokens.getToken().orElseThrow().token()).startsWith("at-alice-");
      assertThat(bobTokens.getToken().orElseThrow().token()).startsWith("at-bob-");
    }
    assertThat(partitions.keySet()).as("partitions " + partitions.keySet())
        .contains(alice.homeAccountId(), bob.homeAccountId());
    assertThat(partitions.get(alice.homeAccountId())).contains("rt-alice").doesNotContain("rt-bob");
    assertThat(partitions.get(bob.homeAccountId())).contains("rt-bob").doesNotContain("rt-alice");
  }

  @Test
  void a401_forcesARefreshWithTheUsersRefreshToken() {
    EntraWebApp app = app();
    SignedInUser alice = signIn(app, "alice", "");
    TokenProvider tokens = app.forUser(alice.homeAccountId());
    AccessToken first = tokens.getToken().orElseThrow();
    assertThat(tokens.refresh(first).orElseThrow().token()).isEqualTo("at-alice-2");
    entra.verify(postRequestedFor(urlEqualTo(TOKEN_PATH))
        .withRequestBody(containing("refresh_token=rt-alice")));
    assertThat(CapturedLogs.lines()).isNotEmpty()
        .noneMatch(l -> l.contains("at-alice")).noneMatch(l -> l.contains("rt-alice"))
        .noneMatch(l -> l.contains("web-secret")).noneMatch(l -> l.contains("code_verifier"));
  }

  @Test
  void signOut_forgetsTheUser_andTheirPartition() {
    EntraWebApp app = app();
    SignedInUser alice = signIn(app, "alice", "");
    app.signOut(alice.homeAccountId());
    assertThat(partitions).doesNotContainKey(alice.homeAccountId());
    assertThatThrownBy(() -> app.forUser(alice.homeAccountId()).getToken())
        .isInstanceOfSatisfying(EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED));
  }

  @Test
  void concurrentRefreshesForTwoUsers_neverCrossTokens() throws Exception {
    EntraWebApp app = app();
    SignedInUser alice = signIn(app, "alice", "");
    SignedInUser bob = signIn(app, "bob", "");
    TokenProvider aliceTokens = app.forUser(alice.homeAccountId());
    TokenProvider bobTokens = app.forUser(bob.homeAccountId());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
        .newFixedThreadPool(16);
    try {
      java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        TokenProvider p = i % 2 == 0 ? aliceTokens : bobTokens;
        String who = i % 2 == 0 ? "alice" : "bob";
        results.add(pool.submit(() -> {
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
  void idTokenSignature_mustBeByAPublishedKey_overTheUntamperedToken() {
    EntraWebApp app = app();
    long exp = Instant.now().plusSeconds(3600).getEpochSecond();
    AuthorizationRequest p1 = app.beginSignIn(REDIRECT);
    stubUser("code-s1", "s1", sign("{\"alg\":\"RS256\",\"kid\":\"test-key\"}",
        claims("s1", p1.nonce(), CLIENT, TENANT, exp, ""), STRANGER.getPrivate()));
    assertThatThrownBy(() -> app.completeSignIn(p1, p1.state(), "code-s1"))
        .hasMessageContaining("signature is not valid");

    AuthorizationRequest p2 = app.beginSignIn(REDIRECT);
    String good = idToken("s2", p2.nonce(), CLIENT, TENANT, exp, "");
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + b64(claims("s2", p2.nonce(), CLIENT, TENANT, exp,
        ",\"roles\":[\"g-admins\"]")) + "." + parts[2];
    stubUser("code-s2", "s2", tampered);
    assertThatThrownBy(() -> app.completeSignIn(p2, p2.state(), "code-s2"))
        .hasMessageContaining("signature is not valid");

    AuthorizationRequest p3 = app.beginSignIn(REDIRECT);
    stubUser("code-s3", "s3", b64("{\"alg\":\"none\"}") + "."
        + b64(claims("s3", p3.nonce(), CLIENT, TENANT, exp, "")) + ".");
    assertThatThrownBy(() -> app.completeSignIn(p3, p3.state(), "code-s3"))
        .hasMessageContaining("RS256");

    AuthorizationRequest p4 = app.beginSignIn(REDIRECT);
    stubUser("code-s4", "s4", sign("{\"alg\":\"RS256\",\"kid\":\"rotated-away\"}",
        claims("s4", p4.nonce(), CLIENT, TENANT, exp, ""), SIGNING.getPrivate()));
    assertThatThrownBy(() -> app.completeSignIn(p4, p4.state(), "code-s4"))
        .hasMessageContaining("does not publish");
  }
}
