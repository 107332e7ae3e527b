package io.github.livy4j.apache;

import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.DeadlineMatrixContractTest;

/** Every call ends in time on the Apache Livy backend, whatever the server does. */
class ApacheDeadlineMatrixTest extends DeadlineMatrixContractTest {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return ApacheLivy.at(fake.uri());
  }

  @Override
  protected boolean fabric() {
    return false;
  }
}
