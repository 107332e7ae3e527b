package io.github.livy4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Randomised servers, for one dialect: a statement's run meets a generated sequence of bad
 * answers on its way (errors, throttling, drops, garbage, truncated and hanging answers,
 * unknown states, lost sessions), on creation, submission and every read. Whatever the
 * sequence, the caller gets the right result or a {@link LivyException}, never another
 * exception, within the deadline plus a small slack, and no session is left on the server. A
 * failing sequence shrinks to a short one.
 *
 * <p>How many sequences a run tries is jqwik's {@code jqwik.tries.default}: the build sets 100
 * per dialect, and 1,000 with the {@code full} profile ({@code -Pfull}, also run by
 * {@code benchmarks/run}). Those sequences have no hanging answer, and a request timeout that
 * no pause of a loaded machine reaches: a slow answer of the in-process server is then never
 * taken for a lost one (after a lost answer to a create the client looks for the session by
 * name, and a server still busy creating it may not list it yet, a leak no client can prevent).
 * A hanging answer costs one request timeout of real time, so a second property tries
 * {@value #HANG_TRIES} sequences, each with one hanging answer among the others, at the fault
 * suite's 1 s request timeout.
 */
public abstract class RandomServerContract {
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final Duration SLACK = Duration.ofSeconds(5);

  /** Far beyond any pause of the in-process server: only a hanging answer reaches it. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Each hanging answer costs this much real time; the fault suite's request timeout. */
  private static final Duration HANG_REQUEST_TIMEOUT = Duration.ofSeconds(1);

  /** How many sequences with a hanging answer a run tries. */
  static final int HANG_TRIES = 12;

  private static final String CODE = "spark.range(100).count()";

  /**
   * The backend under test, talking to the fake.
   *
   * @param fake the running fake
   * @return the backend
   */
  protected abstract LivyBackend backend(FakeLivy fake);

  /** @return whether the backend speaks the Fabric dialect */
  protected abstract boolean fabric();

  /**
   * The client's settings beyond the contract's; override to add a credential.
   *
   * @param builder the contract's client builder
   * @return the builder
   */
  protected LivyClient.Builder customize(LivyClient.Builder builder) {
    return builder;
  }

  /** One bad answer, for one kind of request. */
  record Bad(String method, String path, String what) {
    Fault fault() {
      Fault.Matcher m = Fault.on(method, ".*" + path);
      return switch (what) {
        case "500" -> m.respond(500, "{\"msg\":\"internal\"}");
        case "502-html" -> m.respond(502, "<html><body>Bad Gateway</body></html>");
        case "503-retry" -> m.respond(503, "{\"msg\":\"busy\"}").header("Retry-After", "2");
        case "429-retry" -> m.respond(429, "{\"msg\":\"slow\"}").header("Retry-After", "3");
        case "404" -> m.respond(404, "{\"msg\":\"Session '0' not found.\"}");
        case "garbage" -> m.respond(200, "{\"id\": 0, \"state\": ");
        case "empty" -> m.respond(200, "");
        case "unknown-state" ->
            m.respond(
                200, "{\"id\":0,\"state\":\"pondering\"," + "\"output\":null,\"progress\":0.5}");
        case "drop" -> m.dropConnection();
        case "drop-after" -> m.dropConnectionAfterProcessing();
        case "truncate" -> m.truncateBody();
        case "hang" -> m.hang();
        case "hang-mid-body" -> m.hangMidBody();
        case "400" -> m.respond(400, "{\"msg\":\"no\"}");
        default -> throw new IllegalArgumentException(what);
      };
    }

    @Override
    public String toString() {
      return what + " on " + method + " " + path;
    }
  }

  private static final Arbitrary<String[]> WHERE =
      Arbitraries.of(
          new String[] {"POST", "/sessions"},
          new String[] {"GET", "/sessions/[^/]+"},
          new String[] {"POST", "/sessions/[^/]+/statements"},
          new String[] {"GET", "/sessions/[^/]+/statements/[^/]+"},
          new String[] {"GET", "/sessions/[^/]+/statements"});

  @Provide
  Arbitrary<List<Bad>> answers() {
    Arbitrary<String> what =
        Arbitraries.of(
            "500",
            "502-html",
            "503-retry",
            "429-retry",
            "404",
            "garbage",
            "empty",
            "unknown-state",
            "drop",
            "drop-after",
            "truncate",
            "400");
    return net.jqwik.api.Combinators.combine(WHERE, what)
        .as((w, k) -> new Bad(w[0], w[1], k))
        .list()
        .ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Bad>> answersWithAHang() {
    Arbitrary<Bad> hang =
        net.jqwik.api.Combinators.combine(WHERE, Arbitraries.of("hang", "hang-mid-body"))
            .as((w, k) -> new Bad(w[0], w[1], k));
    return net.jqwik.api.Combinators.combine(answers(), hang, Arbitraries.integers().between(0, 8))
        .as(
            (others, h, at) -> {
              List<Bad> all = new java.util.ArrayList<>(others);
              all.add(Math.min(at, all.size()), h);
              return all;
            });
  }

  @Property
  void anySequenceOfBadAnswers_endsInTheResultOrALivyException_inTime_withNothingLeft(
      @ForAll("answers") List<Bad> answers) {
    run(answers, REQUEST_TIMEOUT);
  }

  @Property(tries = HANG_TRIES)
  void aSequenceWithAHangingAnswer_endsInTheResultOrALivyException_inTime_withNothingLeft(
      @ForAll("answersWithAHang") List<Bad> answers) {
    run(answers, HANG_REQUEST_TIMEOUT);
  }

  private void run(List<Bad> answers, Duration requestTimeout) {
    VirtualTime time = VirtualTime.create();
    FakeLivy.Builder fb =
        FakeLivy.builder()
            .time(time)
            .sessionStartup(Duration.ofSeconds(2))
            .statementDuration(Duration.ofSeconds(1));
    try (FakeLivy fake = (fabric() ? fb.fabric() : fb).start()) {
      fake.script(CODE, FakeResult.text("res0: Long = 100"));
      answers.forEach(a -> fake.inject(a.fault()));
      Instant began = time.clock().instant();
      try (LivyClient client =
          customize(
                  LivyClient.builder()
                      .backend(backend(fake))
                      .clock(time.clock())
                      .sleeper(time.sleeper())
                      .deleteSessionsOnShutdown(false)
                      .requestTimeout(requestTimeout)
                      .polling(PollingOptions.builder().timeout(DEADLINE).build()))
              .build()) {
        try (LivySession s = client.createSession(SessionSpec.defaults())) {
          StatementResult r = s.execute(Code.scala(CODE), DEADLINE);
          assertThat(r.text()).contains("res0: Long = 100");
        } catch (LivyException e) {
          // a documented failure: the type tells what happened
          assertThat(e.getMessage()).isNotBlank();
        }
        assertThat(Duration.between(began, time.clock().instant()))
            .isLessThanOrEqualTo(DEADLINE.multipliedBy(2).plus(SLACK));
      }
      assertThat(fake.sessionCount()).as("sessions left on the server").isZero();
    }
  }
}
