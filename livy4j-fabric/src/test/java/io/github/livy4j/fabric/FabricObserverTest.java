package io.github.livy4j.fabric;

import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.ObserverContractTest;

/** What an observer sees of the Fabric backend. */
class FabricObserverTest extends ObserverContractTest {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return FabricFaultScenariosTest.onFake(fake);
  }

  @Override
  protected boolean fabric() {
    return true;
  }

  @Override
  protected String kind() {
    return "fabric";
  }
}
