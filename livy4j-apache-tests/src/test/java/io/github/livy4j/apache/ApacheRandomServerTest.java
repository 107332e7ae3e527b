package io.github.livy4j.apache;

import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.RandomServerContract;

/** Randomised servers on the Apache backend. */
class ApacheRandomServerTest extends RandomServerContract {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return ApacheLivy.at(fake.uri());
  }

  @Override
  protected boolean fabric() {
    return false;
  }
}
