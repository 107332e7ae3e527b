package io.github.livy4j.apache;

import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.AsyncApiContractTest;

/** The asynchronous API on the Apache Livy backend. */
class ApacheAsyncApiTest extends AsyncApiContractTest {
  @Override
  protected LivyBackend backend(FakeLivy fake) {
    return ApacheLivy.at(fake.uri());
  }
}
