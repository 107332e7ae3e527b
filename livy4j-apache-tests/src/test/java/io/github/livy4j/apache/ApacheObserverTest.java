package io.github.livy4j.apache;

import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.ObserverContractTest;

/** What an observer sees of the Apache Livy backend. */
class ApacheObserverTest extends ObserverContractTest {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return ApacheLivy.at(fake.uri());
  }

  @Override
  protected boolean fabric() {
    return false;
  }

  @Override
  protected String kind() {
    return "apache";
  }
}
