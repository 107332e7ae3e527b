package io.github.livy4j.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./demo} script itself, run as a person types it, against a fake server in this JVM:
 * every argument reaches the quickstart exactly as given.
 */
class DemoScriptTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeLivy fake;

  @BeforeEach
  void start() {
    fake =
        FakeLivy.builder()
            .sessionStartup(Duration.ofMillis(50))
            .statementDuration(Duration.ofMillis(20))
            .start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** Runs {@code ./demo --no-build --endpoint URL ...args}, feeding {@code stdin}. */
  private String demo(String stdin, String... args) throws IOException, InterruptedException {
    assertThat(ROOT.resolve("demo")).exists();
    assertThat(ROOT.resolve("samples/target/quickstart.classpath")).exists();
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                ROOT.resolve("demo").toString(),
                "--no-build",
                "--endpoint",
                fake.uri().toString(),
                "--no-progress"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("demo", ".out");
    Process p =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the demo ended").isTrue();
    String output = Files.readString(out);
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  private List<String> submittedCode() throws IOException {
    List<String> code = new ArrayList<>();
    for (RecordedRequest r : fake.requests()) {
      if (r.method().equals("POST") && r.path().endsWith("/statements")) {
        code.add(JSON.readTree(r.body()).path("code").asText());
      }
    }
    return code;
  }

  @Test
  void codeWithSpacesQuotesDollarsAndBackslashes_arrivesAsTyped() throws Exception {
    String code = "select 2 + 3, 'a  b' AS \"x y\", '$HOME' || `c` || '\\\\n' -- $(date) ;";
    demo("", "-k", "sql", code);
    assertThat(submittedCode()).containsExactly(code);
  }

  @Test
  void codeWithNewlines_andCodeFromStandardInput_arriveAsTyped() throws Exception {
    demo("", "-k", "sql", "select 1\nselect 'two'\n");
    String piped = "select 'from stdin', \"q\" -- $USER\n  and more\n";
    demo(piped, "-k", "sql", "-");
    assertThat(submittedCode()).containsExactly("select 1\nselect 'two'\n", piped);
  }
}
