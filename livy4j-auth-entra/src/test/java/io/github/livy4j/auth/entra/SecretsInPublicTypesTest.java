package io.github.livy4j.auth.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.NoSecretLeaks;
import io.github.livy4j.TestTime;
import io.github.livy4j.auth.TokenProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What livy4j-auth-entra's public types show of the secrets they hold or receive: their
 * {@code toString()} and the exceptions they throw carry no client secret, access or refresh
 * token, authorization code, PKCE verifier, state or nonce, in plain text, Base64 or URL
 * encoding, when they work and when Entra refuses them.
 */
class SecretsInPublicTypesTest {
  @RegisterExtension
  static WireMockExtension entra =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String USER_TOKEN = NoSecretLeaks.secret("user-at-Kd82-obo");
  private final TestTime time = new TestTime();
  private FakeEntra fake;
  private final List<String> secrets = new ArrayList<>(List.of(FakeEntra.SECRET, USER_TOKEN));

  @BeforeEach
  void setUp() {
    time.advance(Duration.between(time.instant(), Instant.now()));
    fake = new FakeEntra(entra);
    fake.publishKeys();
  }

  private static List<String> forms(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    return List.of(
        secret,
        Base64.getEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        URLEncoder.encode(secret, StandardCharsets.UTF_8));
  }

  private void assertShowsNone(String what, String shown) {
    for (String secret : secrets) {
      for (String form : forms(secret)) {
        assertThat(shown).as("%s shows a form of a secret", what).doesNotContain(form);
      }
    }
  }

  private void assertShowsNone(String what, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertShowsNone(what + " (" + c.getClass().getSimpleName() + ")", c + " " + c.getMessage());
      for (Throwable s : c.getSuppressed()) {
        assertShowsNone(what + " (suppressed)", s);
      }
    }
  }

  /** Every token request refused, as Entra refuses a bad client secret. */
  private void refusingTokens() {
    entra.stubFor(
        post(fake.tokenPath())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":"
                            + "\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                            + " secret provided. Ensure the secret being sent in the request is the client secret"
                            + " value, not the client secret ID.\",\"error_codes\":[7000215]}")));
  }

  @Test
  void aSignedInUser_theirRequest_andTheirProvider_showNoSecret() {
    EntraWebApp app = fake.webApp(time).build();
    AuthorizationRequest pending = FakeEntra.beginSignIn(app);
    secrets.addAll(List.of(pending.codeVerifier(), pending.state(), pending.nonce()));
    fake.answerCode(
        "code-ada", "ada", fake.idToken("ada", pending.nonce(), time.instant()).build());
    secrets.addAll(List.of("code-ada", "at-ada-1", "rt-ada", "at-ada-2"));
    SignedInUser ada = app.completeSignIn(pending, pending.state(), "code-ada");
    TokenProvider provider = app.forUser(ada.homeAccountId(), EntraTokenProviders.FABRIC_SCOPE);
    assertThat(provider.getToken()).isPresent();
    assertShowsNone("the pending sign-in", pending.toString());
    assertShowsNone("the signed-in user", ada.toString());
    assertShowsNone("the web app", app.toString());
    assertShowsNone("the user's provider", provider.toString());
    assertShowsNone("the token", provider.getToken().orElseThrow().toString());
    assertShowsNone(
        "the sign-out URL", app.signOutUrl(URI.create("http://localhost:5000/")).toString());
  }

  @Test
  void servicePrincipalsAndOnBehalfOf_showNoSecret_inTheirFailuresEither() {
    refusingTokens();
    EntraTokenProviders.ServicePrincipalBuilder builder =
        EntraTokenProviders.servicePrincipal(FakeEntra.TENANT, FakeEntra.CLIENT)
            .secret(FakeEntra.SECRET)
            .authorityHost(URI.create(entra.baseUrl() + "/"))
            .clock(time);
    TokenProvider sp = builder.build();
    TokenProvider obo = builder.buildOnBehalfOf(USER_TOKEN);
    assertShowsNone("the builder", builder.toString());
    assertShowsNone("the provider", sp.toString());
    assertShowsNone("the on-behalf-of provider", obo.toString());
    Throwable spFailure = catchThrowable(sp::getToken);
    Throwable oboFailure = catchThrowable(obo::getToken);
    assertThat(spFailure)
        .isInstanceOf(EntraAuthenticationException.class)
        .hasMessageContaining("AADSTS7000215");
    assertThat(oboFailure).isInstanceOf(EntraAuthenticationException.class);
    assertShowsNone("the provider's failure", spFailure);
    assertShowsNone("the on-behalf-of failure", oboFailure);
    assertShowsNone(
        "the client-secret provider",
        EntraTokenProviders.clientSecret(
                FakeEntra.TENANT,
                FakeEntra.CLIENT,
                FakeEntra.SECRET,
                EntraTokenProviders.FABRIC_SCOPE)
            .toString());
  }

  @Test
  void aFailedSignIn_showsNoSecret() {
    EntraWebApp app = fake.webApp(time).build();
    AuthorizationRequest pending = FakeEntra.beginSignIn(app);
    secrets.addAll(
        List.of(pending.codeVerifier(), pending.state(), pending.nonce(), "code-echoed"));
    NoSecretLeaks.secret("code-echoed");
    refusingTokens();
    Throwable failure =
        catchThrowable(() -> app.completeSignIn(pending, pending.state(), "code-echoed"));
    assertThat(failure).isInstanceOf(EntraAuthenticationException.class);
    assertShowsNone("the sign-in failure", failure);
  }
}
