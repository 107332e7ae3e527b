package io.github.livy4j.fabric;

import io.github.livy4j.LivyClient;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.FaultScenarioContractTest;

/** The fault scenarios on the Fabric backend. */
class FabricFaultScenariosTest extends FaultScenarioContractTest {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return onFake(fake);
  }

  /** The Fabric backend on the fake's workspace and lakehouse. */
  static LivyBackend onFake(FakeLivy fake) {
    return FabricLivy.builder(
            "11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000")
        .baseUri(fake.uri())
        .build();
  }

  @Override
  protected boolean fabric() {
    return true;
  }

  @Override
  protected LivyClient.Builder customize(LivyClient.Builder builder) {
    return builder.credential(TokenProviders.fixed("fabric-fault-token"));
  }
}
