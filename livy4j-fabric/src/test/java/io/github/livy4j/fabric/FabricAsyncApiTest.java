package io.github.livy4j.fabric;

import io.github.livy4j.LivyClient;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.AsyncApiContractTest;

/** The asynchronous API on the Fabric backend, against the fake's Fabric dialect. */
class FabricAsyncApiTest extends AsyncApiContractTest {
  @Override
  protected FakeLivy.Builder configure(FakeLivy.Builder builder) {
    return builder.fabric();
  }

  @Override
  protected LivyClient.Builder clientBuilder() {
    return super.clientBuilder().credential(TokenProviders.fixed("fabric-test-token"));
  }

  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return FabricLivy.builder(
            "11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000")
        .baseUri(fake.uri())
        .build();
  }
}
