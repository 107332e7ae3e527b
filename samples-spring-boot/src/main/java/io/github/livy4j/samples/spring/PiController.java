package io.github.livy4j.samples.spring;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /pi?samples=N}: estimates pi in Spark from N random points. The requests share one
 * Livy session, created on the first request and deleted when the application stops.
 */
@RestController
class PiController {
  static final int MAX_SAMPLES = 100_000_000;
  private static final Pattern PI = Pattern.compile("pi: Double = ([0-9.Ee-]+)");

  private final LivyClient livy;
  private final SessionSpec spec;
  private LivySession session;

  PiController(LivyClient livy, SessionSpec spec) {
    this.livy = livy;
    this.spec = spec;
  }

  @GetMapping("/pi")
  Map<String, Object> pi(@RequestParam(name = "samples", defaultValue = "100000") int samples) {
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "samples must be from 1 to " + MAX_SAMPLES + ", was " + samples);
    }
    // the code is built from a checked number only: nothing a caller types reaches Spark
    String code =
        "val n = "
            + samples
            + "\n"
            + "val inside = sc.parallelize(1 to n).filter { _ =>\n"
            + "  val x = math.random; val y = math.random; x * x + y * y < 1 }.count()\n"
            + "val pi: Double = 4.0 * inside / n";
    LivySession s = session();
    StatementResult result;
    try {
      result = s.execute(Code.scala(code));
    } catch (SessionExpiredException | SessionFailedException e) {
      // the shared session ended (its idle timeout, a lost driver): once more on a new one
      drop(s);
      s = session();
      result = s.execute(Code.scala(code));
    }
    Matcher m = PI.matcher(result.text().orElse(""));
    if (!m.find()) {
      throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Spark answered no estimate");
    }
    return Map.of(
        "samples", samples, "pi", Double.parseDouble(m.group(1)), "session", s.id().value());
  }

  /** The shared session, created on first use. */
  private synchronized LivySession session() {
    if (session == null) {
      session = livy.createSession(spec);
    }
    return session;
  }

  /** Forgets a session that ended, so the next request creates another. */
  private synchronized void drop(LivySession ended) {
    if (session == ended) {
      session = null;
    }
    try {
      ended.close();
    } catch (LivyException e) {
      // it is gone already, or the client retries the delete when it closes
    }
  }
}
