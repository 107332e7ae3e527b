package io.github.livy4j.auth.entra.internal;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenSource;
import io.github.livy4j.spi.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** App-only tokens for a service principal, from one MSAL confidential client. */
public final class ClientCredentialSource implements TokenSource {
  private final ConfidentialClientApplication app;
  private final Set<String> scopes;
  private final Duration timeout;
  private final Redactor redactor;

  /**
   * Creates the source.
   *
   * @param app the MSAL application
   * @param scopes the scopes, such as {@code https://api.fabric.microsoft.com/.default}
   * @param timeout the longest wait for Entra
   * @param redactor hides the application's credential in error messages
   */
  public ClientCredentialSource(
      ConfidentialClientApplication app, Set<String> scopes, Duration timeout, Redactor redactor) {
    this.app = Objects.requireNonNull(app, "app");
    this.scopes = Set.copyOf(scopes);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  @Override
  public AccessToken fetch() {
    return fetch(false);
  }

  /** A rejected token may still sit in MSAL's cache: ask Entra for a new one. */
  @Override
  public AccessToken fetchAfterRejection(AccessToken rejected) {
    return fetch(true);
  }

  private AccessToken fetch(boolean skipCache) {
    try {
      AccessToken t = acquire(skipCache);
      // MSAL answers from its own cache until its own margin: a token that is already due
      // for refresh here is replaced by a new one, or the cache above would ask again and again
      return !skipCache && isDue(t) ? acquire(true) : t;
    } catch (ExecutionException e) {
      throw EntraErrors.from("a token for the service principal", e.getCause(), redactor);
    } catch (TimeoutException e) {
      throw EntraErrors.from("a token for the service principal", e, redactor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LivyClientException("Interrupted while getting a token from Entra ID", e);
    }
  }

  private AccessToken acquire(boolean skipCache)
      throws ExecutionException, TimeoutException, InterruptedException {
    return toAccessToken(
        app.acquireToken(ClientCredentialParameters.builder(scopes).skipCache(skipCache).build())
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
  }

  /**
   * Whether a token expires within the refreshing cache's margin already.
   *
   * @param t the token
   * @return whether it is due for refresh
   */
  public static boolean isDue(AccessToken t) {
    return !Instant.now().plus(REFRESH_MARGIN).isBefore(t.expiresAt());
  }

  /** The refreshing cache's default margin. */
  public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  /**
   * Converts an MSAL result, keeping Entra's refresh advice.
   *
   * @param r the result
   * @return the token
   */
  public static AccessToken toAccessToken(IAuthenticationResult r) {
    AccessToken t = AccessToken.of(r.accessToken(), r.expiresOnDate().toInstant());
    Long refreshOn = r.metadata() == null ? null : r.metadata().refreshOn();
    return refreshOn == null || refreshOn <= 0
        ? t
        : t.withRefreshAt(Instant.ofEpochSecond(refreshOn));
  }

  @Override
  public String toString() {
    return "ClientCredentialSource[scopes=" + scopes + "]";
  }
}
