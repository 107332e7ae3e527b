package io.github.livy4j.apache;

import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.FaultScenarioContractTest;

/** The fault scenarios on the Apache Livy backend. */
class ApacheFaultScenariosTest extends FaultScenarioContractTest {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return ApacheLivy.at(fake.uri());
  }

  @Override
  protected boolean fabric() {
    return false;
  }
}
