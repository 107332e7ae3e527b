package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.LivyServiceException;
import io.github.livy4j.ServiceError;
import io.github.livy4j.ThrottledException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rule for a wait the server asks for, alone. */
class ServerWaitTest {
  private static final ServiceError BUSY =
      new ServiceError(503, "POST", "http://livy/sessions", "Busy", "req-1", "{\"msg\":\"busy\"}");

  @Test
  void thePause_isTheServersWait_whenLonger() {
    assertThat(ServerWait.pause(Duration.ofMillis(250), Duration.ofSeconds(7)))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(ServerWait.pause(Duration.ofMillis(250), Duration.ofMillis(100)))
        .isEqualTo(Duration.ofMillis(250));
    assertThat(ServerWait.pause(Duration.ofMillis(250), null)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void aWaitPastTheDeadline_isOneThatEndsAfterIt() {
    assertThat(ServerWait.pastDeadline(Duration.ofSeconds(11), Duration.ofSeconds(10))).isTrue();
    assertThat(ServerWait.pastDeadline(Duration.ofSeconds(10), Duration.ofSeconds(10))).isFalse();
    assertThat(ServerWait.pastDeadline(null, Duration.ZERO)).isFalse();
  }

  @Test
  void theRefusal_keepsItsTypeDetailsAndWait_andNamesTheWait() {
    LivyServiceException refused =
        new LivyServiceException(
            "POST http://livy/sessions answered 503: busy", BUSY, Duration.ofMinutes(5));
    LivyServiceException ended = ServerWait.refusal(refused, Duration.ofMillis(1500));
    assertThat(ended)
        .isExactlyInstanceOf(LivyServiceException.class)
        .hasMessage(
            "POST http://livy/sessions answered 503: busy; the server asked to wait 300 s"
                + " before trying again, past the deadline (1500 ms left)")
        .hasCause(refused);
    assertThat(ended.error()).isEqualTo(BUSY);
    assertThat(ended.retryAfter()).contains(Duration.ofMinutes(5));

    ThrottledException throttled =
        new ThrottledException("GET answered 429", BUSY, Duration.ofSeconds(90));
    assertThat(ServerWait.refusal(throttled, Duration.ofSeconds(-1)))
        .isExactlyInstanceOf(ThrottledException.class)
        .hasMessageEndingWith(
            "asked to wait 90 s before trying again, past the deadline (0 s left)");
  }
}
