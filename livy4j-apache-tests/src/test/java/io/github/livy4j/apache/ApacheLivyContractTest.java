package io.github.livy4j.apache;

import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.LivyBackendContractTest;

/** The backend contract, run on the Apache Livy backend against the fake. */
class ApacheLivyContractTest extends LivyBackendContractTest {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return ApacheLivy.at(fake.uri());
  }
}
