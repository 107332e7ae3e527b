package io.github.livy4j.fabric.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.spi.Throttling.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Fabric's busy answers: 430 for a full capacity, and a 429 body that says until when. */
class FabricThrottlingTest {
  private final FabricThrottling throttling = new FabricThrottling();

  @Test
  void a430_isAFullCapacity() {
    assertThat(throttling.read(430, "{\"errorCode\":\"TooManyRequestsForCapacity\"}"))
        .isSameAs(Verdict.NO_CAPACITY);
    assertThat(throttling.read(430, "")).isSameAs(Verdict.NO_CAPACITY);
  }

  @Test
  void a429WithAnUntilBody_saysUntilWhen() {
    Verdict v =
        throttling.read(
            429,
            "{\"errorCode\":\"RequestBlocked\",\"message\":\"Request is"
                + " blocked by the upstream service until: 1/1/2026 12:00:25 AM (UTC)\"}");
    assertThat(v.retryAt()).contains(Instant.parse("2026-01-01T00:00:25Z"));
    assertThat(v.noCapacity()).isFalse();
    assertThat(throttling.read(429, "until: 4/17/2026 12:22:35 PM (UTC)").retryAt())
        .contains(Instant.parse("2026-04-17T12:22:35Z"));
  }

  @Test
  void otherAnswers_areNotFabricsOwn() {
    assertThat(throttling.read(429, "{\"message\":\"slow down\"}")).isSameAs(Verdict.NOT_MINE);
    assertThat(throttling.read(429, "until: 13/45/2026 1:00:00 PM (UTC)"))
        .isSameAs(Verdict.NOT_MINE);
    assertThat(FabricThrottling.until("until: 13/45/2026 1:00:00 PM (UTC)")).isEmpty();
    assertThat(throttling.read(503, "until: 1/1/2026 12:00:25 AM (UTC)"))
        .isSameAs(Verdict.NOT_MINE);
    assertThat(throttling.read(400, "")).isSameAs(Verdict.NOT_MINE);
  }
}
