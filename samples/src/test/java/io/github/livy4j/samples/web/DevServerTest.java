package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The development server as {@code ./demo web} starts it. */
class DevServerTest {
  @Test
  void itsDemoUsersAndRoles_parse_andMapEachUserToOneRole() {
    WebConfig c =
        WebConfig.fromEnvironment(
            Map.of(
                "DEV_USERS",
                DevServer.DEMO_USERS,
                "ROLES",
                DevServer.DEMO_ROLES,
                "LIVY_BASE_ENDPOINT",
                "http://127.0.0.1:8998"));
    assertThat(c.devUsers()).containsOnlyKeys("ada", "eddie", "vic");
    assertThat(c.roles().rolesFor(c.devUsers().get("eddie").groupIds())).containsExactly("Editors");
    assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.entraSignIn()).isFalse();
  }

  @Test
  void badInputAsTyped_givesOneLinePerProblem_withoutParserNoise() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        DevServer.run(
            Map.of(
                "PORT",
                "abc",
                "ROLES",
                "{\"g\": \"Owners\"",
                "LIVY_SPARK_CONF",
                "{\"spark.x\": ",
                "LIVY_BASE_ENDPOINT",
                "http://127.0.0.1:9"),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(2);
    assertThat(text.lines().filter(l -> l.startsWith("web app: ")))
        .containsExactlyInAnyOrder(
            "web app: ROLES is not valid JSON: Unexpected end-of-input: expected close marker for"
                + " Object (line 1, column 15)",
            "web app: LIVY_SPARK_CONF is not valid JSON: Unexpected end-of-input within/between"
                + " Object entries (line 1, column 12)",
            "web app: PORT must be a whole number, was 'abc'");
  }

  @Test
  void offLoopback_itRefusesToStart_withOneClearLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        DevServer.run(
            Map.of("BIND_ADDRESS", "0.0.0.0", "PORT", ""),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(2);
    assertThat(text)
        .contains(
            "web app: DEV_USERS (the development sign-in) is refused on" + " BIND_ADDRESS 0.0.0.0",
            "web app: SESSION_SECRET")
        .doesNotContain("Exception");
  }
}
