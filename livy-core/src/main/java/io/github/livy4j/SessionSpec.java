package io.github.livy4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to create: an interactive session's kind, name, Spark configuration, resources and
 * lifetime.
 *
 * <p>Immutable; build with {@link #builder()}. Every field is optional. livy4j always sends a
 * session name: {@link Builder#name(String)} as given, or {@link Builder#namePrefix(String)}
 * (default {@code "livy4j-"}) followed by a unique suffix, so that a create whose answer was
 * lost can be found again instead of repeated.
 *
 * <p>Client parameters are validated here; what the server owns (Spark configuration keys,
 * memory strings such as {@code "4g"}) is passed through unchecked. A field the backend or the
 * server version does not accept is never sent: creating the session fails with an
 * {@link IllegalArgumentException} naming the field and the server (Apache Livy accepts
 * {@link #ttl()} from 0.8 and {@link #idleTimeout()} from 0.9).
 *
 * <pre>{@code
 * SessionSpec spec = SessionSpec.builder()
 *     .kind(CodeKind.SQL)
 *     .namePrefix("orders-")
 *     .conf("spark.sql.shuffle.partitions", "8")
 *     .executorMemory("2g")
 *     .build();
 * }</pre>
 */
public final class SessionSpec {
  private final CodeKind kind;
  private final String name;
  private final String namePrefix;
  private final Map<String, String> conf;
  private final List<String> jars;
  private final List<String> pyFiles;
  private final List<String> files;
  private final List<String> archives;
  private final String driverMemory;
  private final Integer driverCores;
  private final String executorMemory;
  private final Integer executorCores;
  private final Integer numExecutors;
  private final String queue;
  private final String proxyUser;
  private final Duration heartbeatTimeout;
  private final Duration ttl;
  private final Duration idleTimeout;
  private final List<Code> initStatements;

  private SessionSpec(Builder b) {
    this.kind = b.kind;
    this.name = b.name;
    this.namePrefix = b.namePrefix;
    this.conf = Collections.unmodifiableMap(new LinkedHashMap<>(b.conf));
    this.jars = List.copyOf(b.jars);
    this.pyFiles = List.copyOf(b.pyFiles);
    this.files = List.copyOf(b.files);
    this.archives = List.copyOf(b.archives);
    this.driverMemory = b.driverMemory;
    this.driverCores = b.driverCores;
    this.executorMemory = b.executorMemory;
    this.executorCores = b.executorCores;
    this.numExecutors = b.numExecutors;
    this.queue = b.queue;
    this.proxyUser = b.proxyUser;
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.ttl = b.ttl;
    this.idleTimeout = b.idleTimeout;
    this.initStatements = List.copyOf(b.initStatements);
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
    Builder b = new Builder();
    b.kind = kind;
    b.name = name;
    b.namePrefix = namePrefix;
    b.conf.putAll(conf);
    b.jars.addAll(jars);
    b.pyFiles.addAll(pyFiles);
    b.files.addAll(files);
    b.archives.addAll(archives);
    b.driverMemory = driverMemory;
    b.driverCores = driverCores;
    b.executorMemory = executorMemory;
    b.executorCores = executorCores;
    b.numExecutors = numExecutors;
    b.queue = queue;
    b.proxyUser = proxyUser;
    b.heartbeatTimeout = heartbeatTimeout;
    b.ttl = ttl;
    b.idleTimeout = idleTimeout;
    b.initStatements.addAll(initStatements);
    return b;
  }

  /** @return the session's default code kind; statements always carry their own kind too */
  public Optional<CodeKind> kind() {
    return Optional.ofNullable(kind);
  }

  /** @return the exact session name, when one was set */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** @return the prefix of generated session names */
  public String namePrefix() {
    return namePrefix;
  }

  /** @return Spark configuration, in insertion order */
  public Map<String, String> conf() {
    return conf;
  }

  /** @return jars to add to the session */
  public List<String> jars() {
    return jars;
  }

  /** @return Python files to add to the session */
  public List<String> pyFiles() {
    return pyFiles;
  }

  /** @return files to add to the session's working directory */
  public List<String> files() {
    return files;
  }

  /** @return archives to extract into the session's working directory */
  public List<String> archives() {
    return archives;
  }

  /** @return the driver memory, such as {@code "4g"} */
  public Optional<String> driverMemory() {
    return Optional.ofNullable(driverMemory);
  }

  /** @return the driver cores */
  public OptionalInt driverCores() {
    return driverCores == null ? OptionalInt.empty() : OptionalInt.of(driverCores);
  }

  /** @return the executor memory, such as {@code "4g"} */
  public Optional<String> executorMemory() {
    return Optional.ofNullable(executorMemory);
  }

  /** @return the cores per executor */
  public OptionalInt executorCores() {
    return executorCores == null ? OptionalInt.empty() : OptionalInt.of(executorCores);
  }

  /** @return the number of executors */
  public OptionalInt numExecutors() {
    return numExecutors == null ? OptionalInt.empty() : OptionalInt.of(numExecutors);
  }

  /** @return the YARN queue */
  public Optional<String> queue() {
    return Optional.ofNullable(queue);
  }

  /** @return the user to impersonate */
  public Optional<String> proxyUser() {
    return Optional.ofNullable(proxyUser);
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

  @Override
  public String toString() {
    return "SessionSpec[kind=" + (kind == null ? "-" : kind.wireName()) + ", name="
        + (name != null ? name : namePrefix + "*") + ", conf=" + conf.keySet() + "]";
  }

  /** Builds a {@link SessionSpec}; every setter validates eagerly. */
  public static final class Builder {
    private CodeKind kind;
    private String name;
    private String namePrefix = "livy4j-";
    private final Map<String, String> conf = new LinkedHashMap<>();
    private final List<String> jars = new ArrayList<>();
    private final List<String> pyFiles = new ArrayList<>();
    private final List<String> files = new ArrayList<>();
    private final List<String> archives = new ArrayList<>();
    private String driverMemory;
    private Integer driverCores;
    private String executorMemory;
    private Integer executorCores;
    private Integer numExecutors;
    private String queue;
    private String proxyUser;
    private Duration heartbeatTimeout;
    private Duration ttl;
    private Duration idleTimeout;
    private final List<Code> initStatements = new ArrayList<>();

    private Builder() {}

    /**
     * @param kind the session's default code kind
     * @return this builder
     */
    public Builder kind(CodeKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Sets the exact session name; it must be unique among the server's live sessions.
     *
     * @param name letters, digits, {@code .}, {@code _} and {@code -}
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or has other characters
     */
    public Builder name(String name) {
      this.name = Specs.name(name, "name");
      return this;
    }

    /**
     * Sets the prefix of the generated name (used when no exact name is set); a unique suffix
     * is appended.
     *
     * @param prefix letters, digits, {@code .}, {@code _} and {@code -}
     * @return this builder
     * @throws IllegalArgumentException if the prefix is blank or has other characters
     */
    public Builder namePrefix(String prefix) {
      this.namePrefix = Specs.name(prefix, "namePrefix");
      return this;
    }

    /**
     * Adds one Spark configuration entry.
     *
     * @param key the key, such as {@code spark.executor.instances}
     * @param value the value
     * @return this builder
     */
    public Builder conf(String key, String value) {
      Objects.requireNonNull(key, "key");
      conf.put(Specs.text(key, "conf key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds Spark configuration entries.
     *
     * @param entries the entries
     * @return this builder
     */
    public Builder conf(Map<String, String> entries) {
      Objects.requireNonNull(entries, "entries").forEach(this::conf);
      return this;
    }

    /**
     * @param uris jars to add
     * @return this builder
     */
    public Builder jars(List<String> uris) {
      jars.addAll(Specs.list(uris, "jars"));
      return this;
    }

    /**
     * @param uris Python files to add
     * @return this builder
     */
    public Builder pyFiles(List<String> uris) {
      pyFiles.addAll(Specs.list(uris, "pyFiles"));
      return this;
    }

    /**
     * @param uris files to add
     * @return this builder
     */
    public Builder files(List<String> uris) {
      files.addAll(Specs.list(uris, "files"));
      return this;
    }

    /**
     * @param uris archives to add
     * @return this builder
     */
    public Builder archives(List<String> uris) {
      archives.addAll(Specs.list(uris, "archives"));
      return this;
    }

    /**
     * @param memory driver memory as Spark spells it, such as {@code "4g"}
     * @return this builder
     */
    public Builder driverMemory(String memory) {
      this.driverMemory = Specs.text(memory, "driverMemory");
      return this;
    }

    /**
     * @param cores driver cores, at least 1
     * @return this builder
     */
    public Builder driverCores(int cores) {
      this.driverCores = Specs.positive(cores, "driverCores");
      return this;
    }

    /**
     * @param memory executor memory as Spark spells it, such as {@code "4g"}
     * @return this builder
     */
    public Builder executorMemory(String memory) {
      this.executorMemory = Specs.text(memory, "executorMemory");
      return this;
    }

    /**
     * @param cores cores per executor, at least 1
     * @return this builder
     */
    public Builder executorCores(int cores) {
      this.executorCores = Specs.positive(cores, "executorCores");
      return this;
    }

    /**
     * @param count number of executors, at least 1
     * @return this builder
     */
    public Builder numExecutors(int count) {
      this.numExecutors = Specs.positive(count, "numExecutors");
      return this;
    }

    /**
     * @param queue the YARN queue
     * @return this builder
     */
    public Builder queue(String queue) {
      this.queue = Specs.text(queue, "queue");
      return this;
    }

    /**
     * @param user the user to impersonate
     * @return this builder
     */
    public Builder proxyUser(String user) {
      this.proxyUser = Specs.text(user, "proxyUser");
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
     * Limits the session's lifetime; sent as Livy's {@code ttl} where the server accepts it
     * (Apache Livy 0.8 and later).
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
     * where the server accepts it (Apache Livy 0.9 and later).
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
