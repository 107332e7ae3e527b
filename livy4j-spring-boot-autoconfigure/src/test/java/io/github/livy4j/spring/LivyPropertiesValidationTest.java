package io.github.livy4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Wrong {@code livy4j.*} values fail the start, naming the property and where it was set; a
 * missing endpoint fails it with Spring Boot's report of what to set.
 */
@ExtendWith(OutputCaptureExtension.class)
class LivyPropertiesValidationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(LivyAutoConfiguration.class));

  static Stream<Arguments> wrongValues() {
    return Stream.of(
        arguments("livy4j.request-timeout=-1s", "livy4j.request-timeout must be positive"),
        arguments("livy4j.connect-timeout=0s", "livy4j.connect-timeout must be positive"),
        arguments("livy4j.close-timeout=0s", "livy4j.close-timeout must be positive"),
        arguments("livy4j.max-connections=0", "livy4j.max-connections must be at least 1"),
        arguments("livy4j.retry.max-attempts=0", "livy4j.retry.max-attempts must be at least 1"),
        arguments("livy4j.retry.capacity-wait=-1m", "livy4j.retry.capacity-wait must not be"),
        arguments("livy4j.retry.max-retry-after=-1s", "livy4j.retry.max-retry-after must not"),
        arguments(
            "livy4j.polling.statement-timeout=0s", "livy4j.polling.statement-timeout must be"),
        arguments(
            "livy4j.polling.session-start-timeout=-1m",
            "livy4j.polling.session-start-timeout must be positive"),
        arguments("livy4j.health.timeout=0ms", "livy4j.health.timeout must be positive"),
        arguments("livy4j.session.idle-timeout=10ms", "livy4j.session.idle-timeout must be at"),
        arguments("livy4j.session.kind=cobol", "livy4j.session.kind is none of"),
        arguments("livy4j.url=/livy", "livy4j.url must be an absolute http or https URL"),
        arguments("livy4j.url=localhost:8998", "livy4j.url must be an absolute http or https"),
        arguments("livy4j.application-id=orders job", "livy4j.application-id must be 1 to 64"),
        arguments("livy4j.backend=fabric", "livy4j.fabric.workspace-id is not set"),
        arguments(
            "livy4j.fabric.workspace-id=11111111-2222-3333-4444-555555555555",
            "livy4j.fabric.lakehouse-id is not"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongValues")
  void aWrongValue_failsTheStart_namingThePropertyAndWhereItWasSet(String setting, String says) {
    String property = setting.substring(0, setting.indexOf('='));
    runner
        .withPropertyValues(setting)
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining(says)
                    .hasStackTraceContaining(
                        "origin \"" + property + "\" from property source \"test\""));
  }

  @Test
  void rightValues_start() {
    runner
        .withPropertyValues(
            "livy4j.url=https://livy.example.com:8998/livy",
            "livy4j.request-timeout=30s",
            "livy4j.retry.max-attempts=1",
            "livy4j.retry.capacity-wait=0s",
            "livy4j.session.kind=PySpark",
            "livy4j.session.idle-timeout=1s")
        .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(LivyProperties.class));
  }

  /** An application with nothing but auto-configuration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  private static void start(String configName) {
    SpringApplication app = new SpringApplication(App.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.run("--spring.config.name=" + configName);
  }

  @Test
  void spring_boots_report_namesThePropertyAndTheFileItIsIn(CapturedOutput output) {
    assertThatThrownBy(() -> start("livy-invalid")).hasStackTraceContaining("request-timeout");
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("Property: livy4j.requestTimeout")
        .contains("Origin: class path resource [livy-invalid.properties] - 2:24")
        .contains("Reason: livy4j.request-timeout must be positive");
  }

  @Test
  void spring_boots_report_saysWhatToSet_whenThereIsNoEndpoint(CapturedOutput output) {
    assertThatThrownBy(() -> start("livy-no-endpoint"))
        .rootCause()
        .isInstanceOf(MissingEndpointException.class);
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("livy4j could not make its LivyClient: livy4j.url is not set")
        .contains("livy4j.url=http://localhost:8998")
        .contains("livy4j.fabric.workspace-id=");
  }
}
