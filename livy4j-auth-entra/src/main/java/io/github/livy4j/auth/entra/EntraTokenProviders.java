package io.github.livy4j.auth.entra;

import com.azure.core.credential.TokenCredential;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.auth.entra.internal.AuthorityHost;
import io.github.livy4j.auth.entra.internal.AzureCredentialSource;
import io.github.livy4j.auth.entra.internal.ClientCredentialSource;
import io.github.livy4j.auth.entra.internal.EntraHttp;
import io.github.livy4j.auth.entra.internal.OnBehalfOfSource;
import io.github.livy4j.spi.Redactor;
import java.net.Proxy;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Microsoft Entra ID token providers. Every provider sits behind
 * {@link TokenProviders#refreshing(io.github.livy4j.auth.TokenSource)}: tokens are cached,
 * refreshed 5 minutes before they expire (or at Entra's {@code refresh_in}), one refresh at a
 * time, and a 401 forces one refresh.
 *
 * <pre>{@code
 * LivyClient client = LivyClient.builder()
 *     .backend(FabricLivy.lakehouse(workspaceId, lakehouseId))
 *     .credential(EntraTokenProviders.clientSecret(tenantId, clientId, secret,
 *         EntraTokenProviders.FABRIC_SCOPE))
 *     .build();
 * }</pre>
 *
 * <p>Failures are {@link EntraAuthenticationException}s that say whether the user must sign in
 * again, the configuration is wrong, or Entra is unreachable; none carries a secret or token.
 */
public final class EntraTokenProviders {
  /** The Fabric API scope, the default for service principals. */
  public static final String FABRIC_SCOPE = "https://api.fabric.microsoft.com/.default";

  /** The public cloud's Entra authority host. */
  public static final URI PUBLIC_CLOUD = URI.create("https://login.microsoftonline.com/");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9.\\-]{1,100}");

  /**
   * The most threads MSAL's calls to Entra ID run on at once, for all of livy4j's MSAL
   * applications in the JVM: beyond it, calls wait their turn, so that a thousand users signing
   * in at once do not start a thousand threads.
   */
  static final int MSAL_THREADS = 16;

  private static final ExecutorService MSAL_EXECUTOR = boundedExecutor();

  private EntraTokenProviders() {}

  /** @return the executor MSAL's futures run on, shared by livy4j's MSAL applications */
  static ExecutorService executor() {
    return MSAL_EXECUTOR;
  }

  private static ExecutorService boundedExecutor() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            MSAL_THREADS,
            MSAL_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemon());
    pool.allowCoreThreadTimeOut(true); // idle, it holds no thread
    return pool;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "livy4j-entra-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Tokens for a service principal with a client secret.
   *
   * @param tenantId the tenant (directory) id or domain
   * @param clientId the application (client) id
   * @param secret the client secret
   * @param scope the scope, such as {@link #FABRIC_SCOPE}
   * @return the provider
   * @throws IllegalArgumentException if an id is malformed or the secret blank
   */
  public static TokenProvider clientSecret(
      String tenantId, String clientId, String secret, String scope) {
    return servicePrincipal(tenantId, clientId).secret(secret).scopes(scope).build();
  }

  /**
   * Tokens from any azure-identity credential: {@code DefaultAzureCredential}, managed identity,
   * workload identity, Azure CLI and so on.
   *
   * <p>azure-identity offers no way to skip a credential's own cache, so after a 401 such a
   * credential may hand back the rejected token; the provider then does not ask it again for
   * 30 s and the request fails with the server's 401.
   *
   * @param credential the credential
   * @param scopes the scopes; {@link #FABRIC_SCOPE} when none are given
   * @return the provider
   */
  public static TokenProvider credential(TokenCredential credential, String... scopes) {
    Objects.requireNonNull(credential, "credential");
    return TokenProviders.refreshing(
        new AzureCredentialSource(
            credential, scopes.length == 0 ? List.of(FABRIC_SCOPE) : List.of(scopes)));
  }

  /**
   * Signed-in users' tokens for a web application: sign-in with PKCE, per-user tokens and
   * cache partitions on one shared MSAL client. See {@link EntraWebApp}.
   *
   * @param tenantId the tenant id
   * @param clientId the application (client) id
   * @return the builder
   */
  public static EntraWebApp.Builder webApp(String tenantId, String clientId) {
    return EntraWebApp.builder(tenantId, clientId);
  }

  /**
   * A builder for a service principal's tokens: a secret or a certificate, scopes, a sovereign
   * cloud's authority host, a proxy.
   *
   * @param tenantId the tenant (directory) id or domain
   * @param clientId the application (client) id
   * @return the builder
   */
  public static ServicePrincipalBuilder servicePrincipal(String tenantId, String clientId) {
    return new ServicePrincipalBuilder(
        checkId(tenantId, "tenantId"), checkId(clientId, "clientId"));
  }

  private static String checkId(String id, String what) {
    Objects.requireNonNull(id, what);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(what + " '" + id + "' is not an id or domain");
    }
    return id;
  }

  /** Builds a service principal's token provider. */
  public static final class ServicePrincipalBuilder {
    private final String tenantId;
    private final String clientId;
    private IClientCredential credential;
    private Redactor redactor = Redactor.patternsOnly();
    private final Set<String> scopes = new LinkedHashSet<>();
    private URI authorityHost = PUBLIC_CLOUD;
    private Proxy proxy;
    private Duration timeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<URI> route;

    private ServicePrincipalBuilder(String tenantId, String clientId) {
      this.tenantId = tenantId;
      this.clientId = clientId;
    }

    /**
     * @param secret the client secret
     * @return this builder
     */
    public ServicePrincipalBuilder secret(String secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.isBlank()) {
        throw new IllegalArgumentException("secret must not be blank");
      }
      this.credential = ClientCredentialFactory.createFromSecret(secret);
      this.redactor = Redactor.of(List.of(secret));
      return this;
    }

    /**
     * @param key the certificate's private key
     * @param certificate the certificate registered on the application
     * @return this builder
     */
    public ServicePrincipalBuilder certificate(PrivateKey key, X509Certificate certificate) {
      this.credential =
          ClientCredentialFactory.createFromCertificate(
              Objects.requireNonNull(key, "key"),
              Objects.requireNonNull(certificate, "certificate"));
      this.redactor = Redactor.patternsOnly();
      return this;
    }

    /**
     * @param scopes the scopes; {@link #FABRIC_SCOPE} when none are set
     * @return this builder
     */
    public ServicePrincipalBuilder scopes(String... scopes) {
      for (String s : scopes) {
        Objects.requireNonNull(s, "scope");
        if (s.isBlank()) {
          throw new IllegalArgumentException("scope must not be blank");
        }
        this.scopes.add(s);
      }
      return this;
    }

    /**
     * @param host the Entra authority host of a sovereign cloud, such as
     *     {@code https://login.microsoftonline.us/}
     * @return this builder
     */
    public ServicePrincipalBuilder authorityHost(URI host) {
      AuthorityHost.of(host);
      this.authorityHost = host;
      return this;
    }

    /**
     * @param proxy the proxy to reach Entra through
     * @return this builder
     */
    public ServicePrincipalBuilder proxy(Proxy proxy) {
      Objects.requireNonNull(proxy, "proxy");
      if (proxy.type() == Proxy.Type.SOCKS) {
        throw new IllegalArgumentException("only HTTP proxies are supported");
      }
      this.proxy = proxy;
      return this;
    }

    /**
     * @param timeout the longest wait for Entra, positive; default 30 s
     * @return this builder
     */
    public ServicePrincipalBuilder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * @param clock the clock token expiry is judged by; for tests
     * @return this builder
     */
    public ServicePrincipalBuilder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    String tenantId() {
      return tenantId;
    }

    /** Sends every request to a local fake Entra instead: for tests. */
    ServicePrincipalBuilder routeTo(URI local) {
      Objects.requireNonNull(local, "local");
      this.route =
          uri ->
              URI.create(
                  local.toString().replaceAll("/$", "")
                      + uri.getRawPath()
                      + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      return this;
    }

    /**
     * Builds the provider; the MSAL application is created once and shared by its refreshes.
     *
     * @return the provider
     * @throws IllegalStateException if neither a secret nor a certificate was set
     */
    public TokenProvider build() {
      ConfidentialClientApplication app = application();
      Set<String> s = scopes.isEmpty() ? Set.of(FABRIC_SCOPE) : scopes;
      return TokenProviders.refreshingBuilder(new ClientCredentialSource(app, s, timeout, redactor))
          .clock(clock)
          .build();
    }

    /**
     * Builds a provider of tokens on behalf of a user: a middle-tier service exchanges the
     * access token its caller sent for a token to Fabric (the OAuth on-behalf-of flow).
     *
     * @param userAccessToken the access token the service received from its caller
     * @return the provider; when the user's token can no longer be exchanged it fails with
     *     {@link EntraAuthenticationException.Reason#SIGN_IN_REQUIRED}
     * @throws IllegalStateException if neither a secret nor a certificate was set
     */
    public TokenProvider buildOnBehalfOf(String userAccessToken) {
      Objects.requireNonNull(userAccessToken, "userAccessToken");
      if (userAccessToken.isBlank()) {
        throw new IllegalArgumentException("userAccessToken must not be blank");
      }
      ConfidentialClientApplication app = application();
      Set<String> s = scopes.isEmpty() ? Set.of(FABRIC_SCOPE) : scopes;
      return TokenProviders.refreshingBuilder(
              new OnBehalfOfSource(app, s, userAccessToken, timeout, redactor))
          .clock(clock)
          .build();
    }

    private ConfidentialClientApplication application() {
      if (credential == null) {
        throw new IllegalStateException("set a secret or a certificate for client " + clientId);
      }
      AuthorityHost host = AuthorityHost.of(authorityHost);
      UnaryOperator<URI> plain = host.route();
      UnaryOperator<URI> testRoute = route == null ? UnaryOperator.identity() : route;
      EntraHttp http = new EntraHttp(proxy, timeout, uri -> testRoute.apply(plain.apply(uri)));
      ConfidentialClientApplication.Builder b =
          ConfidentialClientApplication.builder(clientId, credential)
              .executorService(MSAL_EXECUTOR)
              .httpClient(http.forMsal())
              .logPii(false);
      return host.configure(b, tenantId, route == null).build();
    }

    @Override
    public String toString() {
      return "ServicePrincipalBuilder[tenant=" + tenantId + ", client=" + clientId + "]";
    }
  }
}
