package io.github.livy4j.fabric;

import io.github.livy4j.LivyClient;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.DeadlineMatrixContractTest;

/** Every call ends in time on the Fabric backend, whatever the server does. */
class FabricDeadlineMatrixTest extends DeadlineMatrixContractTest {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return FabricFaultScenariosTest.onFake(fake);
  }

  @Override
  protected boolean fabric() {
    return true;
  }

  @Override
  protected LivyClient.Builder customize(LivyClient.Builder builder) {
    return builder.credential(TokenProviders.fixed("fabric-matrix-token"));
  }
}
