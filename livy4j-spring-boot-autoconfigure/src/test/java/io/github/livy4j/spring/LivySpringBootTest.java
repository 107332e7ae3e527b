package io.github.livy4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter in a whole Spring Boot application, against the fake server. */
@SpringBootTest(
    classes = LivySpringBootTest.App.class,
    properties = {"livy4j.application-id=spring-test", "livy4j.session.name-prefix=spring-"})
@DirtiesContext
class LivySpringBootTest {
  static final FakeLivy FAKE =
      FakeLivy.builder()
          .sessionStartup(Duration.ofMillis(50))
          .statementDuration(Duration.ofMillis(20))
          .start();

  static {
    FAKE.script("1 + 1", FakeResult.text("res0: Int = 2"));
  }

  /** An application with nothing but auto-configuration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @DynamicPropertySource
  static void livy(DynamicPropertyRegistry registry) {
    registry.add("livy4j.url", () -> FAKE.uri().toString());
  }

  @AfterAll
  static void stop() {
    FAKE.close();
  }

  @Autowired LivyClient client;

  @Autowired SessionSpec spec;

  @Autowired ApplicationContext context;

  @Test
  void theApplication_runsSpark_withTheConfiguredClient() {
    // the indicator of the Spring Boot line the application runs on, found through the imports
    String line = SpringBootVersion.getVersion().substring(0, 1);
    assertThat(context.getBean(LivyAutoConfiguration.HEALTH_INDICATOR).getClass().getSimpleName())
        .isEqualTo("Boot" + line + "HealthIndicator");
    try (LivySession session = client.createSession(spec)) {
      assertThat(session.info().name())
          .hasValueSatisfying(n -> assertThat(n).startsWith("spring-"));
      assertThat(session.execute(Code.scala("1 + 1")).text()).contains("res0: Int = 2");
    }
    assertThat(FAKE.sessionCount()).isZero();
  }
}
