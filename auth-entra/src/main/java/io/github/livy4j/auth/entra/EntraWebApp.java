package io.github.livy4j.auth.entra;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.ResponseMode;
import com.microsoft.aad.msal4j.SilentParameters;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.auth.entra.internal.ClientCredentialSource;
import io.github.livy4j.auth.entra.internal.EntraErrors;
import io.github.livy4j.auth.entra.internal.IdTokens;
import io.github.livy4j.auth.entra.internal.JwksKeys;
import io.github.livy4j.auth.entra.internal.PartitionedCache;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Sign-in and per-user tokens for a web application, on one shared MSAL confidential client.
 *
 * <p>{@link #beginSignIn} builds the authorization URL with PKCE (S256), a random state and a
 * nonce; keep the returned {@link AuthorizationRequest} on the server. {@link #completeSignIn}
 * checks the state, redeems the code and checks the ID token's signature (against the
 * tenant's published keys), nonce, audience, tenant, issuer and expiry. {@link #forUser} then gives each user's own tokens (silently refreshed behind
 * {@link TokenProviders#refreshing}); the token cache is partitioned per user in a
 * {@link TokenCacheStore}, and {@link #signOut} forgets the user's partition.
 *
 * <pre>{@code
 * EntraWebApp entra = EntraWebApp.builder(tenantId, clientId).secret(secret).build();
 * AuthorizationRequest pending = entra.beginSignIn(redirectUri, EntraTokenProviders.FABRIC_SCOPE);
 * // redirect to pending.url(); on the callback:
 * SignedInUser user = entra.completeSignIn(pending, request.state, request.code);
 * TokenProvider tokens = entra.forUser(user.homeAccountId(), EntraTokenProviders.FABRIC_SCOPE);
 * }</pre>
 */
public final class EntraWebApp {
  private static final Duration SIGN_IN_LIFETIME = Duration.ofMinutes(10);
  private static final Set<String> OIDC = Set.of("openid", "profile", "offline_access");

  private final ConfidentialClientApplication app;
  private final PartitionedCache cache;
  private final JwksKeys keys;
  private final String tenantId;
  private final String clientId;
  private final String authorityHost;
  private final TokenCacheStore store;
  private final Clock clock;
  private final Duration timeout;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, IAccount> accounts = new ConcurrentHashMap<>();
  private final Object msal = new Object();

  private EntraWebApp(Builder b, ConfidentialClientApplication app, PartitionedCache cache,
      String authorityHost) {
    this.app = app;
    this.cache = cache;
    this.tenantId = b.tenantId;
    this.clientId = b.clientId;
    this.authorityHost = authorityHost;
    this.store = b.store;
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.keys = new JwksKeys(URI.create(authorityHost + b.tenantId + "/discovery/v2.0/keys"),
        b.jwksFetcher, b.clock);
  }

  /**
   * A builder.
   *
   * @param tenantId the tenant id (a GUID, so that ID tokens are checked against it)
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
    String verifier = randomToken() + randomToken();
    URI url;
    try {
      url = app.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters
          .builder(redirectUri.toString(), s).state(state).nonce(nonce)
          .codeChallenge(challenge(verifier)).codeChallengeMethod("S256")
          .responseMode(ResponseMode.QUERY).build()).toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("MSAL built an invalid URL", e);
    }
    return new AuthorizationRequest(url, state, nonce, verifier, redirectUri, s, clock.instant());
  }

  /**
   * Completes a sign-in from the redirect's {@code state} and {@code code}.
   *
   * @param pending the request {@link #beginSignIn} returned (use it once)
   * @param state the redirect's {@code state}
   * @param code the redirect's {@code code}
   * @return who signed in
   * @throws EntraAuthenticationException if the state does not match, the request expired, Entra
   *     refuses the code, or the ID token fails a check
   */
  public SignedInUser completeSignIn(AuthorizationRequest pending, String state, String code) {
    Objects.requireNonNull(pending, "pending");
    if (!IdTokens.constantTimeEquals(pending.state(), state)) {
      throw new EntraAuthenticationException(Reason.SIGN_IN_REQUIRED, null, "Sign-in rejected:"
          + " the response's state does not match the request (forged or replayed)", null);
    }
    if (clock.instant().isAfter(pending.createdAt().plus(SIGN_IN_LIFETIME))) {
      throw new EntraAuthenticationException(Reason.SIGN_IN_REQUIRED, null,
          "Sign-in rejected: it took longer than 10 minutes; start again", null);
    }
    Objects.requireNonNull(code, "code");
    IAuthenticationResult r;
    synchronized (msal) {
      r = call("redeeming the sign-in code", () -> app.acquireToken(
          AuthorizationCodeParameters.builder(code, pending.redirectUri())
              .scopes(pending.scopes()).codeVerifier(pending.codeVerifier()).build()));
      if (r.account() != null) {
        // the redemption had no account yet: its tokens belong in the user's own partition
        cache.adoptRedemption(r.account().homeAccountId());
      } else {
        cache.adoptRedemption(PartitionedCache.NO_ACCOUNT + "-discarded");
      }
    }
    Map<String, Object> claims = IdTokens.validate(r.idToken(), pending.nonce(), clientId,
        tenantId, authorityHost, clock, keys);
    IAccount account = r.account();
    if (account == null) {
      throw new EntraAuthenticationException(Reason.MISCONFIGURED, null,
          "Sign-in returned no account; is client_info enabled for the application?", null);
    }
    accounts.put(account.homeAccountId(), account);
    return new SignedInUser(account.homeAccountId(),
        String.valueOf(claims.getOrDefault("preferred_username", account.username())),
        String.valueOf(claims.getOrDefault("name", "")),
        String.valueOf(claims.getOrDefault("tid", "")), claims);
  }

  /**
   * A signed-in user's tokens, refreshed silently from the user's cache partition.
   *
   * @param homeAccountId the user, as {@link SignedInUser#homeAccountId()} named them
   * @param scopes the scopes
   * @return the provider; a token it cannot renew fails with
   *     {@link EntraAuthenticationException.Reason#SIGN_IN_REQUIRED}
   */
  public TokenProvider forUser(String homeAccountId, String... scopes) {
    Objects.requireNonNull(homeAccountId, "homeAccountId");
    Set<String> s = scopes(scopes);
    return new UserTokens(homeAccountId, s);
  }

  /**
   * Forgets a user: removes the account and deletes their cache partition.
   *
   * @param homeAccountId the user
   */
  public void signOut(String homeAccountId) {
    Objects.requireNonNull(homeAccountId, "homeAccountId");
    IAccount account = accounts.remove(homeAccountId);
    if (account != null) {
      call("signing the user out", () -> app.removeAccount(account));
    }
    store.delete(homeAccountId);
  }

  /** A user's provider: the refreshing layer over silent acquisition, forced on a 401. */
  private final class UserTokens implements TokenProvider {
    private final TokenProvider cached;
    private final String homeAccountId;
    private final Set<String> scopes;

    UserTokens(String homeAccountId, Set<String> scopes) {
      this.homeAccountId = homeAccountId;
      this.scopes = scopes;
      this.cached = TokenProviders.refreshingBuilder(() -> silent(false)).clock(clock).build();
    }

    @Override
    public java.util.Optional<AccessToken> getToken() {
      return cached.getToken();
    }

    @Override
    public java.util.Optional<AccessToken> refresh(AccessToken rejected) {
      return java.util.Optional.of(silent(true));
    }

    private AccessToken silent(boolean force) {
      AccessToken t = silentOnce(force);
      // MSAL may hand back its cached token until its own margin: replace one already due
      return !force && ClientCredentialSource.isDue(t) ? silentOnce(true) : t;
    }

    private AccessToken silentOnce(boolean force) {
      IAccount account = accounts.get(homeAccountId);
      if (account == null) {
        throw new EntraAuthenticationException(Reason.SIGN_IN_REQUIRED, null,
            "No signed-in account " + homeAccountId + "; the user must sign in again", null);
      }
      return ClientCredentialSource.toAccessToken(call("renewing the user's token", () -> {
        try {
          return app.acquireTokenSilently(SilentParameters.builder(scopes, account)
              .forceRefresh(force).build());
        } catch (MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }));
    }

    @Override
    public String toString() {
      return "EntraWebApp.forUser[" + homeAccountId + "]";
    }
  }

  private <T> T call(String what, Supplier<CompletableFuture<T>> op) {
    synchronized (msal) {
      try {
        return op.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw EntraErrors.from(what, e.getCause());
      } catch (TimeoutException e) {
        throw EntraErrors.from(what, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LivyClientException("Interrupted while " + what, e);
      }
    }
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
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII));
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
    private URI authorityHost = EntraTokenProviders.PUBLIC_CLOUD;
    private TokenCacheStore store = TokenCacheStore.inMemory();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(30);
    private IHttpClient httpClient;
    private java.util.function.Function<URI, String> jwksFetcher;

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
      return this;
    }

    /**
     * @param host a sovereign cloud's authority host (https)
     * @return this builder
     */
    public Builder authorityHost(URI host) {
      EntraTokenProviders.servicePrincipal(tenantId, clientId).authorityHost(host);
      this.authorityHost = host;
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

    Builder httpClient(IHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Reads the signing keys some other way: for tests against a fake Entra. */
    Builder jwksFetcher(java.util.function.Function<URI, String> fetcher) {
      this.jwksFetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /**
     * @return the web app's Entra side
     * @throws IllegalStateException if no secret was set
     */
    public EntraWebApp build() {
      if (credential == null) {
        throw new IllegalStateException("set the client secret of application " + clientId);
      }
      String host = authorityHost.toString().endsWith("/") ? authorityHost.toString()
          : authorityHost + "/";
      PartitionedCache cache = new PartitionedCache(store);
      ConfidentialClientApplication.Builder b = ConfidentialClientApplication
          .builder(clientId, credential).executorService(EntraTokenProviders.executor())
          .setTokenCacheAccessAspect(cache);
      try {
        b.authority(host + tenantId + "/");
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("bad authority " + host + tenantId, e);
      }
      if (httpClient != null) {
        b.httpClient(httpClient).instanceDiscovery(false).validateAuthority(false);
      }
      return new EntraWebApp(this, b.build(), cache, host);
    }
  }
}
