package io.github.livy4j.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.TestTime;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.http.DeadlineExceededException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A call's deadline covers its begin, and a begin cut short is the call's timeout. */
class CallDeadlineTest {
  private final TestTime time = new TestTime();

  @Test
  void theBegin_runsUnderTheCallsDeadlinePlusSlack_orAnEarlierOuterOne() {
    CallDeadline d = CallDeadline.from(time, Duration.ofSeconds(10));
    assertThat(d.end()).isEqualTo(time.instant().plusSeconds(11));
    assertThat(d.<Instant>begin(() -> "x", CallScope.NONE, call -> call.end().orElseThrow()))
        .isEqualTo(d.end());
    Instant outer = time.instant().plusSeconds(3);
    assertThat(
            d.<Instant>begin(() -> "x", CallScope.until(outer), call -> call.end().orElseThrow()))
        .isEqualTo(outer);
  }

  @Test
  void aBeginCutShort_isTheCallsTimeout_sayingWhatItAwaited() {
    CallDeadline d = CallDeadline.from(time, Duration.ofSeconds(10));
    assertThatThrownBy(
            () ->
                d.begin(
                    () -> "session 'a' to be created",
                    CallScope.NONE,
                    call -> {
                      time.advance(Duration.ofSeconds(11));
                      throw new DeadlineExceededException("no answer", true);
                    }))
        .isInstanceOfSatisfying(
            PollingTimeoutException.class,
            e -> {
              assertThat(e.awaited()).isEqualTo("session 'a' to be created");
              assertThat(e.waited()).isEqualTo(Duration.ofSeconds(11));
              assertThat(e.lastState()).isEqualTo("unknown");
              assertThat(e.getSuppressed()).hasOnlyElementsOfType(DeadlineExceededException.class);
            });
  }

  @Test
  void aDeadlineThatIsNotPositive_isRefused() {
    assertThatThrownBy(() -> CallDeadline.from(time, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> CallDeadline.from(time, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
