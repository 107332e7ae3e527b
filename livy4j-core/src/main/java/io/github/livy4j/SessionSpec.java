package io.github.livy4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to create: an interactive session's kind, name, Spark configuration, resources and
 * lifetime.
 *
 * <p>Immutable; build with {@link #builder()}. Every field is optional; the shared ones are
 * described in {@link SparkSpec}. The default name prefix is {@code "livy4j-"}. A field the
 * backend or the server version does not accept is never sent: creating the session fails
 * with an {@link IllegalArgumentException} naming the field and the server.
 *
 * <p><b>Lifetime.</b> The client enforces {@link #ttl()} and {@link #idleTimeout()} itself,
 * on every backend (it also sends them where the server takes them: Apache Livy 0.8 and 0.9
 * on): past either, it deletes the session, and every later use throws a
 * {@link SessionExpiredException} naming the limit. While the session is in use (a statement
 * running, or inside its idle timeout), the client keeps the server from reaping it, by
 * Fabric's {@code reset-timeout} or Apache Livy's {@code connect} every
 * {@link #keepAliveInterval()}; after that it lets the server's own idle reaper act.
 *
 * <pre>{@code
 * SessionSpec spec = SessionSpec.builder()
 *     .kind(CodeKind.SQL)
 *     .namePrefix("orders-")
 *     .conf("spark.sql.shuffle.partitions", "8")
 *     .executorMemory("2g")
 *     .build();
 * }</pre>
 *
 * <p>With {@link Builder#sharedSession(String)} the client does not create a session of its
 * own: it acquires a REPL in a shared session that the service packs by tag (Fabric's
 * high-concurrency sessions). Such a {@link LivySession} runs statements in its REPL, isolated
 * from the other REPLs, and closing it releases the REPL. The shared session is started by the
 * first acquirer of its tag, so that acquirer's settings (configuration, tags, sizing) are the
 * ones it runs with; later acquirers join it as it is.
 */
public final class SessionSpec extends SparkSpec {
  private final CodeKind kind;
  private final Duration heartbeatTimeout;
  private final Duration ttl;
  private final Duration idleTimeout;
  private final List<Code> initStatements;
  private final String sharedSessionTag;
  private final Duration keepAliveInterval;
  private final boolean recoverLostSessions;

  /** The default {@link #keepAliveInterval()}: well inside Fabric's 20-minute idle reaper. */
  public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofMinutes(5);

  private SessionSpec(Builder b) {
    super(b);
    this.kind = b.kind;
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.ttl = b.ttl;
    this.idleTimeout = b.idleTimeout;
    this.initStatements = List.copyOf(b.initStatements);
    this.sharedSessionTag = b.sharedSessionTag;
    this.keepAliveInterval = b.keepAliveInterval;
    this.recoverLostSessions = b.recoverLostSessions;
  }

  /** @return a builder with nothing set */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a spec with every field left to the server's defaults */
  public static SessionSpec defaults() {
    return new Builder().build();
  }

  /** @return a builder holding this spec's values */
  public Builder toBuilder() {
    Builder b = copyInto(new Builder());
    b.kind = kind;
    b.heartbeatTimeout = heartbeatTimeout;
    b.ttl = ttl;
    b.idleTimeout = idleTimeout;
    b.initStatements.addAll(initStatements);
    b.sharedSessionTag = sharedSessionTag;
    b.keepAliveInterval = keepAliveInterval;
    b.recoverLostSessions = recoverLostSessions;
    return b;
  }

  /** @return the session's default code kind; statements always carry their own kind too */
  public Optional<CodeKind> kind() {
    return Optional.ofNullable(kind);
  }

  /** @return how long the server keeps the session after the client's calls stop */
  public Optional<Duration> heartbeatTimeout() {
    return Optional.ofNullable(heartbeatTimeout);
  }

  /** @return how long after its creation the client deletes the session, whatever it does */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /**
   * @return how long the session may run no statement (none running, none submitted) before
   *     the client deletes it
   */
  public Optional<Duration> idleTimeout() {
    return Optional.ofNullable(idleTimeout);
  }

  /**
   * @return how often the client tells the server a session in use is still wanted, or empty
   *     when it never does
   */
  public Optional<Duration> keepAliveInterval() {
    return Optional.ofNullable(keepAliveInterval);
  }

  /**
   * @return whether a session lost while a statement waits on it is replaced by a new one of
   *     this spec ({@link Builder#recoverLostSessions()})
   */
  public boolean recoversLostSessions() {
    return recoverLostSessions;
  }

  /** @return statements run once the session is ready, before it is handed out */
  public List<Code> initStatements() {
    return initStatements;
  }

  /**
   * @return the tag of the shared session to acquire a REPL in, when the session is a REPL in
   *     a shared session rather than a session of its own
   */
  public Optional<String> sharedSessionTag() {
    return Optional.ofNullable(sharedSessionTag);
  }

  @Override
  public String toString() {
    return "SessionSpec[kind="
        + (kind == null ? "-" : kind.wireName())
        + ", name="
        + name().orElse(namePrefix() + "*")
        + ", conf="
        + conf().keySet()
        + (sharedSessionTag == null ? "" : ", sharedSession=" + sharedSessionTag)
        + "]";
  }

  /** Builds a {@link SessionSpec}; every setter validates eagerly. */
  public static final class Builder extends SparkSpec.Builder<Builder> {
    private CodeKind kind;
    private Duration heartbeatTimeout;
    private Duration ttl;
    private Duration idleTimeout;
    private final List<Code> initStatements = new ArrayList<>();
    private String sharedSessionTag;
    private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;
    private boolean recoverLostSessions;

    private Builder() {
      super("livy4j-");
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * @param kind the session's default code kind
     * @return this builder
     */
    public Builder kind(CodeKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Asks the server to delete the session when the client's calls on it stop for this long
     * (Livy's {@code heartbeatTimeoutInSecond}).
     *
     * @param timeout at least one second
     * @return this builder
     */
    public Builder heartbeatTimeout(Duration timeout) {
      this.heartbeatTimeout = checkDuration(timeout, "heartbeatTimeout");
      return this;
    }

    /**
     * Limits the session's life: this long after its creation the client deletes it, even with
     * a statement running (the statement's wait then fails with a
     * {@link SessionExpiredException}). Also sent as Livy's {@code ttl} where the server takes
     * it (Apache Livy 0.8 and later).
     *
     * @param ttl at least one second
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = checkDuration(ttl, "ttl");
      return this;
    }

    /**
     * Deletes the session once it ran no statement for this long: none running (as the client
     * sees it, and as the server's {@code busy} state says) and none submitted. A running
     * statement is never ended by the idle timeout. Also sent as Livy's {@code idleTimeout}
     * where the server takes it (Apache Livy 0.9 and later).
     *
     * @param timeout at least one second
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = checkDuration(timeout, "idleTimeout");
      return this;
    }

    /**
     * How often the client keeps a session in use alive: while a statement runs, and while the
     * session is inside its idle timeout, it calls the server's keep-alive (Fabric's
     * {@code reset-timeout}, Apache Livy's {@code connect}) when the session saw no other
     * activity for this long. Default {@link SessionSpec#DEFAULT_KEEP_ALIVE_INTERVAL}; set it
     * below the server's own idle timeout ({@code livy.server.session.timeout}, 1 h by default;
     * 20 min on Fabric).
     *
     * @param interval at least one second
     * @return this builder
     */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = checkDuration(interval, "keepAliveInterval");
      return this;
    }

    /**
     * Recovers lost sessions: when the server loses the session while a statement waits on it
     * (it answers 404, or the session dies), the client creates a replacement of this spec
     * under the same {@link LivySession} handle (its {@link LivySession#id()} changes), runs
     * the init statements on it, and submits the interrupted statement again if the client never
     * saw it start; a statement that had started is not run twice: its wait fails with a
     * {@link SessionExpiredException} naming the replacement. Listeners hear of each recovery.
     * An init statement that fails on the replacement deletes it and fails the wait. The
     * replacement is created on the waiting thread. Off by default.
     *
     * @return this builder
     */
    public Builder recoverLostSessions() {
      this.recoverLostSessions = true;
      return this;
    }

    /**
     * Turns the automatic keep-alive off: the server's own idle reaper then applies as if the
     * client were not there ({@link LivySession#keepAlive()} still works).
     *
     * @return this builder
     */
    public Builder noKeepAlive() {
      this.keepAliveInterval = null;
      return this;
    }

    /**
     * Adds a statement to run once the session is ready and before it is handed out, such as
     * the Java gateway imports some Livy 0.8 pyspark sessions need. If one fails, the session
     * is deleted and the create fails.
     *
     * @param code the statement
     * @return this builder
     */
    public Builder initStatement(Code code) {
      initStatements.add(Objects.requireNonNull(code, "code"));
      return this;
    }

    /**
     * Acquires a REPL in a shared session instead of creating a session: the service runs up to
     * a few REPLs, each with its own interpreter state, in one Spark session started for the
     * first REPL with this tag, so later ones start at once (Fabric's high-concurrency
     * sessions; other backends reject the spec). Only the name, Spark configuration and tags
     * apply to a shared session. Closing the {@link LivySession} releases the REPL; the
     * service ends the shared session when its last REPL is released.
     *
     * @param sessionTag 1 to 200 letters, digits, {@code .}, {@code _} and {@code -}
     * @return this builder
     * @throws IllegalArgumentException if the tag has other characters
     */
    public Builder sharedSession(String sessionTag) {
      this.sharedSessionTag = Specs.name(sessionTag, "sessionTag");
      return this;
    }

    /** @return the spec */
    public SessionSpec build() {
      return new SessionSpec(this);
    }

    private static Duration checkDuration(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(what + " must be at least 1 second, was " + value);
      }
      return value;
    }
  }
}
