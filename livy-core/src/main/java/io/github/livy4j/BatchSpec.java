package io.github.livy4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to submit as a batch: an application file, its main class and arguments, resources and
 * Spark configuration.
 *
 * <p>Immutable; build with {@link #builder(String)}. As for sessions, livy4j always sends a
 * unique name (the given one, or {@link Builder#namePrefix(String)} plus a suffix) so that a
 * submit whose answer was lost is found again instead of repeated.
 *
 * <pre>{@code
 * BatchSpec spec = BatchSpec.builder("hdfs:///apps/etl.jar")
 *     .className("com.example.Etl")
 *     .args(List.of("2026-11-25"))
 *     .conf("spark.executor.instances", "4")
 *     .build();
 * }</pre>
 */
public final class BatchSpec {
  private final String file;
  private final String className;
  private final List<String> args;
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

  private BatchSpec(Builder b) {
    this.file = b.file;
    this.className = b.className;
    this.args = List.copyOf(b.args);
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
  }

  /**
   * Starts a batch spec.
   *
   * @param file the application file (a jar or Python file) as the server can reach it, such as
   *     {@code hdfs:///apps/etl.jar} or {@code file:///opt/apps/etl.jar}
   * @return a builder
   * @throws IllegalArgumentException if the file is blank
   */
  public static Builder builder(String file) {
    return new Builder(file);
  }

  /** @return the application file */
  public String file() {
    return file;
  }

  /** @return the main class, for a jar */
  public Optional<String> className() {
    return Optional.ofNullable(className);
  }

  /** @return the application's arguments */
  public List<String> args() {
    return args;
  }

  /** @return the exact batch name, when one was set */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** @return the prefix of generated batch names */
  public String namePrefix() {
    return namePrefix;
  }

  /** @return Spark configuration, in insertion order */
  public Map<String, String> conf() {
    return conf;
  }

  /** @return jars to add */
  public List<String> jars() {
    return jars;
  }

  /** @return Python files to add */
  public List<String> pyFiles() {
    return pyFiles;
  }

  /** @return files to add */
  public List<String> files() {
    return files;
  }

  /** @return archives to add */
  public List<String> archives() {
    return archives;
  }

  /** @return the driver memory */
  public Optional<String> driverMemory() {
    return Optional.ofNullable(driverMemory);
  }

  /** @return the driver cores */
  public OptionalInt driverCores() {
    return driverCores == null ? OptionalInt.empty() : OptionalInt.of(driverCores);
  }

  /** @return the executor memory */
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

  @Override
  public String toString() {
    return "BatchSpec[file=" + file + ", className=" + className + ", name="
        + (name != null ? name : namePrefix + "*") + "]";
  }

  /** Builds a {@link BatchSpec}; every setter validates eagerly. */
  public static final class Builder {
    private final String file;
    private String className;
    private final List<String> args = new ArrayList<>();
    private String name;
    private String namePrefix = "livy4j-batch-";
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

    private Builder(String file) {
      this.file = Specs.text(file, "file");
    }

    /**
     * @param className the main class
     * @return this builder
     */
    public Builder className(String className) {
      this.className = Specs.text(className, "className");
      return this;
    }

    /**
     * @param args the application's arguments, in order
     * @return this builder
     */
    public Builder args(List<String> args) {
      Objects.requireNonNull(args, "args").forEach(a -> this.args.add(
          Objects.requireNonNull(a, "args entry")));
      return this;
    }

    /**
     * @param name the exact, unique batch name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Specs.name(name, "name");
      return this;
    }

    /**
     * @param prefix the prefix of the generated name
     * @return this builder
     */
    public Builder namePrefix(String prefix) {
      this.namePrefix = Specs.name(prefix, "namePrefix");
      return this;
    }

    /**
     * @param key a Spark configuration key
     * @param value its value
     * @return this builder
     */
    public Builder conf(String key, String value) {
      conf.put(Specs.text(key, "conf key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * @param entries Spark configuration entries
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
     * @param memory driver memory, such as {@code "4g"}
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
     * @param memory executor memory, such as {@code "4g"}
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
     * @param count executors, at least 1
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

    /** @return the spec */
    public BatchSpec build() {
      return new BatchSpec(this);
    }
  }
}
