package io.github.livy4j.auth.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.livy4j.auth.entra.FakeEntra.CLIENT;
import static io.github.livy4j.auth.entra.FakeEntra.OTHER_TENANT;
import static io.github.livy4j.auth.entra.FakeEntra.SECRET;
import static io.github.livy4j.auth.entra.FakeEntra.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.CapturedLogs;
import io.github.livy4j.NoSecretLeaks;
import io.github.livy4j.TestTime;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a signed-in user's identity rests on, and what a failed sign-in and a sign-out leave
 * behind, against a local fake Entra ID.
 */
@ExtendWith(NoSecretLeaks.class)
class EntraSignInSecurityTest {
  @RegisterExtension
  static WireMockExtension entra =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private final TestTime time = new TestTime();
  private FakeEntra fake;

  @BeforeEach
  void setUp() {
    time.advance(Duration.between(time.instant(), Instant.now()));
    fake = new FakeEntra(entra);
    fake.publishKeys();
  }

  private EntraWebApp app() {
    return fake.webApp(time).build();
  }

  private static void assertSignInRequired(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED));
  }

  private List<String> everyStoredPartition() {
    synchronized (fake.store) {
      return List.copyOf(fake.partitions.values());
    }
  }

  @Test
  void aRejectedSignIn_leavesNoTraceInAnyPartition_andNoProviderServesItsTokens() {
    EntraWebApp app = app();
    SignedInUser alice = fake.signIn(app, "alice", time.instant());
    String before = fake.partitions.get(alice.homeAccountId());

    AuthorizationRequest again = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-alice-again",
        fake.idToken("alice", "wrong-nonce", time.instant()).build(),
        "alice",
        TENANT,
        "at-alice-rejected",
        "rt-alice-rejected");
    assertSignInRequired(() -> app.completeSignIn(again, again.state(), "code-alice-again"));
    assertThat(fake.partitions.get(alice.homeAccountId())).isEqualTo(before);
    assertThat(app.forUser(alice.homeAccountId()).getToken().orElseThrow().token())
        .isEqualTo("at-alice-1");

    AuthorizationRequest stranger = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-mallory",
        fake.idToken("mallory", "wrong-nonce", time.instant()).build(),
        "mallory",
        TENANT,
        "at-mallory-1",
        "rt-mallory");
    assertSignInRequired(() -> app.completeSignIn(stranger, stranger.state(), "code-mallory"));
    assertThat(fake.partitions).containsOnlyKeys(alice.homeAccountId());
    assertThat(everyStoredPartition())
        .noneMatch(p -> p.contains("rejected"))
        .noneMatch(p -> p.contains("mallory"));
    assertSignInRequired(() -> app.forUser("mallory." + TENANT).getToken());
  }

  @Test
  void theUsersKey_comesFromTheSignedIdToken_neverFromTheUnsignedClientInfo() {
    EntraWebApp app = app();
    AuthorizationRequest forged = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-bob",
        fake.idToken("bob", forged.nonce(), time.instant()).build(),
        "alice",
        TENANT,
        "at-bob-1",
        "rt-bob");
    assertThatThrownBy(() -> app.completeSignIn(forged, forged.state(), "code-bob"))
        .isInstanceOf(EntraAuthenticationException.class)
        .hasMessageContaining("does not match the signed ID token");
    assertThat(fake.partitions).isEmpty();

    // a guest: client_info names the home tenant's account, the token the signing tenant's
    AuthorizationRequest guest = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-guest",
        fake.idToken("guest-oid", guest.nonce(), time.instant()).build(),
        "home-oid",
        OTHER_TENANT,
        "at-guest-1",
        "rt-guest");
    SignedInUser user = app.completeSignIn(guest, guest.state(), "code-guest");
    assertThat(user.homeAccountId()).isEqualTo("guest-oid." + TENANT);
    assertThat(user.name()).isEqualTo("User guest-oid");
    assertThat(fake.partitions).containsOnlyKeys("guest-oid." + TENANT);
    assertThat(app.forUser(user.homeAccountId()).getToken().orElseThrow().token())
        .isEqualTo("at-guest-1");
  }

  @Test
  void aPendingSignIn_isSingleUse() {
    EntraWebApp app = app();
    AuthorizationRequest pending = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-carol", "carol", fake.idToken("carol", pending.nonce(), time.instant()).build());
    fake.answerCode(
        "code-carol-2", "carol", fake.idToken("carol", pending.nonce(), time.instant()).build());
    app.completeSignIn(pending, pending.state(), "code-carol");
    assertThatThrownBy(() -> app.completeSignIn(pending, pending.state(), "code-carol"))
        .isInstanceOf(EntraAuthenticationException.class)
        .hasMessageContaining("already completed");
    assertThatThrownBy(() -> app.completeSignIn(pending, pending.state(), "code-carol-2"))
        .isInstanceOf(EntraAuthenticationException.class)
        .hasMessageContaining("already completed");
    entra.verify(
        1,
        postRequestedFor(urlEqualTo(fake.tokenPath()))
            .withRequestBody(containing("grant_type=authorization_code")));

    // a failed completion uses the request up too
    AuthorizationRequest failed = FakeEntra.beginSignIn(app);
    fake.answerCode("code-dave", "dave", fake.idToken("dave", "wrong", time.instant()).build());
    assertSignInRequired(() -> app.completeSignIn(failed, failed.state(), "code-dave"));
    assertThatThrownBy(() -> app.completeSignIn(failed, failed.state(), "code-dave"))
        .hasMessageContaining("already completed");
  }

  @Test
  void signOut_leavesNoTokenInAnyPartition_andStopsEveryProviderOfTheUser() {
    EntraWebApp app = app();
    SignedInUser alice = fake.signIn(app, "alice", time.instant());
    SignedInUser bob = fake.signIn(app, "bob", time.instant());
    TokenProvider early = app.forUser(alice.homeAccountId());
    AccessToken aliceToken = early.getToken().orElseThrow();
    assertThat(aliceToken.token()).isEqualTo("at-alice-1");
    app.forUser(bob.homeAccountId()).getToken();

    app.signOut(alice.homeAccountId());
    assertThat(fake.partitions).containsOnlyKeys(bob.homeAccountId());
    assertThat(everyStoredPartition()).noneMatch(p -> p.contains("alice"));
    assertSignInRequired(early::getToken);
    assertSignInRequired(() -> early.refresh(aliceToken));
    assertSignInRequired(() -> app.forUser(alice.homeAccountId()).getToken());
    // a restart with the same store does not bring her back
    assertSignInRequired(() -> app().forUser(alice.homeAccountId()).getToken());
    assertThat(app.forUser(bob.homeAccountId()).getToken().orElseThrow().token())
        .isEqualTo("at-bob-1");
    assertThat(fake.partitions.get(bob.homeAccountId())).doesNotContain("alice");
  }

  @Test
  void forcedRefreshes_goThroughOneFlight_skipMsalsCache_andArePaced() throws Exception {
    EntraWebApp app = app();
    SignedInUser alice = fake.signIn(app, "alice", time.instant());
    TokenProvider a = app.forUser(alice.homeAccountId());
    TokenProvider b = app.forUser(alice.homeAccountId());
    AccessToken rejected = a.getToken().orElseThrow();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        TokenProvider p = i % 2 == 0 ? a : b;
        results.add(pool.submit(() -> p.refresh(rejected).orElseThrow().token()));
      }
      for (Future<String> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo("at-alice-2");
      }
    } finally {
      pool.shutdownNow();
    }
    entra.verify(
        1,
        postRequestedFor(urlEqualTo(fake.tokenPath()))
            .withRequestBody(containing("grant_type=refresh_token")));
    assertThat(b.getToken().orElseThrow().token()).isEqualTo("at-alice-2");

    // against a failing Entra, ten forced refreshes within the pause make one call
    entra.stubFor(
        post(fake.tokenPath())
            .withRequestBody(containing("refresh_token=rt-alice"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008:"
                            + " expired\"}")));
    AccessToken second = a.getToken().orElseThrow();
    for (int i = 0; i < 10; i++) {
      assertSignInRequired(() -> a.refresh(second));
    }
    entra.verify(
        2,
        postRequestedFor(urlEqualTo(fake.tokenPath()))
            .withRequestBody(containing("grant_type=refresh_token")));
    assertSignInRequired(a::getToken);
  }

  @Test
  void idTokenTimes_mustNotLieInTheFuture() {
    EntraWebApp app = app();
    long later = time.instant().plus(Duration.ofMinutes(10)).getEpochSecond();
    AuthorizationRequest p1 = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-nbf",
        "nbf",
        fake.idToken("nbf", p1.nonce(), time.instant()).claim("nbf", later).build());
    assertThatThrownBy(() -> app.completeSignIn(p1, p1.state(), "code-nbf"))
        .hasMessageContaining("not valid yet");
    AuthorizationRequest p2 = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-iat",
        "iat",
        fake.idToken("iat", p2.nonce(), time.instant()).claim("iat", later).build());
    assertThatThrownBy(() -> app.completeSignIn(p2, p2.state(), "code-iat"))
        .hasMessageContaining("issued in the future");
    assertThat(fake.partitions).isEmpty();
  }

  @Test
  void aTokenForSeveralAudiences_withoutThisApplicationAsItsAuthorizedParty_isRefused() {
    EntraWebApp app = app();
    AuthorizationRequest p1 = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-multi",
        "multi",
        fake.idToken("multi", p1.nonce(), time.instant())
            .claim("aud", List.of(CLIENT, "other-api"))
            .build());
    // MSAL itself cannot read such a token; the verifier's own check is in IdTokenVerifierTest
    assertThatThrownBy(() -> app.completeSignIn(p1, p1.state(), "code-multi"))
        .isInstanceOf(EntraAuthenticationException.class);
    assertThat(fake.partitions).isEmpty();
  }

  @Test
  void aMultiTenantAuthority_needsAnExplicitChoiceOfTenants() {
    FakeEntra orgs = new FakeEntra(entra, "organizations");
    orgs.publishKeys();
    assertThatThrownBy(() -> orgs.webApp(time).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allowedTenants");
    assertThatThrownBy(() -> orgs.webApp(time).allowedTenants("contoso.com"))
        .isInstanceOf(IllegalArgumentException.class);

    EntraWebApp onlyOurs = orgs.webApp(time).allowedTenants(TENANT).build();
    AuthorizationRequest p1 = FakeEntra.beginSignIn(onlyOurs);
    orgs.answerCode(
        "code-outsider",
        orgs.idToken("outsider", p1.nonce(), time.instant()).tenant(OTHER_TENANT).build(),
        "outsider",
        OTHER_TENANT,
        "at-outsider-1",
        "rt-out");
    assertThatThrownBy(() -> onlyOurs.completeSignIn(p1, p1.state(), "code-outsider"))
        .hasMessageContaining("another tenant");
    AuthorizationRequest p2 = FakeEntra.beginSignIn(onlyOurs);
    orgs.answerCode(
        "code-insider", "insider", orgs.idToken("insider", p2.nonce(), time.instant()).build());
    assertThat(onlyOurs.completeSignIn(p2, p2.state(), "code-insider").tenantId())
        .isEqualTo(TENANT);

    EntraWebApp anyone = orgs.webApp(time).allowAnyTenant().build();
    AuthorizationRequest p3 = FakeEntra.beginSignIn(anyone);
    orgs.answerCode(
        "code-visitor",
        orgs.idToken("visitor", p3.nonce(), time.instant()).tenant(OTHER_TENANT).build(),
        "visitor",
        OTHER_TENANT,
        "at-visitor-1",
        "rt-visitor");
    assertThat(anyone.completeSignIn(p3, p3.state(), "code-visitor").homeAccountId())
        .isEqualTo("visitor." + OTHER_TENANT);
  }

  @Test
  void aKeyTheTenantWithdrew_stopsBeingTrusted_onceTheKeySetIsReadAgain() {
    EntraWebApp app = app();
    fake.publishKeys(Map.of("test-key", FakeEntra.SIGNING, "new-key", FakeEntra.ROTATED));
    fake.signIn(app, "alice", time.instant());
    fake.publishKeys(Map.of("new-key", FakeEntra.ROTATED));
    AuthorizationRequest p1 = FakeEntra.beginSignIn(app);
    fake.answerCode("code-old", "old", fake.idToken("old", p1.nonce(), time.instant()).build());
    time.advance(Duration.ofMinutes(6));
    assertThatThrownBy(() -> app.completeSignIn(p1, p1.state(), "code-old"))
        .hasMessageContaining("does not publish");
    AuthorizationRequest p2 = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-new",
        "new",
        fake.idToken("new", p2.nonce(), time.instant())
            .signedBy("new-key", FakeEntra.ROTATED)
            .build());
    assertThat(app.completeSignIn(p2, p2.state(), "code-new").homeAccountId())
        .isEqualTo("new." + TENANT);
    // read at the first sign-in, again once expired, and once more for the unknown key
    entra.verify(3, getRequestedFor(urlEqualTo(fake.keysPath())));
  }

  @Test
  void whileTheKeySetCannotBeRead_signInsAreUnreachable_notRefused() {
    entra.stubFor(get(fake.keysPath()).willReturn(aResponse().withStatus(503)));
    EntraWebApp app = app();
    AuthorizationRequest p = FakeEntra.beginSignIn(app);
    fake.answerCode("code-erin", "erin", fake.idToken("erin", p.nonce(), time.instant()).build());
    assertThatThrownBy(() -> app.completeSignIn(p, p.state(), "code-erin"))
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
    assertThat(fake.partitions).isEmpty();
  }

  @Test
  void anErrorRedirect_carriesEntrasErrorAndDescription() {
    EntraWebApp app = app();
    AuthorizationRequest p = FakeEntra.beginSignIn(app);
    Throwable t =
        catchThrowable(
            () ->
                app.completeSignIn(
                    p,
                    Map.of(
                        "state",
                        p.state(),
                        "error",
                        "access_denied",
                        "error_description",
                        "AADSTS65004: User declined to consent" + " to access the app.")));
    assertThat(t)
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED);
              assertThat(e.errorCode()).contains("access_denied");
              assertThat(e).hasMessageContaining("AADSTS65004");
            });
    AuthorizationRequest p2 = FakeEntra.beginSignIn(app);
    assertThatThrownBy(() -> app.completeSignIn(p2, p2.state(), null))
        .isInstanceOf(EntraAuthenticationException.class)
        .hasMessageContaining("neither a code nor an error");
    entra.verify(0, postRequestedFor(urlEqualTo(fake.tokenPath())));
  }

  @Test
  void anErrorBodyEchoingTheRequest_putsNoCodeVerifierOrSecretIntoTheException() {
    EntraWebApp app = app();
    AuthorizationRequest p = FakeEntra.beginSignIn(app);
    String code = NoSecretLeaks.secret("code-echoed-4711");
    entra.stubFor(
        post(fake.tokenPath())
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("Bad request: {{request.body}}")
                    .withTransformers("response-template")));
    Throwable t = catchThrowable(() -> app.completeSignIn(p, p.state(), code));
    assertThat(t)
        .isInstanceOf(EntraAuthenticationException.class)
        .hasMessageContaining("not an OAuth error")
        .hasMessageContaining("Bad request");
    NoSecretLeaks.assertClean(t);
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(c.getClass().getName()).doesNotStartWith("com.microsoft");
    }

    AuthorizationRequest p2 = FakeEntra.beginSignIn(app);
    entra.stubFor(
        post(fake.tokenPath())
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: the"
                            + " secret \\\""
                            + SECRET
                            + "\\\" is wrong; you sent {{request.body}}\"}")
                    .withTransformers("response-template")));
    Throwable t2 = catchThrowable(() -> app.completeSignIn(p2, p2.state(), code));
    assertThat(t2)
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED);
              assertThat(e).hasMessageContaining("AADSTS7000215");
            });
    NoSecretLeaks.assertClean(t2);
    assertThat(CapturedLogs.lines())
        .noneMatch(l -> l.contains(SECRET))
        .noneMatch(l -> l.contains(p.codeVerifier()))
        .noneMatch(l -> l.contains(code));
  }
}
