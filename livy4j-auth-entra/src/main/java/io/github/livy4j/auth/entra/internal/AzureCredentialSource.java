package io.github.livy4j.auth.entra.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenSource;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.spi.Redactor;
import java.util.List;
import java.util.Objects;

/** Tokens from any azure-identity credential (managed identity, workload identity, CLI...). */
public final class AzureCredentialSource implements TokenSource {
  /** The credential's secrets are its own: hide whatever looks like one. */
  private static final Redactor REDACTOR = Redactor.patternsOnly();

  private final TokenCredential credential;
  private final List<String> scopes;

  /**
   * Creates the source.
   *
   * @param credential the credential
   * @param scopes the scopes
   */
  public AzureCredentialSource(TokenCredential credential, List<String> scopes) {
    this.credential = Objects.requireNonNull(credential, "credential");
    this.scopes = List.copyOf(scopes);
  }

  @Override
  public AccessToken fetch() {
    com.azure.core.credential.AccessToken t;
    try {
      t = credential.getTokenSync(new TokenRequestContext().setScopes(scopes));
    } catch (CredentialUnavailableException e) {
      throw new EntraAuthenticationException(
          Reason.MISCONFIGURED,
          null,
          "No Azure credential"
              + " is available ("
              + EntraErrors.shorten(e.getMessage(), REDACTOR)
              + ")",
          RedactedCause.of(e, REDACTOR));
    } catch (ClientAuthenticationException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      Reason reason =
          m.contains("invalid_grant") || m.contains("interaction_required")
              ? Reason.SIGN_IN_REQUIRED
              : Reason.MISCONFIGURED;
      throw new EntraAuthenticationException(
          reason,
          null,
          "Azure credential refused the token" + " request: " + EntraErrors.shorten(m, REDACTOR),
          RedactedCause.of(e, REDACTOR));
    } catch (RuntimeException e) {
      throw EntraErrors.from("a token from the Azure credential", e, REDACTOR);
    }
    if (t == null || t.getToken() == null) {
      throw new EntraAuthenticationException(
          Reason.UNREACHABLE, null, "The Azure credential returned no token", null);
    }
    AccessToken out = AccessToken.of(t.getToken(), t.getExpiresAt().toInstant());
    return t.getRefreshAt() == null ? out : out.withRefreshAt(t.getRefreshAt().toInstant());
  }

  @Override
  public String toString() {
    return "AzureCredentialSource["
        + credential.getClass().getSimpleName()
        + ", scopes="
        + scopes
        + "]";
  }
}
