package io.github.livy4j.fabric;

import io.github.livy4j.LivyClient;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.LivyBackendContractTest;

/** The backend contract, run on the Fabric backend against the fake's Fabric dialect. */
@org.junit.jupiter.api.extension.ExtendWith(io.github.livy4j.NoSecretLeaks.class)
class FabricLivyContractTest extends LivyBackendContractTest {
  static {
    io.github.livy4j.NoSecretLeaks.secret("fabric-test-token");
  }

  @Override
  protected FakeLivy.Builder configure(FakeLivy.Builder builder) {
    return builder.fabric();
  }

  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return FabricLivy.builder(
            "11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000")
        .baseUri(fake.uri())
        .build();
  }

  @Override
  protected LivyClient.Builder clientBuilder() {
    return super.clientBuilder().credential(TokenProviders.fixed("fabric-test-token"));
  }

  @Override
  protected boolean hasLogs() {
    return false;
  }
}
