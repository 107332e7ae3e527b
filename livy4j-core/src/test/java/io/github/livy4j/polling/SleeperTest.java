package io.github.livy4j.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {

  @Test
  void theSystemSleeper_waitsRealTime() {
    assertThat(Sleeper.system().waitsRealTime()).isTrue();
  }

  @Test
  void anyOtherSleeper_doesNotByDefault_evenOneThatWrapsTheSystemSleeper() {
    Sleeper virtual = d -> {};
    Sleeper wrapper = d -> Sleeper.system().sleep(d);
    assertThat(virtual.waitsRealTime()).isFalse();
    assertThat(wrapper.waitsRealTime()).isFalse();
  }

  @Test
  void aWrapper_canDeclareRealTime() throws Exception {
    Sleeper wrapper =
        new Sleeper() {
          @Override
          public void sleep(Duration duration) throws InterruptedException {
            Sleeper.system().sleep(duration);
          }

          @Override
          public boolean waitsRealTime() {
            return true;
          }
        };
    assertThat(wrapper.waitsRealTime()).isTrue();
    wrapper.sleep(Duration.ZERO);
  }
}
