package io.github.livy4j.samples.quickstart;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.AzureDeveloperCliCredentialBuilder;
import com.azure.identity.AzurePowerShellCredentialBuilder;
import com.azure.identity.CredentialUnavailableException;
import com.azure.identity.EnvironmentCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The Azure SDK's credential chain, in DefaultAzureCredential's order (environment, workload
 * identity, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell), that says which
 * credential gave the token. The first to answer is kept for later tokens.
 */
final class AzureCredentials implements TokenCredential {
  /** A credential and the name it is reported by. */
  record Named(String name, TokenCredential credential) {
    Named {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(credential, "credential");
    }
  }

  private final List<Named> chain;
  private final Consumer<String> onSelected;
  private volatile Named selected;

  AzureCredentials(List<Named> chain, Consumer<String> onSelected) {
    this.chain = List.copyOf(chain);
    this.onSelected = Objects.requireNonNull(onSelected, "onSelected");
  }

  /**
   * The default chain for this environment: workload identity only where its variables are set,
   * as DefaultAzureCredential does.
   */
  static List<Named> defaultChain(Map<String, String> env) {
    List<Named> chain = new ArrayList<>();
    chain.add(new Named("EnvironmentCredential", new EnvironmentCredentialBuilder().build()));
    if (env.get("AZURE_FEDERATED_TOKEN_FILE") != null
        && env.get("AZURE_CLIENT_ID") != null
        && env.get("AZURE_TENANT_ID") != null) {
      chain.add(
          new Named("WorkloadIdentityCredential", new WorkloadIdentityCredentialBuilder().build()));
    }
    chain.add(
        new Named("ManagedIdentityCredential", new ManagedIdentityCredentialBuilder().build()));
    chain.add(new Named("AzureCliCredential", new AzureCliCredentialBuilder().build()));
    chain.add(
        new Named("AzureDeveloperCliCredential", new AzureDeveloperCliCredentialBuilder().build()));
    chain.add(
        new Named("AzurePowerShellCredential", new AzurePowerShellCredentialBuilder().build()));
    return chain;
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.fromCallable(() -> getTokenSync(request));
  }

  @Override
  public AccessToken getTokenSync(TokenRequestContext request) {
    Named kept = selected;
    if (kept != null) {
      return kept.credential().getTokenSync(request);
    }
    List<String> unavailable = new ArrayList<>();
    for (Named n : chain) {
      AccessToken t;
      try {
        t = n.credential().getTokenSync(request);
      } catch (CredentialUnavailableException e) {
        unavailable.add(n.name());
        continue;
      }
      selected = n;
      onSelected.accept(n.name());
      return t;
    }
    throw new CredentialUnavailableException(
        "none of " + String.join(", ", unavailable) + " could give a token");
  }
}
