package io.github.livy4j.auth.entra.internal;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import com.microsoft.aad.msal4j.SilentParameters;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.auth.TokenSource;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.auth.entra.TokenCacheStore;
import io.github.livy4j.spi.Redactor;
import java.net.MalformedURLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The signed-in users of a web application. Each user has an MSAL application of their own,
 * whose in-memory token cache holds only that user's tokens and is saved to the user's
 * partition of the {@link TokenCacheStore}: no call for one user can see another's tokens. A
 * sign-in redeems its code in an application whose cache is saved nowhere until its ID token
 * passed every check ({@link #adopt}); a rejected sign-in is simply dropped. The store is the
 * record of who is signed in: a user without a partition gets no token.
 */
public final class UserSessions {
  private final Function<ITokenCacheAccessAspect, ConfidentialClientApplication> apps;
  private final TokenCacheStore store;
  private final Clock clock;
  private final Duration timeout;
  private final Redactor redactor;
  private final Map<String, UserSession> sessions = new ConcurrentHashMap<>();

  /**
   * Creates the registry.
   *
   * @param apps builds an MSAL application with the given cache aspect
   * @param store where partitions are kept
   * @param clock the clock token expiry is judged by
   * @param timeout the longest wait for Entra
   * @param redactor hides the application's credential in error messages
   */
  public UserSessions(
      Function<ITokenCacheAccessAspect, ConfidentialClientApplication> apps,
      TokenCacheStore store,
      Clock clock,
      Duration timeout,
      Redactor redactor) {
    this.apps = Objects.requireNonNull(apps, "apps");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  /** A code redemption: an MSAL application whose cache is kept nowhere yet. */
  public final class Redemption {
    private final Partition partition = new Partition();
    private final ConfidentialClientApplication app = apps.apply(partition);

    /** @return the application to redeem the code with */
    public ConfidentialClientApplication app() {
      return app;
    }
  }

  /** @return a new redemption */
  public Redemption beginRedemption() {
    return new Redemption();
  }

  /**
   * Makes a checked redemption the user's session: its cache becomes the user's partition,
   * replacing any earlier one.
   *
   * @param key the user's key, from the signed ID token
   * @param redemption the redemption whose ID token passed every check
   * @param account the account MSAL redeemed the code for
   */
  public void adopt(String key, Redemption redemption, IAccount account) {
    UserSession fresh = new UserSession(key, redemption.app, account, redemption.partition);
    sessions.compute(
        key,
        (k, old) -> {
          if (old != null) {
            old.partition.close(false);
          }
          redemption.partition.bind(k, redemption.app.tokenCache().serialize());
          return fresh;
        });
  }

  /**
   * A user's session: the one in memory, or one restored from the user's stored partition.
   *
   * @param key the user's key
   * @return the session, when the user is signed in
   */
  public Optional<UserSession> current(String key) {
    UserSession s = sessions.get(key);
    if (s != null && s.isOpen()) {
      return Optional.of(s);
    }
    return Optional.ofNullable(
        sessions.compute(key, (k, old) -> old != null && old.isOpen() ? old : restore(k)));
  }

  private UserSession restore(String key) {
    if (store.load(key).isEmpty()) {
      return null;
    }
    Partition partition = new Partition();
    partition.bind(key, null);
    ConfidentialClientApplication app = apps.apply(partition);
    Set<IAccount> accounts = await(app.getAccounts(), "reading the user's stored sign-in");
    if (accounts.size() != 1) {
      partition.close(false);
      return null;
    }
    return new UserSession(key, app, accounts.iterator().next(), partition);
  }

  /**
   * Signs a user out: their session stops serving tokens and their partition is deleted.
   *
   * @param key the user's key
   */
  public void signOut(String key) {
    sessions.compute(
        key,
        (k, old) -> {
          if (old != null) {
            old.partition.close(true);
          }
          store.delete(k);
          return null;
        });
  }

  /**
   * Waits for an MSAL call, turning its failure into an {@link EntraAuthenticationException}.
   *
   * @param <T> the result type
   * @param call the call
   * @param what what is being done, for messages
   * @return the result
   */
  public <T> T await(CompletableFuture<T> call, String what) {
    return await(call, what, timeout, redactor);
  }

  /**
   * Waits for an MSAL call, turning its failure into an {@link EntraAuthenticationException}.
   *
   * @param <T> the result type
   * @param call the call
   * @param what what is being done, for messages
   * @param timeout the longest wait
   * @param redactor hides the credentials the call used
   * @return the result
   */
  public static <T> T await(
      CompletableFuture<T> call, String what, Duration timeout, Redactor redactor) {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw EntraErrors.from(what, e.getCause(), redactor);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw EntraErrors.from(what, e, redactor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LivyClientException("Interrupted while " + what, null, false);
    }
  }

  private EntraAuthenticationException signInRequired(String key) {
    return new EntraAuthenticationException(
        Reason.SIGN_IN_REQUIRED,
        null,
        "User "
            + key
            + " is not signed in (signed out, or never signed in here); the user must"
            + " sign in again",
        null);
  }

  /**
   * Where one user's MSAL cache is saved: nowhere until bound to the user's key, and nowhere
   * again once closed. Saving and closing are atomic with respect to each other, so a refresh
   * that ends after a sign-out cannot write the user's tokens back.
   */
  private final class Partition implements ITokenCacheAccessAspect {
    private String key;
    private boolean closed;

    synchronized void bind(String k, String data) {
      this.key = k;
      if (data != null) {
        store.save(k, data);
      }
    }

    synchronized boolean isOpen() {
      return key != null && !closed;
    }

    synchronized void close(boolean forget) {
      closed = true;
      if (forget && key != null) {
        store.delete(key);
      }
    }

    @Override
    public void beforeCacheAccess(ITokenCacheAccessContext ctx) {
      String k;
      synchronized (this) {
        k = closed ? null : key;
      }
      if (k != null) {
        store.load(k).ifPresent(ctx.tokenCache()::deserialize);
      }
    }

    @Override
    public void afterCacheAccess(ITokenCacheAccessContext ctx) {
      if (ctx.hasCacheChanged()) {
        synchronized (this) {
          if (key != null && !closed) {
            store.save(key, ctx.tokenCache().serialize());
          }
        }
      }
    }
  }

  /** One signed-in user: their MSAL application and account, and a token cache per scope set. */
  public final class UserSession {
    private final String key;
    private final ConfidentialClientApplication app;
    private final IAccount account;
    private final Partition partition;
    private final Map<Set<String>, TokenProvider> providers = new ConcurrentHashMap<>();

    private UserSession(
        String key, ConfidentialClientApplication app, IAccount account, Partition partition) {
      this.key = key;
      this.app = app;
      this.account = account;
      this.partition = partition;
    }

    /** @return whether the user is still signed in with this session */
    public boolean isOpen() {
      return partition.isOpen();
    }

    /**
     * The user's refreshing token cache for some scopes, shared by every provider of the user.
     *
     * @param scopes the scopes
     * @return the cache
     */
    public TokenProvider tokens(Set<String> scopes) {
      return providers.computeIfAbsent(
          Set.copyOf(scopes),
          s -> TokenProviders.refreshingBuilder(new Silent(s)).clock(clock).build());
    }

    /**
     * Fails unless the session is still open.
     *
     * @param token what the session gave
     * @return the same
     */
    public Optional<AccessToken> checked(Optional<AccessToken> token) {
      if (!isOpen()) {
        throw signInRequired(key);
      }
      return token;
    }

    /** Silent acquisition from the user's refresh token; forced after a rejection. */
    private final class Silent implements TokenSource {
      private final Set<String> scopes;

      Silent(Set<String> scopes) {
        this.scopes = scopes;
      }

      @Override
      public AccessToken fetch() {
        AccessToken t = silent(false);
        // MSAL may hand back its cached token until its own margin: replace one already due
        return ClientCredentialSource.isDue(t) ? silent(true) : t;
      }

      @Override
      public AccessToken fetchAfterRejection(AccessToken rejected) {
        return silent(true);
      }

      private AccessToken silent(boolean force) {
        return ClientCredentialSource.toAccessToken(acquire(scopes, force));
      }
    }

    /**
     * Renews the user's tokens for some scopes with their refresh token, past MSAL's cache: Entra
     * answers with new tokens, a new ID token among them, or refuses when the user may no longer
     * sign in.
     *
     * @param scopes the scopes
     * @return Entra's answer
     */
    public IAuthenticationResult renew(Set<String> scopes) {
      return acquire(scopes, true);
    }

    private IAuthenticationResult acquire(Set<String> scopes, boolean force) {
      if (!isOpen() || store.load(key).isEmpty()) {
        throw signInRequired(key);
      }
      SilentParameters p = SilentParameters.builder(scopes, account).forceRefresh(force).build();
      CompletableFuture<IAuthenticationResult> call;
      try {
        call = app.acquireTokenSilently(p);
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
      return await(call, "renewing the user's token");
    }

    @Override
    public String toString() {
      return "UserSession[" + key + "]";
    }
  }
}
