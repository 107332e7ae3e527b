package io.github.livy4j.auth.entra.internal;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.OnBehalfOfParameters;
import com.microsoft.aad.msal4j.UserAssertion;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenSource;
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

  /**
   * Creates the source.
   *
   * @param app the MSAL application
   * @param scopes the scopes
   * @param userAccessToken the caller's access token
   * @param timeout the longest wait for Entra
   */
  public OnBehalfOfSource(ConfidentialClientApplication app, Set<String> scopes,
      String userAccessToken, Duration timeout) {
    this.app = Objects.requireNonNull(app, "app");
    this.scopes = Set.copyOf(scopes);
    this.assertion = new UserAssertion(userAccessToken);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public AccessToken fetch() {
    try {
      return ClientCredentialSource.toAccessToken(app.acquireToken(OnBehalfOfParameters
          .builder(scopes, assertion).build()).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      throw EntraErrors.from("a token on behalf of the user", e.getCause());
    } catch (TimeoutException e) {
      throw EntraErrors.from("a token on behalf of the user", e);
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
