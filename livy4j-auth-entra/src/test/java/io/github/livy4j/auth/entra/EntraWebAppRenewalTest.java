package io.github.livy4j.auth.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.NoSecretLeaks;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Renewing a signed-in user's sign-in to learn their groups today, against a fake Entra ID. */
@ExtendWith(NoSecretLeaks.class)
class EntraWebAppRenewalTest {
  private static final String SCOPE = EntraTokenProviders.FABRIC_SCOPE;

  @RegisterExtension
  static WireMockExtension entra =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private FakeEntra fake;
  private EntraWebApp app;
  private SignedInUser alice;

  @BeforeEach
  void signAliceIn() {
    fake = new FakeEntra(entra);
    fake.publishKeys();
    app = fake.webApp(Clock.systemUTC()).build();
    AuthorizationRequest pending = FakeEntra.beginSignIn(app);
    fake.answerCode(
        "code-alice",
        "alice",
        fake.idToken("alice", pending.nonce(), Instant.now())
            .claim("roles", List.of("g-editors"))
            .build());
    alice = app.completeSignIn(pending, pending.state(), "code-alice");
  }

  /** A renewed ID token: no nonce, as Entra sends it on a refresh. */
  private FakeEntra.IdToken renewed(String oid) {
    return fake.idToken(oid, null, Instant.now()).without("nonce");
  }

  @Test
  void renewSignIn_redeemsTheRefreshToken_andReturnsTheUsersClaimsToday() throws Exception {
    assertThat(alice.listClaim("roles")).containsExactly("g-editors");
    fake.answerRenewal(
        "rt-alice", "at-alice-9", "alice", renewed("alice").claim("roles", List.of()).build());
    SignedInUser now = app.renewSignIn(alice.homeAccountId(), SCOPE);
    assertThat(now.homeAccountId()).isEqualTo(alice.homeAccountId());
    assertThat(now.username()).isEqualTo("alice@contoso.test");
    assertThat(now.listClaim("roles")).isEmpty();
    entra.verify(
        postRequestedFor(urlEqualTo(fake.tokenPath()))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=rt-alice")));
    // the user's tokens were renewed on the way
    assertThat(app.forUser(alice.homeAccountId(), SCOPE).getToken().orElseThrow().token())
        .isEqualTo("at-alice-9");
  }

  @Test
  void aRenewalEntraRefuses_saysTheUserMustSignInAgain() {
    fake.refuseRefresh("rt-alice");
    assertThatThrownBy(() -> app.renewSignIn(alice.homeAccountId(), SCOPE))
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED);
              assertThat(e.errorCode()).hasValue("invalid_grant");
              assertThat(e).hasMessageContaining("disabled");
            });
  }

  @Test
  void aRenewedIdToken_isCheckedAsAtSignIn_andMustNameTheSameUser() {
    Object[][] cases = {
      {renewed("mallory").build(), "names another user"},
      {renewed("alice").signedBy("test-key", FakeEntra.STRANGER).build(), "signature"},
      {renewed("alice").claim("aud", "another-app").build(), "another application"},
      {renewed("alice").claim("exp", Instant.now().getEpochSecond() - 600).build(), "expired"},
      {renewed("alice").unsigned(), "RS256"}
    };
    for (Object[] c : cases) {
      fake.answerRenewal("rt-alice", "at-alice-x", "alice", (String) c[0]);
      assertThatThrownBy(() -> app.renewSignIn(alice.homeAccountId(), SCOPE))
          .as((String) c[1])
          .isInstanceOfSatisfying(
              EntraAuthenticationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED))
          .hasMessageContaining((String) c[1]);
    }
  }

  @Test
  void aSignedOutUser_isNotRenewed_andEntraIsNotAsked() {
    app.signOut(alice.homeAccountId());
    assertThatThrownBy(() -> app.renewSignIn(alice.homeAccountId(), SCOPE))
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED))
        .hasMessageContaining("not signed in");
    entra.verify(
        0,
        postRequestedFor(urlEqualTo(fake.tokenPath()))
            .withRequestBody(containing("grant_type=refresh_token")));
    assertThatThrownBy(() -> app.renewSignIn("nobody." + FakeEntra.TENANT, SCOPE))
        .hasMessageContaining("not signed in");
  }

  @Test
  void aRenewalWithoutAnIdToken_saysSo() {
    fake.answerRefresh("rt-alice", "at-alice-2");
    assertThatThrownBy(() -> app.renewSignIn(alice.homeAccountId(), SCOPE))
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED))
        .hasMessageContaining("without an ID token");
  }
}
