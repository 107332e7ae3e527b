package io.github.livy4j.docs;

import com.azure.identity.DefaultAzureCredentialBuilder;
import io.github.livy4j.LivyClient;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.auth.entra.AuthorizationRequest;
import io.github.livy4j.auth.entra.EntraTokenProviders;
import io.github.livy4j.auth.entra.EntraWebApp;
import io.github.livy4j.auth.entra.GraphGroups;
import io.github.livy4j.auth.entra.RoleMapping;
import io.github.livy4j.auth.entra.SignedInUser;
import io.github.livy4j.spi.LivyBackend;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The Entra ID tokens guide's snippets. */
final class EntraGuide {
  private EntraGuide() {}

  /** A token as some issuer of the application's hands it out. */
  record Issued(String value, Instant expiresAt) {}

  /** The application's own token issuer. */
  interface Issuer {
    Issued issue();
  }

  static TokenProvider refreshing(Issuer issuer) {
    // tag::refreshing[]
    TokenProvider tokens =
        TokenProviders.refreshing(
            () -> {
              Issued t = issuer.issue(); // called once per refresh, however many threads ask
              return AccessToken.of(t.value(), t.expiresAt());
            });
    // end::refreshing[]
    return tokens;
  }

  static void providers(String tenantId, String clientId, String secret) {
    // tag::providers[]
    TokenProvider sp =
        EntraTokenProviders.clientSecret(
            tenantId, clientId, secret, EntraTokenProviders.FABRIC_SCOPE); // a service principal
    TokenProvider any = EntraTokenProviders.credential(new DefaultAzureCredentialBuilder().build());
    // end::providers[]
  }

  static void webApp(
      String tenantId,
      String clientId,
      String secret,
      URI redirectUri,
      Map<String, String> redirectQueryParameters,
      URI afterSignOut) {
    // tag::web-app[]
    EntraWebApp entra = EntraWebApp.builder(tenantId, clientId).secret(secret).build();
    AuthorizationRequest pending = entra.beginSignIn(redirectUri, EntraTokenProviders.FABRIC_SCOPE);
    // keep `pending` server-side, send the browser to pending.url(); on the redirect:
    SignedInUser user = entra.completeSignIn(pending, redirectQueryParameters); // state, code/error
    TokenProvider tokens = entra.forUser(user.homeAccountId(), EntraTokenProviders.FABRIC_SCOPE);
    entra.signOut(user.homeAccountId());
    URI bye = entra.signOutUrl(afterSignOut, user.loginHint().orElse(user.username()));
    // end::web-app[]
  }

  static Set<String> roles(EntraWebApp entra, SignedInUser user) {
    // tag::roles[]
    RoleMapping mapping = RoleMapping.parse(System.getenv("ROLES")); // group id -> role(s)
    GraphGroups graph = GraphGroups.builder().transitive(true).build(); // on group overage
    Set<String> roles =
        mapping.rolesOf(
            user,
            RoleMapping.GroupClaim.ROLES,
            graph,
            entra.forUser(user.homeAccountId(), GraphGroups.SCOPE));
    // end::roles[]
    return roles;
  }

  static LivyClient plainHttp(LivyBackend backend, TokenProvider tokens) {
    // tag::plain-http[]
    LivyClient client =
        LivyClient.builder()
            .backend(backend)
            .credential(tokens)
            .refuseCredentialsOverPlainHttp(true) // rather than warn once per host
            .build();
    // end::plain-http[]
    return client;
  }
}
