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
 * What sessions and batches share: a name, Spark configuration, resources to add, driver and
 * executor sizing, queue and impersonated user. Extended by {@link SessionSpec} and
 * {@link BatchSpec} only.
 *
 * <p>livy4j always sends a name: the exact {@link Builder#name(String)}, or
 * {@link Builder#namePrefix(String)} followed by a unique suffix, so that a create whose answer
 * was lost can be found again instead of repeated. Client parameters are validated eagerly;
 * what the server owns (Spark configuration keys, memory strings such as {@code "4g"}) is
 * passed through unchecked.
 */
public abstract sealed class SparkSpec permits SessionSpec, BatchSpec {
  private final String name;
  private final String namePrefix;
  private final Map<String, String> conf;
  private final Map<String, String> tags;
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

  SparkSpec(Builder<?> b) {
    this.name = b.name;
    this.namePrefix = b.namePrefix;
    this.conf = Collections.unmodifiableMap(new LinkedHashMap<>(b.conf));
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
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

  /** Copies this spec's shared values into a builder. */
  final <B extends Builder<B>> B copyInto(B target) {
    Builder<B> b = target;
    b.name = name;
    b.namePrefix = namePrefix;
    b.conf.putAll(conf);
    b.tags.putAll(tags);
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
    return target;
  }

  /** @return the exact name, when one was set */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** @return the prefix of generated names */
  public String namePrefix() {
    return namePrefix;
  }

  /** @return Spark configuration, in insertion order */
  public Map<String, String> conf() {
    return conf;
  }

  /** @return the tags, in the order they were added */
  public Map<String, String> tags() {
    return tags;
  }

  /** @return jars to add */
  public List<String> jars() {
    return jars;
  }

  /** @return Python files to add */
  public List<String> pyFiles() {
    return pyFiles;
  }

  /** @return files to add to the working directory */
  public List<String> files() {
    return files;
  }

  /** @return archives to extract into the working directory */
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

  /**
   * The setters sessions and batches share; every setter validates eagerly.
   *
   * @param <B> the concrete builder
   */
  public abstract static sealed class Builder<B extends Builder<B>>
      permits SessionSpec.Builder, BatchSpec.Builder {
    private String name;
    private String namePrefix;
    private final Map<String, String> conf = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
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

    Builder(String defaultPrefix) {
      this.namePrefix = defaultPrefix;
    }

    abstract B self();

    /**
     * Sets the exact name; it must be unique among the server's live sessions or batches.
     *
     * @param name 1 to 200 letters, digits, {@code .}, {@code _} and {@code -}
     * @return this builder
     * @throws IllegalArgumentException if the name has other characters
     */
    public B name(String name) {
      this.name = Specs.name(name, "name");
      return self();
    }

    /**
     * Sets the prefix of the generated name (used when no exact name is set).
     *
     * @param prefix 1 to 200 letters, digits, {@code .}, {@code _} and {@code -}
     * @return this builder
     * @throws IllegalArgumentException if the prefix has other characters
     */
    public B namePrefix(String prefix) {
      this.namePrefix = Specs.name(prefix, "namePrefix");
      return self();
    }

    /**
     * Adds one Spark configuration entry.
     *
     * @param key the key, such as {@code spark.executor.instances}
     * @param value the value
     * @return this builder
     */
    public B conf(String key, String value) {
      return entry(conf, key, value, "conf key");
    }

    private B entry(Map<String, String> target, String key, String value, String what) {
      Objects.requireNonNull(key, "key");
      target.put(Specs.text(key, what), Objects.requireNonNull(value, "value"));
      return self();
    }

    /**
     * Adds Spark configuration entries.
     *
     * @param entries the entries
     * @return this builder
     */
    public B conf(Map<String, String> entries) {
      Objects.requireNonNull(entries, "entries").forEach(this::conf);
      return self();
    }

    /**
     * Adds a tag, a label the service keeps with the session or batch (Fabric; Apache Livy has
     * no tags and rejects a spec that has them).
     *
     * @param key the key
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the key is blank
     */
    public B tag(String key, String value) {
      return entry(tags, key, value, "tag key");
    }

    /**
     * Adds tags; see {@link #tag(String, String)}.
     *
     * @param entries the tags
     * @return this builder
     */
    public B tags(Map<String, String> entries) {
      Objects.requireNonNull(entries, "entries").forEach(this::tag);
      return self();
    }

    /**
     * @param uris jars to add
     * @return this builder
     */
    public B jars(List<String> uris) {
      jars.addAll(Specs.list(uris, "jars"));
      return self();
    }

    /**
     * @param uris Python files to add
     * @return this builder
     */
    public B pyFiles(List<String> uris) {
      pyFiles.addAll(Specs.list(uris, "pyFiles"));
      return self();
    }

    /**
     * @param uris files to add
     * @return this builder
     */
    public B files(List<String> uris) {
      files.addAll(Specs.list(uris, "files"));
      return self();
    }

    /**
     * @param uris archives to add
     * @return this builder
     */
    public B archives(List<String> uris) {
      archives.addAll(Specs.list(uris, "archives"));
      return self();
    }

    /**
     * @param memory driver memory as Spark spells it, such as {@code "4g"}
     * @return this builder
     */
    public B driverMemory(String memory) {
      this.driverMemory = Specs.text(memory, "driverMemory");
      return self();
    }

    /**
     * @param cores driver cores, at least 1
     * @return this builder
     */
    public B driverCores(int cores) {
      this.driverCores = Specs.positive(cores, "driverCores");
      return self();
    }

    /**
     * @param memory executor memory as Spark spells it, such as {@code "4g"}
     * @return this builder
     */
    public B executorMemory(String memory) {
      this.executorMemory = Specs.text(memory, "executorMemory");
      return self();
    }

    /**
     * @param cores cores per executor, at least 1
     * @return this builder
     */
    public B executorCores(int cores) {
      this.executorCores = Specs.positive(cores, "executorCores");
      return self();
    }

    /**
     * @param count number of executors, at least 1
     * @return this builder
     */
    public B numExecutors(int count) {
      this.numExecutors = Specs.positive(count, "numExecutors");
      return self();
    }

    /**
     * @param queue the YARN queue
     * @return this builder
     */
    public B queue(String queue) {
      this.queue = Specs.text(queue, "queue");
      return self();
    }

    /**
     * @param user the user to impersonate
     * @return this builder
     */
    public B proxyUser(String user) {
      this.proxyUser = Specs.text(user, "proxyUser");
      return self();
    }
  }
}
