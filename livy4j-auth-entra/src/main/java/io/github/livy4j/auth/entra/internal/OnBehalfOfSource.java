package io.github.livy4j.auth.entra.internal;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.OnBehalfOfParameters;
import com.microsoft.aad.msal4j.UserAssertion;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenSource;
import io.github.livy4j.spi.Redactor;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Tokens on behalf of a user, exchanged for the access token the user's call carried. */
public final class OnBehalfOfSource implements TokenSource {
  private final ConfidentialClientApplication app;
  private final Set<String> scopes;
  private final UserAssertion assertion;
  private final Duration timeout;
  private final Redactor redactor;

  /**
   * Creates the source.
   *
   * @param app the MSAL application
   * @param scopes the scopes
   * @param userAccessToken the caller's access token
   * @param timeout the longest wait for Entra
   * @param redactor hides the application's credential in error messages
   */
  public OnBehalfOfSource(
      ConfidentialClientApplication app,
      Set<String> scopes,
      String userAccessToken,
      Duration timeout,
      Redactor redactor) {
    this.app = Objects.requireNonNull(app, "app");
    this.scopes = Set.copyOf(scopes);
    this.assertion = new UserAssertion(userAccessToken);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.redactor =
        Objects.requireNonNull(redactor, "redactor").and(java.util.List.of(userAccessToken));
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
      return ClientCredentialSource.toAccessToken(
          app.acquireToken(
                  OnBehalfOfParameters.builder(scopes, assertion).skipCache(skipCache).build())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      throw EntraErrors.from("a token on behalf of the user", e.getCause(), redactor);
    } catch (TimeoutException e) {
      throw EntraErrors.from("a token on behalf of the user", e, redactor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LivyClientException("Interrupted while getting a token from Entra ID", e);
    }
  }

  @Override
  public String toString() {
    return "OnBehalfOfSource[scopes=" + scopes + "]";
  }
}
