package io.github.livy4j.docs;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.entra.EntraTokenProviders;
import io.github.livy4j.fabric.FabricLivy;
import io.github.livy4j.spi.LivyBackend;
import java.net.URI;
import java.time.Duration;

/** The Microsoft Fabric guide's snippets. */
final class FabricGuide {
  private FabricGuide() {}

  static LivySession lakehouse(
      String workspaceId, String lakehouseId, String environmentId, TokenProvider tokens) {
    // tag::lakehouse[]
    LivyClient client =
        LivyClient.builder()
            .backend(FabricLivy.lakehouse(workspaceId, lakehouseId))
            .credential(tokens) // a TokenProvider for FabricLivy.SCOPE
            .build();
    LivySession session =
        client.createSession(
            SessionSpec.builder()
                .conf(FabricLivy.environment(environmentId)) // optional: a Fabric Environment
                .build());
    // end::lakehouse[]
    return session;
  }

  static TokenProvider tokens(String tenantId, String clientId, String secret) {
    // tag::tokens[]
    TokenProvider tokens =
        EntraTokenProviders.clientSecret(
            tenantId, clientId, secret, EntraTokenProviders.FABRIC_SCOPE);
    // end::tokens[]
    return tokens;
  }

  static void shared(LivyClient client) {
    // tag::shared-session[]
    try (LivySession repl =
        client.createSession(
            SessionSpec.builder()
                .sharedSession("nightly-etl") // acquire a REPL in the "nightly-etl" session
                .build())) {
      repl.execute(Code.sql("SELECT count(*) FROM orders"));
    } // releases the REPL; the last one ends the session
    // end::shared-session[]
  }

  static LivyClient options(String workspaceId, String lakehouseId, TokenProvider tokens) {
    // tag::options[]
    LivyBackend fabric =
        FabricLivy.builder(workspaceId, lakehouseId)
            .outputPageSize(1 << 20) // bytes of a statement's output read per request
            .maxOutputSize(256L << 20) // a larger output fails the read, naming this limit
            .build();
    LivyClient client =
        LivyClient.builder()
            .backend(fabric)
            .credential(tokens)
            .retry(RetryOptions.defaults().withCapacityWait(Duration.ofMinutes(5))) // on 430
            .build();
    // end::options[]
    return client;
  }

  static LivyBackend endpoint() {
    // tag::endpoint[]
    // https://api.fabric.microsoft.com/v1/workspaces/<w>/lakehouses/<l>/livyapi/versions/2023-12-01
    LivyBackend fabric = FabricLivy.endpoint(URI.create(System.getenv("LIVY_BASE_ENDPOINT")));
    // end::endpoint[]
    return fabric;
  }
}
