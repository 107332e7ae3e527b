package io.github.livy4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The health indicator as one Spring Boot line sees it: a subclass per line names that line's
 * {@code HealthIndicator} type and reads its {@code Health}, and runs only on that line.
 */
abstract class HealthIndicatorContract {
  /** What one call of the indicator said, in terms common to both lines. */
  record Reading(String status, Map<String, Object> details) {}

  private final VirtualTime time = VirtualTime.create();
  private final FakeLivy fake = FakeLivy.builder().time(time).start();

  /** @return the line's major version, such as {@code "4"} */
  abstract String line();

  /** @return the line's {@code HealthIndicator} interface */
  abstract Class<?> indicatorType();

  /**
   * Calls the indicator once.
   *
   * @param indicator a bean of {@link #indicatorType()}
   * @return what it said
   */
  abstract Reading read(Object indicator);

  @AfterEach
  void stop() {
    fake.close();
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LivyAutoConfiguration.class))
        .withPropertyValues("livy4j.url=" + fake.uri())
        // the retries' pauses on the fake's virtual time
        .withBean(
            "virtualTime",
            LivyClientCustomizer.class,
            () -> b -> b.clock(time.clock()).sleeper(time.sleeper()));
  }

  @Test
  void theTestsRunOnTheirLine() {
    assertThat(SpringBootVersion.getVersion()).startsWith(line() + ".");
  }

  @Test
  void theIndicator_isUpAfterOneRequest_andDownWithTheFailure() {
    runner()
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              Object indicator = ctx.getBean(LivyAutoConfiguration.HEALTH_INDICATOR);
              assertThat(indicator).isInstanceOf(indicatorType());
              fake.clearRequests();

              Reading up = read(indicator);
              assertThat(up.status()).isEqualTo("UP");
              assertThat(up.details()).containsExactlyEntriesOf(Map.of("backend", "apache"));
              assertThat(fake.requests())
                  .extracting(RecordedRequest::toString)
                  .containsExactly("GET /sessions?from=0&size=1");

              fake.inject(
                  Fault.on("GET", "/sessions").respond(500, "{\"msg\":\"broken\"}").times(10));
              Reading down = read(indicator);
              assertThat(down.status()).isEqualTo("DOWN");
              assertThat(down.details()).containsEntry("backend", "apache");
              assertThat((String) down.details().get("error")).contains("500", "broken");
            });
  }

  @Test
  void theIndicator_isDownWithinItsTimeout_whenTheServerHangs() {
    fake.inject(Fault.on("GET", "/sessions").hang());
    runner()
        .withPropertyValues("livy4j.health.timeout=200ms")
        .run(
            ctx -> {
              Reading down = read(ctx.getBean(LivyAutoConfiguration.HEALTH_INDICATOR));
              assertThat(down.status()).isEqualTo("DOWN");
              assertThat(down.details()).containsEntry("error", "no answer within 200 ms");
            });
  }

  @Test
  void noIndicator_whenSwitchedOff_orWithoutTheLinesHealthTypes() {
    runner()
        .withPropertyValues("livy4j.health.enabled=false")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasNotFailed()
                    .doesNotHaveBean(LivyAutoConfiguration.HEALTH_INDICATOR));
    runner()
        .withClassLoader(new FilteredClassLoader(indicatorType()))
        .run(
            ctx ->
                assertThat(ctx)
                    .hasNotFailed()
                    .doesNotHaveBean(LivyAutoConfiguration.HEALTH_INDICATOR));
  }

  @Test
  void theActuatorsHealthSwitches_leaveTheIndicatorOut() {
    runner()
        .withPropertyValues("management.health.livy.enabled=false")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasNotFailed()
                    .doesNotHaveBean(LivyAutoConfiguration.HEALTH_INDICATOR));
    runner()
        .withPropertyValues("management.health.defaults.enabled=false")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasNotFailed()
                    .doesNotHaveBean(LivyAutoConfiguration.HEALTH_INDICATOR));
    runner()
        .withPropertyValues(
            "management.health.defaults.enabled=false", "management.health.livy.enabled=true")
        .run(ctx -> assertThat(ctx).hasBean(LivyAutoConfiguration.HEALTH_INDICATOR));
  }

  @Test
  void anApplicationsOwnIndicator_replacesTheStartersOne() {
    Object mine = new Object();
    runner()
        .withBean(LivyAutoConfiguration.HEALTH_INDICATOR, Object.class, () -> mine)
        .run(ctx -> assertThat(ctx.getBean(LivyAutoConfiguration.HEALTH_INDICATOR)).isSameAs(mine));
  }
}
