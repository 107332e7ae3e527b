package io.github.livy4j.testkit;

import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.testkit.internal.AccessFault;
import io.github.livy4j.testkit.internal.FakeServer;
import io.github.livy4j.testkit.internal.LivyModel;
import io.github.livy4j.testkit.internal.ScriptedResult;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A stateful fake Apache Livy server on a free loopback port, for tests.
 *
 * <p>Sessions move {@code starting -> idle <-> busy}, statements
 * {@code waiting -> running -> available} (or {@code cancelling -> cancelled}), in time read
 * from a real or {@link VirtualTime virtual} clock. It reproduces Apache Livy's quirks: 201
 * and {@code Location} on create, error bodies as the chosen version writes them (a bare JSON
 * string before 0.6), 400 for create fields the version does not know, the CSRF header rule,
 * the SQL row cap, the last 100 statements kept, 500 for statements to a session that is not
 * ready, and idle sessions deleted after the session timeout. Faults can be injected, every
 * request is recorded, and {@link #sessionCount()} tells whether a test leaked sessions.
 *
 * <pre>{@code
 * VirtualTime time = VirtualTime.create();
 * try (FakeLivy fake = FakeLivy.builder().time(time).start()) {
 *   fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
 *   try (LivyClient client = LivyClient.builder().backend(ApacheLivy.at(fake.uri()))
 *           .clock(time.clock()).sleeper(time.sleeper()).build();
 *        LivySession s = client.createSession(SessionSpec.defaults())) {
 *     assertThat(s.execute(Code.scala("1 + 1")).text()).contains("res0: Int = 2");
 *   }
 *   assertThat(fake.sessionCount()).isZero();
 * }
 * }</pre>
 *
 * <p>The server is the JDK's own {@code com.sun.net.httpserver}; run tests with
 * {@code -Dsun.net.httpserver.nodelay=true} (for example in Surefire's {@code argLine}) and
 * it answers many times faster.
 */
public final class FakeLivy implements AutoCloseable {
  private final LivyModel model;
  private final FakeServer server;
  private final VirtualTime time;

  private FakeLivy(Builder b) {
    this.time = b.time;
    Clock clock = b.time != null ? b.time.clock() : Clock.systemUTC();
    Duration timeout =
        b.sessionTimeout != null
            ? b.sessionTimeout
            : b.fabric ? Duration.ofMinutes(20) : Duration.ofHours(1);
    this.model =
        new LivyModel(
            clock,
            b.version,
            b.sessionStartup,
            b.statementDuration,
            timeout,
            b.finishedRetention,
            b.sqlRowLimit,
            b.retainedStatements,
            b.fabric);
    this.model.logLines(b.sessionLogLines);
    this.server = new FakeServer(model, b.csrfProtection, b.fabric, b.tokens);
  }

  /** @return a builder with Livy 0.7.1's behaviour and real time */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server's base URL: for the Apache dialect the Livy root, such as
   * {@code http://127.0.0.1:41234}; for the Fabric dialect the API root that
   * {@code FabricLivy.builder(...).baseUri(...)} takes, such as {@code http://127.0.0.1:41234/v1}.
   *
   * @return the URL
   */
  public URI uri() {
    return model.fabric() ? URI.create(server.uri() + "/v1") : server.uri();
  }

  /**
   * Scripts the result of a piece of code (matched exactly, after trimming).
   *
   * @param code the code
   * @param result what it produces
   * @return this server
   */
  public FakeLivy script(String code, FakeResult result) {
    Objects.requireNonNull(code, "code");
    String trimmed = code.strip();
    return script(c -> c.strip().equals(trimmed), result);
  }

  /**
   * Scripts the result of every piece of code a predicate accepts; later scripts win.
   * Unscripted code succeeds at once with an empty {@code text/plain} result.
   *
   * @param code which code
   * @param result what it produces
   * @return this server
   */
  public FakeLivy script(Predicate<String> code, FakeResult result) {
    Objects.requireNonNull(result, "result");
    ScriptedResult scripted = scripted(result);
    model.script(Objects.requireNonNull(code, "code"), c -> scripted);
    return this;
  }

  /**
   * Scripts a result made from the code itself, for every piece of code a predicate accepts;
   * later scripts win.
   *
   * <pre>{@code
   * fake.script(c -> c.startsWith("echo "), c -> FakeResult.text(c.substring(5)));
   * }</pre>
   *
   * @param code which code
   * @param result what a piece of code produces; must not return {@code null}
   * @return this server
   */
  public FakeLivy script(
      Predicate<String> code, java.util.function.Function<String, FakeResult> result) {
    Objects.requireNonNull(result, "result");
    model.script(
        Objects.requireNonNull(code, "code"),
        c -> scripted(Objects.requireNonNull(result.apply(c), "the script's result")));
    return this;
  }

  private static ScriptedResult scripted(FakeResult result) {
    return new ScriptedResult(
        result.data,
        result.errorName,
        result.errorValue,
        result.traceback,
        result.duration,
        result.sqlSchema,
        result.sqlRows);
  }

  /**
   * Scripts how batches with a main class end; unscripted batches succeed after the
   * statement duration.
   *
   * @param className the batch's {@code className}
   * @param outcome how it ends
   * @return this server
   */
  public FakeLivy scriptBatch(String className, FakeBatch outcome) {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(outcome, "outcome");
    model.scriptBatch(className, outcome.succeeds, outcome.runningTime, outcome.log);
    return this;
  }

  /** @return the number of batches the server holds (any state) */
  public int batchCount() {
    return model.batchCount();
  }

  /**
   * Injects a fault into the next matching requests.
   *
   * @param fault the fault
   * @return this server
   */
  public FakeLivy inject(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    server.inject(
        new AccessFault(
            fault.kind.name(),
            fault.method,
            fault.path,
            fault.status,
            fault.body,
            fault.headers,
            fault.delay,
            fault.times));
    return this;
  }

  /**
   * Makes sessions created from now on die while starting, with a reason in their log.
   *
   * @param reason the log line explaining the failure, or {@code null} to start normally again
   * @return this server
   */
  public FakeLivy failSessionStarts(String reason) {
    model.failStarts(reason);
    return this;
  }

  /**
   * Kills a session as if its driver died: its state becomes {@code dead}, and running
   * statements stay as they were.
   *
   * @param sessionId the session id
   * @throws IllegalArgumentException if there is no such session
   */
  public void killSession(String sessionId) {
    model.kill(sessionId);
  }

  /**
   * Restarts the server without recovery: it forgets every session, statement and batch at
   * once, and in the Apache dialect counts ids from 0 again, so a session created afterwards
   * gets the id of one that was forgotten, as Apache Livy's does. Fabric ids are never reused.
   */
  public void restart() {
    model.restart();
  }

  /** @return the number of sessions the server holds (any state): zero after a clean test */
  public int sessionCount() {
    return model.sessionCount();
  }

  /** @return every request received so far, in order */
  public List<RecordedRequest> requests() {
    return server.requests();
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    server.clearRequests();
  }

  /**
   * The virtual time this server runs on.
   *
   * @return the virtual time
   * @throws IllegalStateException if it runs on real time
   */
  public VirtualTime time() {
    if (time == null) {
      throw new IllegalStateException("this FakeLivy runs on real time");
    }
    return time;
  }

  /** @return the clock to give the client: virtual when the server runs on virtual time */
  public Clock clock() {
    return time != null ? time.clock() : Clock.systemUTC();
  }

  /** @return the sleeper to give the client: virtual when the server runs on virtual time */
  public Sleeper sleeper() {
    return time != null ? time.sleeper() : Sleeper.system();
  }

  /**
   * The most requests the server has had in flight at once since it started: each counts from
   * the moment the server takes it until its handler has finished, which can be a moment after
   * the client has read the whole answer and sent its next request. The peak shows that
   * requests overlapped; it can exceed a client's bound on requests in flight by the requests
   * in that moment, so count a client's bound at the client (such as with a counting
   * {@link java.net.http.HttpClient} given to {@code LivyClient.Builder.httpClient}).
   *
   * @return the peak
   */
  public int peakConcurrentRequests() {
    return server.peakConcurrentRequests();
  }

  /** Stops the server; hanging requests are released. */
  @Override
  public void close() {
    server.close();
  }

  /** Builds a {@link FakeLivy}. */
  public static final class Builder {
    private String version = "0.7.1-incubating";
    private boolean csrfProtection;
    private Duration sessionStartup = Duration.ofSeconds(5);
    private Duration statementDuration = Duration.ofMillis(200);
    private Duration sessionTimeout;
    private boolean fabric;
    private Duration finishedRetention = Duration.ofMinutes(10);
    private int sqlRowLimit = 1000;
    private int retainedStatements = 100;
    private int sessionLogLines = 200;
    private VirtualTime time;
    private java.util.function.Predicate<String> tokens;

    private Builder() {}

    /**
     * Requires a bearer token on every request, and answers 401 to one the check refuses: to
     * test token refresh, or that each caller's requests carry their own token. The check
     * sees the token; the request journal still records it as {@code <redacted>}.
     *
     * @param accepts whether a token is valid
     * @return this builder
     */
    public Builder acceptTokens(java.util.function.Predicate<String> accepts) {
      this.tokens = Objects.requireNonNull(accepts, "accepts");
      return this;
    }

    /**
     * @param version the Livy version to behave as, such as {@code 0.5.0} or {@code 0.9.0}
     * @return this builder
     */
    public Builder livyVersion(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * @param enabled whether non-GET requests need {@code X-Requested-By}
     * @return this builder
     */
    public Builder csrfProtection(boolean enabled) {
      this.csrfProtection = enabled;
      return this;
    }

    /**
     * @param duration how long a session takes to become idle (default 5 s)
     * @return this builder
     */
    public Builder sessionStartup(Duration duration) {
      this.sessionStartup = nonNegative(duration, "sessionStartup");
      return this;
    }

    /**
     * @param duration how long an unscripted statement runs (default 200 ms)
     * @return this builder
     */
    public Builder statementDuration(Duration duration) {
      this.statementDuration = nonNegative(duration, "statementDuration");
      return this;
    }

    /**
     * Speaks the Microsoft Fabric Livy dialect instead of Apache Livy's: the API lives under
     * {@code /v1/workspaces/{w}/lakehouses/{l}/livyApi/versions/{v}}, a bearer token is
     * required, creates answer 202 with GUID ids, sessions go through Fabric's acquisition
     * phases ({@code queued}, {@code acquiringSession}) with layered state, errors carry
     * {@code errorCode}, {@code message} and {@code requestId}, lists are OData pages, idle
     * sessions are reaped after 20 minutes, and there are no log, state, completion or version
     * calls. Statement text output is paged by {@code from} and {@code size} in bytes (a page
     * never splits a character). High-concurrency sessions ({@code /highConcurrencySessions})
     * pack up to five REPLs into one shared session per {@code sessionTag}, go through
     * {@code NotStarted}, {@code AcquiringHighConcurrencySession} and {@code Idle}/{@code Busy}
     * with the shared session's id and then the REPL's id appearing on the way, run each REPL's
     * statements apart from the others', and end the shared session with its last REPL; the
     * shared sessions count in {@link #sessionCount()}.
     *
     * @return this builder
     */
    public Builder fabric() {
      this.fabric = true;
      return this;
    }

    /**
     * @param timeout {@code livy.server.session.timeout}: idle sessions are deleted after it
     *     (default 1 h; 20 min for Fabric)
     * @return this builder
     */
    public Builder sessionTimeout(Duration timeout) {
      this.sessionTimeout = nonNegative(timeout, "sessionTimeout");
      return this;
    }

    /**
     * @param retention how long finished sessions stay visible (default 10 min)
     * @return this builder
     */
    public Builder finishedSessionRetention(Duration retention) {
      this.finishedRetention = nonNegative(retention, "finishedSessionRetention");
      return this;
    }

    /**
     * @param rows {@code livy.rsc.sql.num-rows} (default 1000)
     * @return this builder
     */
    public Builder sqlRowLimit(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("sqlRowLimit must be at least 1");
      }
      this.sqlRowLimit = rows;
      return this;
    }

    /**
     * @param lines how many log lines a session keeps, its oldest dropped first (default 200,
     *     as Livy's {@code livy.cache-log.size})
     * @return this builder
     */
    public Builder sessionLogLines(int lines) {
      if (lines < 1) {
        throw new IllegalArgumentException("sessionLogLines must be at least 1");
      }
      this.sessionLogLines = lines;
      return this;
    }

    /**
     * @param count how many statements a session keeps (default 100)
     * @return this builder
     */
    public Builder retainedStatements(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("retainedStatements must be at least 1");
      }
      this.retainedStatements = count;
      return this;
    }

    /**
     * Runs on virtual time instead of the real clock.
     *
     * @param time the virtual time, shared with the client under test
     * @return this builder
     */
    public Builder time(VirtualTime time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Starts the server on a free loopback port.
     *
     * @return the running server
     */
    public FakeLivy start() {
      return new FakeLivy(this);
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative");
      }
      return d;
    }
  }
}
