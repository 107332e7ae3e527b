package io.github.livy4j.auth.entra;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ResponseMode;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.auth.entra.internal.AuthorityHost;
import io.github.livy4j.auth.entra.internal.EntraErrors;
import io.github.livy4j.auth.entra.internal.EntraHttp;
import io.github.livy4j.auth.entra.internal.IdTokenVerifier;
import io.github.livy4j.auth.entra.internal.TenantKeys;
import io.github.livy4j.auth.entra.internal.UserSessions;
import io.github.livy4j.spi.Redactor;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Sign-in and per-user tokens for a web application.
 *
 * <p>{@link #beginSignIn} builds the authorization URL with PKCE (S256), a random state and a
 * nonce; keep the returned {@link AuthorizationRequest} on the server. {@link #completeSignIn}
 * checks the state, consumes the request (a second completion is refused), redeems the code
 * and checks the ID token with Nimbus: an RS256 signature by a key the tenant publishes (keys
 * are read again at most every 5 minutes, so a withdrawn key stops being trusted), expiry,
 * not-before and issue times, audience ({@code azp} too when there are several), nonce, an
 * allowed tenant and its issuer. Only then is anything stored.
 *
 * <p><b>Who the user is</b> rests on the signed ID token alone: {@link
 * SignedInUser#homeAccountId()} is {@code <oid>.<tid>} from its signed claims, never from the
 * unsigned {@code client_info}. Each user gets an MSAL application of their own whose token
 * cache holds only their tokens, saved in their partition of the {@link TokenCacheStore}.
 * {@link #forUser} serves a user's tokens (one refresh at a time, forced on a 401) while that
 * partition exists; {@link #signOut} deletes it, and from then on no provider of the user
 * yields a token until they sign in again. {@link #renewSignIn} asks Entra who a signed-in user
 * is now (their groups or roles today), without the browser.
 *
 * <pre>{@code
 * EntraWebApp entra = EntraWebApp.builder(tenantId, clientId).secret(secret).build();
 * AuthorizationRequest pending = entra.beginSignIn(redirectUri, EntraTokenProviders.FABRIC_SCOPE);
 * // redirect to pending.url(); on the callback, with the query's parameters:
 * SignedInUser user = entra.completeSignIn(pending, callbackQueryParameters);
 * TokenProvider tokens = entra.forUser(user.homeAccountId(), EntraTokenProviders.FABRIC_SCOPE);
 * }</pre>
 */
public final class EntraWebApp {
  private static final Duration SIGN_IN_LIFETIME = Duration.ofMinutes(10);
  private static final Set<String> OIDC = Set.of("openid", "profile", "offline_access");

  private final UserSessions users;
  private final IdTokenVerifier verifier;
  private final String tenantId;
  private final String clientId;
  private final Clock clock;
  private final Duration timeout;
  private final Redactor redactor;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> completed = new ConcurrentHashMap<>();
  private final ConfidentialClientApplication urls;
  private final AuthorityHost host;

  private EntraWebApp(Builder b, AuthorityHost host, Set<String> tenants) {
    this.tenantId = b.tenantId;
    this.clientId = b.clientId;
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.redactor = Redactor.of(List.of(b.secret));
    this.host = host;
    UnaryOperator<URI> plain = host.route();
    UnaryOperator<URI> route = b.route;
    EntraHttp http = new EntraHttp(null, b.timeout, uri -> route.apply(plain.apply(uri)));
    this.urls = b.application(host, http, null);
    this.users =
        new UserSessions(
            aspect -> b.application(host, http, aspect), b.store, b.clock, b.timeout, redactor);
    this.verifier =
        new IdTokenVerifier(
            new TenantKeys(
                URI.create(host.text() + b.tenantId + "/discovery/v2.0/keys"),
                http.forKeys(),
                b.clock),
            b.clientId,
            host.text(),
            tenants,
            b.clock);
  }

  /**
   * A builder.
   *
   * @param tenantId the tenant id (a GUID: only its users may sign in), or a domain name,
   *     {@code organizations} or {@code common} together with {@link Builder#allowedTenants}
   *     or {@link Builder#allowAnyTenant()}
   * @param clientId the application (client) id
   * @return the builder
   */
  public static Builder builder(String tenantId, String clientId) {
    return new Builder(tenantId, clientId);
  }

  /**
   * Starts a sign-in.
   *
   * @param redirectUri where Entra sends the browser back with the code
   * @param scopes the API scopes to consent to, such as {@link EntraTokenProviders#FABRIC_SCOPE}
   * @return the pending request; send the browser to its URL, keep the rest on the server
   */
  public AuthorizationRequest beginSignIn(URI redirectUri, String... scopes) {
    Objects.requireNonNull(redirectUri, "redirectUri");
    Set<String> s = scopes(scopes);
    String state = randomToken();
    String nonce = randomToken();
    String verifierText = randomToken() + randomToken();
    URI url;
    try {
      url =
          urls.getAuthorizationRequestUrl(
                  AuthorizationRequestUrlParameters.builder(redirectUri.toString(), s)
                      .state(state)
                      .nonce(nonce)
                      .codeChallenge(challenge(verifierText))
                      .codeChallengeMethod("S256")
                      .responseMode(ResponseMode.QUERY)
                      .build())
              .toURI();
      url = host.route().apply(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("MSAL built an invalid URL", e);
    }
    return new AuthorizationRequest(
        url, state, nonce, verifierText, redirectUri, s, clock.instant());
  }

  /**
   * Completes a sign-in from the redirect's {@code state} and {@code code}; see
   * {@link #completeSignIn(AuthorizationRequest, Map)}.
   *
   * @param pending the request {@link #beginSignIn} returned
   * @param state the redirect's {@code state}
   * @param code the redirect's {@code code}, {@code null} if it carried none
   * @return who signed in
   * @throws EntraAuthenticationException as {@link #completeSignIn(AuthorizationRequest, Map)}
   */
  public SignedInUser completeSignIn(AuthorizationRequest pending, String state, String code) {
    Map<String, String> params = new HashMap<>();
    params.put("state", state);
    params.put("code", code);
    return completeSignIn(pending, params);
  }

  /**
   * Completes a sign-in from the redirect's query parameters ({@code state} and {@code code},
   * or {@code error} and {@code error_description} when Entra refused). The request is used
   * up by the first completion whose state matches, whatever its outcome.
   *
   * @param pending the request {@link #beginSignIn} returned
   * @param redirectParameters the redirect's query parameters
   * @return who signed in
   * @throws EntraAuthenticationException if the state does not match, the request expired or
   *     was already completed, Entra reported an error or refuses the code, or the ID token
   *     fails a check ({@code UNREACHABLE} when the tenant's keys cannot be read)
   */
  public SignedInUser completeSignIn(
      AuthorizationRequest pending, Map<String, String> redirectParameters) {
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(redirectParameters, "redirectParameters");
    if (!IdTokenVerifier.constantTimeEquals(pending.state(), redirectParameters.get("state"))) {
      throw rejected("the response's state does not match the request (forged or replayed)");
    }
    Instant now = clock.instant();
    Instant expires = pending.createdAt().plus(SIGN_IN_LIFETIME);
    completed.values().removeIf(now::isAfter);
    if (now.isAfter(expires)) {
      throw rejected("it took longer than 10 minutes; start again");
    }
    if (completed.putIfAbsent(pending.state(), expires) != null) {
      throw rejected("this sign-in was already completed; start again");
    }
    String error = redirectParameters.get("error");
    if (error != null) {
      throw EntraErrors.fromRedirect(error, redirectParameters.get("error_description"), redactor);
    }
    String code = redirectParameters.get("code");
    if (code == null || code.isBlank()) {
      throw rejected("the redirect carried neither a code nor an error");
    }
    Redactor sent = redactor.and(List.of(code, pending.codeVerifier()));
    UserSessions.Redemption redemption = users.beginRedemption();
    IAuthenticationResult r =
        UserSessions.await(
            redemption
                .app()
                .acquireToken(
                    AuthorizationCodeParameters.builder(code, pending.redirectUri())
                        .scopes(pending.scopes())
                        .codeVerifier(pending.codeVerifier())
                        .build()),
            "redeeming the sign-in code",
            timeout,
            sent);
    Map<String, Object> claims = verifier.verify(r.idToken(), pending.nonce());
    IAccount account = r.account();
    String oid = String.valueOf(claims.get("oid"));
    String tid = String.valueOf(claims.get("tid"));
    if (account == null) {
      throw new EntraAuthenticationException(
          Reason.MISCONFIGURED,
          null,
          "Sign-in returned no account; is client_info enabled for the application?",
          null);
    }
    String msalAccount = account.homeAccountId();
    if (msalAccount != null
        && msalAccount.toLowerCase(Locale.ROOT).endsWith("." + tid.toLowerCase(Locale.ROOT))
        && !msalAccount.equalsIgnoreCase(oid + "." + tid)) {
      // a member of the signing tenant: client_info must name the same user as the token
      throw rejected("the account Entra returned does not match the signed ID token");
    }
    String key = oid + "." + tid;
    users.adopt(key, redemption, account);
    return new SignedInUser(
        key,
        claimText(claims, "preferred_username", Optional.ofNullable(account.username()).orElse("")),
        claimText(claims, "name", ""),
        tid,
        claims);
  }

  /**
   * Where to send the browser to end the user's Entra session: the tenant's end-session
   * endpoint, which sends it on to {@code postLogoutRedirectUri} (register that address on the
   * application as a front-channel or redirect URI). Call {@link #signOut} for the app's side.
   *
   * @param postLogoutRedirectUri where Entra sends the browser afterwards, or {@code null} to
   *     let Entra show its own signed-out page
   * @return the end-session URL
   */
  public URI signOutUrl(URI postLogoutRedirectUri) {
    return signOutUrl(postLogoutRedirectUri, null);
  }

  /**
   * Where to send the browser to end the user's Entra session, naming the account to sign out
   * so that Entra does not show an account picker: the tenant's end-session endpoint with
   * {@code logout_hint}. The best hint is {@link SignedInUser#loginHint()} (the ID token's
   * {@code login_hint} optional claim); the user's sign-in name also works where that claim is
   * not configured.
   *
   * @param postLogoutRedirectUri where Entra sends the browser afterwards, or {@code null} to
   *     let Entra show its own signed-out page
   * @param logoutHint the account to sign out, or {@code null} (or blank) to let Entra ask
   * @return the end-session URL
   */
  public URI signOutUrl(URI postLogoutRedirectUri, String logoutHint) {
    StringBuilder url = new StringBuilder(host.text() + tenantId + "/oauth2/v2.0/logout");
    char sep = '?';
    if (postLogoutRedirectUri != null) {
      url.append(sep)
          .append("post_logout_redirect_uri=")
          .append(URLEncoder.encode(postLogoutRedirectUri.toString(), StandardCharsets.UTF_8));
      sep = '&';
    }
    if (logoutHint != null && !logoutHint.isBlank()) {
      url.append(sep)
          .append("logout_hint=")
          .append(URLEncoder.encode(logoutHint.strip(), StandardCharsets.UTF_8));
    }
    return URI.create(url.toString());
  }

  /**
   * A signed-in user's tokens, refreshed silently from the user's partition. Every provider of
   * one user shares one cache per set of scopes, so they refresh one at a time.
   *
   * @param homeAccountId the user, as {@link SignedInUser#homeAccountId()} named them
   * @param scopes the scopes
   * @return the provider; while the user is signed out it fails with
   *     {@link EntraAuthenticationException.Reason#SIGN_IN_REQUIRED}
   */
  public TokenProvider forUser(String homeAccountId, String... scopes) {
    Objects.requireNonNull(homeAccountId, "homeAccountId");
    return new UserTokens(homeAccountId, scopes(scopes));
  }

  /**
   * Renews a signed-in user's sign-in now, without the browser, and says who the user is today:
   * the user's refresh token is redeemed past every cache, and the new ID token Entra answers
   * with is checked as at sign-in (signature, times, audience, issuer and tenant; a renewed token
   * carries no nonce) and must name the same user. Call it to re-read a user's groups or roles
   * while they stay signed in: a user taken out of a group, disabled, or whose sessions were
   * revoked is found here rather than at their next sign-in. The user's tokens for the scopes
   * are renewed on the way.
   *
   * @param homeAccountId the user, as {@link SignedInUser#homeAccountId()} named them
   * @param scopes scopes the user consented to at sign-in, such as Microsoft Graph's {@code
   *     User.Read}; {@link EntraTokenProviders#FABRIC_SCOPE} when none is given
   * @return who the user is now, with the new ID token's claims
   * @throws EntraAuthenticationException {@code SIGN_IN_REQUIRED} when the user is signed out,
   *     Entra refuses to renew (the account was disabled, its sessions revoked, consent
   *     withdrawn) or the new ID token fails a check: the user must sign in again; {@code
   *     UNREACHABLE} when Entra or the tenant's keys cannot be reached; {@code MISCONFIGURED}
   *     when Entra answers without an ID token
   */
  public SignedInUser renewSignIn(String homeAccountId, String... scopes) {
    Objects.requireNonNull(homeAccountId, "homeAccountId");
    UserSessions.UserSession s = signedIn(homeAccountId);
    IAuthenticationResult r = s.renew(scopes(scopes));
    if (r.idToken() == null || r.idToken().isBlank()) {
      throw new EntraAuthenticationException(
          Reason.MISCONFIGURED,
          null,
          "Entra ID renewed the sign-in of "
              + homeAccountId
              + " without an ID token, so who the user is now is unknown",
          null);
    }
    Map<String, Object> claims = verifier.verifyRenewed(r.idToken());
    String key = claims.get("oid") + "." + claims.get("tid");
    if (!key.equalsIgnoreCase(homeAccountId)) {
      throw rejected("the renewed ID token names another user than " + homeAccountId);
    }
    String username = r.account() == null ? null : r.account().username();
    return new SignedInUser(
        homeAccountId,
        claimText(claims, "preferred_username", Optional.ofNullable(username).orElse("")),
        claimText(claims, "name", ""),
        String.valueOf(claims.get("tid")),
        claims);
  }

  /**
   * Signs a user out: deletes their partition and stops every provider of theirs from yielding
   * a token, including ones obtained before.
   *
   * @param homeAccountId the user
   */
  public void signOut(String homeAccountId) {
    users.signOut(Objects.requireNonNull(homeAccountId, "homeAccountId"));
  }

  /** A user's provider: finds the user's current session on every call. */
  private final class UserTokens implements TokenProvider {
    private final String homeAccountId;
    private final Set<String> scopes;

    UserTokens(String homeAccountId, Set<String> scopes) {
      this.homeAccountId = homeAccountId;
      this.scopes = scopes;
    }

    private UserSessions.UserSession session() {
      return signedIn(homeAccountId);
    }

    @Override
    public Optional<AccessToken> getToken() {
      UserSessions.UserSession s = session();
      return s.checked(s.tokens(scopes).getToken());
    }

    @Override
    public Optional<AccessToken> refresh(AccessToken rejected) {
      UserSessions.UserSession s = session();
      return s.checked(s.tokens(scopes).refresh(rejected));
    }

    @Override
    public String toString() {
      return "EntraWebApp.forUser[" + homeAccountId + "]";
    }
  }

  /** @return the user's current session, or a {@code SIGN_IN_REQUIRED} failure */
  private UserSessions.UserSession signedIn(String homeAccountId) {
    return users
        .current(homeAccountId)
        .orElseThrow(
            () ->
                new EntraAuthenticationException(
                    Reason.SIGN_IN_REQUIRED,
                    null,
                    "User "
                        + homeAccountId
                        + " is not signed in (signed"
                        + " out, or never signed in here); the user must sign in again",
                    null));
  }

  private static String claimText(Map<String, Object> claims, String name, String fallback) {
    return claims.get(name) instanceof String s ? s : fallback;
  }

  private static EntraAuthenticationException rejected(String why) {
    return new EntraAuthenticationException(
        Reason.SIGN_IN_REQUIRED, null, "Sign-in rejected: " + why, null);
  }

  private static Set<String> scopes(String... scopes) {
    Set<String> s = new LinkedHashSet<>();
    for (String scope : scopes) {
      Objects.requireNonNull(scope, "scope");
      if (!scope.isBlank() && !OIDC.contains(scope)) {
        s.add(scope);
      }
    }
    return s.isEmpty() ? Set.of(EntraTokenProviders.FABRIC_SCOPE) : s;
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String challenge(String verifier) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  @Override
  public String toString() {
    return "EntraWebApp[tenant=" + tenantId + ", client=" + clientId + "]";
  }

  /** Builds an {@link EntraWebApp}. */
  public static final class Builder {
    private final String tenantId;
    private final String clientId;
    private IClientCredential credential;
    private String secret;
    private URI authorityHost = EntraTokenProviders.PUBLIC_CLOUD;
    private TokenCacheStore store = TokenCacheStore.inMemory();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(30);
    private UnaryOperator<URI> route = UnaryOperator.identity();
    private boolean routed;
    private boolean anyTenant;
    private final Set<String> allowedTenants = new LinkedHashSet<>();

    private Builder(String tenantId, String clientId) {
      this.tenantId = EntraTokenProviders.servicePrincipal(tenantId, clientId).tenantId();
      this.clientId = clientId;
    }

    /**
     * @param secret the client secret
     * @return this builder
     */
    public Builder secret(String secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.isBlank()) {
        throw new IllegalArgumentException("secret must not be blank");
      }
      this.credential = ClientCredentialFactory.createFromSecret(secret);
      this.secret = secret;
      return this;
    }

    /**
     * The Entra authority host: a sovereign cloud's, such as
     * {@code https://login.microsoftonline.us/} (azure-identity's {@code AZURE_AUTHORITY_HOST}),
     * or a private one. Hosts outside Microsoft's clouds are used as given, without asking the
     * public cloud's instance discovery about them. Plain {@code http} is accepted on a loopback
     * address only, for a local test server.
     *
     * @param host the authority host
     * @return this builder
     * @throws IllegalArgumentException if the host is not an https URL (or http on loopback)
     */
    public Builder authorityHost(URI host) {
      AuthorityHost.of(host);
      this.authorityHost = host;
      return this;
    }

    /**
     * Names the tenants whose users may sign in. By default, with a tenant id given to
     * {@link EntraWebApp#builder}, only that tenant's users may; with a domain name,
     * {@code organizations} or {@code common}, {@link #build()} requires this or
     * {@link #allowAnyTenant()}.
     *
     * @param tenantIds tenant ids (GUIDs)
     * @return this builder
     * @throws IllegalArgumentException if one is not a tenant id
     */
    public Builder allowedTenants(String... tenantIds) {
      for (String t : tenantIds) {
        if (!IdTokenVerifier.isTenantId(t)) {
          throw new IllegalArgumentException("'" + t + "' is not a tenant id (a GUID)");
        }
        allowedTenants.add(t.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Lets users of any tenant sign in: for a multi-tenant application that decides who may
     * do what by {@link SignedInUser#tenantId()} and the user's roles.
     *
     * @return this builder
     */
    public Builder allowAnyTenant() {
      this.anyTenant = true;
      return this;
    }

    /**
     * @param store where the per-user token cache partitions are kept; in memory by default
     * @return this builder
     */
    public Builder cacheStore(TokenCacheStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * @param clock the clock for expiry checks; for tests
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param timeout the longest wait for one answer from Entra, positive; default 30 s
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /** Sends every request to a local fake Entra instead: for tests. */
    Builder routeTo(URI local) {
      Objects.requireNonNull(local, "local");
      this.route =
          uri ->
              URI.create(
                  local.toString().replaceAll("/$", "")
                      + uri.getRawPath()
                      + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      this.routed = true;
      return this;
    }

    ConfidentialClientApplication application(
        AuthorityHost host,
        EntraHttp http,
        com.microsoft.aad.msal4j.ITokenCacheAccessAspect aspect) {
      ConfidentialClientApplication.Builder b =
          ConfidentialClientApplication.builder(clientId, credential)
              .executorService(EntraTokenProviders.executor())
              .httpClient(http.forMsal())
              .logPii(false);
      if (aspect != null) {
        b.setTokenCacheAccessAspect(aspect);
      }
      return host.configure(b, tenantId, !routed).build();
    }

    /**
     * @return the web app's Entra side
     * @throws IllegalStateException if no secret was set, or the tenant is not a tenant id and
     *     neither {@link #allowedTenants} nor {@link #allowAnyTenant()} was called
     */
    public EntraWebApp build() {
      if (credential == null) {
        throw new IllegalStateException("set the client secret of application " + clientId);
      }
      boolean single = IdTokenVerifier.isTenantId(tenantId);
      if (!single && !anyTenant && allowedTenants.isEmpty()) {
        throw new IllegalStateException(
            "tenant '"
                + tenantId
                + "' is not a tenant id, so it"
                + " does not say whose users may sign in: name them with allowedTenants(...), or"
                + " call allowAnyTenant() for a multi-tenant application");
      }
      Set<String> tenants =
          anyTenant
              ? Set.of()
              : !allowedTenants.isEmpty()
                  ? Set.copyOf(allowedTenants)
                  : Set.of(tenantId.toLowerCase(Locale.ROOT));
      return new EntraWebApp(this, AuthorityHost.of(authorityHost), tenants);
    }
  }
}
