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
 * with an {@link IllegalArgumentException} naming the field and the server (Apache Livy
 * accepts {@link #ttl()} from 0.8 and {@link #idleTimeout()} from 0.9).
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

  private SessionSpec(Builder b) {
    super(b);
    this.kind = b.kind;
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.ttl = b.ttl;
    this.idleTimeout = b.idleTimeout;
    this.initStatements = List.copyOf(b.initStatements);
    this.sharedSessionTag = b.sharedSessionTag;
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

  /** @return the session's maximum lifetime */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /** @return how long the session may stay idle before it is deleted */
  public Optional<Duration> idleTimeout() {
    return Optional.ofNullable(idleTimeout);
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
    return "SessionSpec[kind=" + (kind == null ? "-" : kind.wireName()) + ", name="
        + name().orElse(namePrefix() + "*") + ", conf=" + conf().keySet()
        + (sharedSessionTag == null ? "" : ", sharedSession=" + sharedSessionTag) + "]";
  }

  /** Builds a {@link SessionSpec}; every setter validates eagerly. */
  public static final class Builder extends SparkSpec.Builder<Builder> {
    private CodeKind kind;
    private Duration heartbeatTimeout;
    private Duration ttl;
    private Duration idleTimeout;
    private final List<Code> initStatements = new ArrayList<>();
    private String sharedSessionTag;

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
     * Limits the session's lifetime; sent as Livy's {@code ttl} (Apache Livy 0.8 and later).
     *
     * @param ttl at least one second
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = checkDuration(ttl, "ttl");
      return this;
    }

    /**
     * Deletes the session after it stays idle this long; sent as Livy's {@code idleTimeout}
     * (Apache Livy 0.9 and later).
     *
     * @param timeout at least one second
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = checkDuration(timeout, "idleTimeout");
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
