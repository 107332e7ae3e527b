package io.github.livy4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.LivyClient;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contract suites share: a {@link FakeLivy} on virtual time and a client of the
 * backend under test talking to it. After every test the client is closed and the fake must
 * hold no session: nothing leaks. A backend module's test supplies {@link #backend(FakeLivy)}.
 */
public abstract class FakeLivyContract {
  protected VirtualTime time;
  protected FakeLivy fake;
  protected LivyClient client;

  /**
   * The backend under test, talking to the fake.
   *
   * @param fake the running fake
   * @return the backend
   */
  protected abstract LivyBackend backend(FakeLivy fake);

  /**
   * The fake's settings; override to change them.
   *
   * @param builder a builder on virtual time
   * @return the builder
   */
  protected FakeLivy.Builder configure(FakeLivy.Builder builder) {
    return builder;
  }

  /**
   * The client's settings; override to add to them (a credential, listeners).
   *
   * @return a builder of a client of the backend, on the fake's virtual time
   */
  protected LivyClient.Builder clientBuilder() {
    return LivyClient.builder()
        .backend(backend(fake))
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .requestTimeout(Duration.ofSeconds(10));
  }

  @BeforeEach
  void startFake() {
    time = VirtualTime.create();
    fake = configure(FakeLivy.builder().time(time)).start();
    client = clientBuilder().build();
  }

  @AfterEach
  void stopFake() {
    try {
      client.close();
      assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
    } finally {
      fake.close();
    }
  }
}
