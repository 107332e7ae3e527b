package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.samples.web.WebAppHarness.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How fast browsers without a session may start sign-ins, on a clock the test moves. */
class SignInRateTest {
  private final MovableClock clock = new MovableClock();

  @Test
  void eachAddress_getsAMinutesWorth_thenOneEveryShare_ofTheMinute() {
    SignInRate rate = new SignInRate(clock, 1000, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(rate.admit("10.0.0.1")).isZero();
    }
    Duration wait = rate.admit("10.0.0.1");
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
    assertThat(rate.admit("10.0.0.2")).as("another address has its own").isZero();
    clock.advance(wait);
    assertThat(rate.admit("10.0.0.1")).isZero();
    assertThat(rate.admit("10.0.0.1")).isPositive();
  }

  @Test
  void allAddressesTogether_areBoundToo_andARefusalTakesNothing() {
    SignInRate rate = new SignInRate(clock, 5, 1000);
    for (int i = 0; i < 5; i++) {
      assertThat(rate.admit("10.0.1." + i)).isZero();
    }
    assertThat(rate.admit("10.0.1.99")).isPositive();
    clock.advance(Duration.ofSeconds(12));
    assertThat(rate.admit("10.0.1.99")).isZero();
    assertThat(rate.admit("10.0.1.98")).isPositive();
    clock.advance(Duration.ofMinutes(10));
    for (int i = 0; i < 5; i++) {
      assertThat(rate.admit("10.0.2." + i)).as("refilled to a minute's worth, no more").isZero();
    }
    assertThat(rate.admit("10.0.2.99")).isPositive();
  }
}
