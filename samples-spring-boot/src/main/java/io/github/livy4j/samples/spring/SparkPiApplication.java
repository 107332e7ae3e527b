package io.github.livy4j.samples.spring;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot service that estimates pi with Spark: {@code GET /pi?samples=N}. The livy4j
 * starter makes its {@link io.github.livy4j.LivyClient}; the actuator shows the Livy endpoint's
 * health ({@code /actuator/health}) and the client's meters ({@code /actuator/metrics}).
 *
 * <p>It talks to the Livy server at {@code livy4j.url}, or {@code LIVY_BASE_ENDPOINT}; with
 * neither, to an in-process fake server.
 */
@SpringBootApplication
public class SparkPiApplication {

  /**
   * Starts the service.
   *
   * @param args Spring Boot's arguments, such as {@code --server.port=8081}
   */
  public static void main(String[] args) {
    run(args);
  }

  /**
   * Starts the service, and the fake server first when no Livy endpoint is given.
   *
   * @param args Spring Boot's arguments
   * @return the running application
   */
  static ConfigurableApplicationContext run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    boolean given =
        all.stream().anyMatch(a -> a.startsWith("--livy4j.url="))
            || System.getProperty("livy4j.url") != null
            || System.getenv("LIVY4J_URL") != null;
    String endpoint = System.getenv("LIVY_BASE_ENDPOINT");
    if (!given && endpoint != null && !endpoint.isBlank()) {
      all.add("--livy4j.url=" + endpoint.strip());
    } else if (!given) {
      FakeLivy fake = fakeServer();
      all.add("--livy4j.url=" + fake.uri());
      System.out.println(
          "No Livy endpoint given: using an in-process fake server at " + fake.uri());
    }
    // the fake, if any, serves until the JVM ends: after the context, whose close deletes the
    // client's sessions on it
    return SpringApplication.run(SparkPiApplication.class, all.toArray(String[]::new));
  }

  /** A fake server that answers the pi estimate as Spark would. */
  static FakeLivy fakeServer() {
    FakeLivy fake =
        FakeLivy.builder()
            .sessionStartup(Duration.ofSeconds(2))
            .statementDuration(Duration.ofMillis(300))
            .start();
    Pattern n = Pattern.compile("val n = (\\d+)");
    fake.script(
        code -> code.contains("math.random"),
        code -> {
          Matcher m = n.matcher(code);
          long samples = m.find() ? Long.parseLong(m.group(1)) : 1;
          double pi = estimate(samples);
          return FakeResult.text(String.format(Locale.ROOT, "pi: Double = %s", pi));
        });
    return fake;
  }

  private static double estimate(long samples) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(samples);
    long inside = 0;
    for (long i = 0; i < samples; i++) {
      double x = random.nextDouble();
      double y = random.nextDouble();
      if (x * x + y * y < 1) {
        inside++;
      }
    }
    return 4.0 * inside / samples;
  }
}
