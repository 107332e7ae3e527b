package io.github.livy4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to submit as a batch: an application file, its main class and arguments, and the
 * resources and Spark configuration shared with sessions ({@link SparkSpec}).
 *
 * <p>Immutable; build with {@link #builder(String)}. The default name prefix is
 * {@code "livy4j-batch-"}.
 *
 * <pre>{@code
 * BatchSpec spec = BatchSpec.builder("hdfs:///apps/etl.jar")
 *     .className("com.example.Etl")
 *     .args(List.of("2026-11-25"))
 *     .conf("spark.executor.instances", "4")
 *     .build();
 * }</pre>
 */
public final class BatchSpec extends SparkSpec {
  private final String file;
  private final String className;
  private final List<String> args;

  private BatchSpec(Builder b) {
    super(b);
    this.file = b.file;
    this.className = b.className;
    this.args = List.copyOf(b.args);
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

  @Override
  public String toString() {
    return "BatchSpec[file="
        + file
        + ", className="
        + className
        + ", name="
        + name().orElse(namePrefix() + "*")
        + "]";
  }

  /** Builds a {@link BatchSpec}; every setter validates eagerly. */
  public static final class Builder extends SparkSpec.Builder<Builder> {
    private final String file;
    private String className;
    private final List<String> args = new ArrayList<>();

    private Builder(String file) {
      super("livy4j-batch-");
      this.file = Specs.text(file, "file");
    }

    @Override
    Builder self() {
      return this;
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
      Objects.requireNonNull(args, "args")
          .forEach(a -> this.args.add(Objects.requireNonNull(a, "args entry")));
      return this;
    }

    /** @return the spec */
    public BatchSpec build() {
      return new BatchSpec(this);
    }
  }
}
