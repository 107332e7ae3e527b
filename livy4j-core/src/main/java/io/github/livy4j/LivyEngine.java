package io.github.livy4j;

import io.github.livy4j.internal.client.ClientConfig;
import io.github.livy4j.internal.client.EngineCore;
import io.github.livy4j.polling.Sleeper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * What many {@link LivyClient}s can share: the threads that poll and time waits, the HTTP client
 * with its connections, and one bound on requests in flight. A service that builds a client per
 * signed-in user (each sending that user's token) runs them all on one engine and pays for one
 * set of threads, whatever the number of users:
 *
 * <pre>{@code
 * LivyEngine engine = LivyEngine.builder().maxConnections(64).build();   // once
 *
 * LivyClient forAda = LivyClient.builder()
 *     .engine(engine)
 *     .backend(FabricLivy.builder(workspace, lakehouse).build())
 *     .credential(adasTokens)
 *     .build();
 * ...
 * forAda.close();    // deletes Ada's sessions only; the engine runs on
 * engine.close();    // at shutdown: closes the clients still open, then ends the threads
 * }</pre>
 *
 * <p>Each client keeps what is its own: its backend, credential, options, listeners and the
 * sessions it owns. At JVM exit one shutdown hook of the engine deletes the sessions of every
 * client still open that asked for it ({@link LivyClient.Builder#deleteSessionsOnShutdown}), in
 * parallel within one close budget. A client built without an engine has one of its own, closed
 * with it. Thread-safe.
 */
public final class LivyEngine implements AutoCloseable {
  private final EngineCore core;

  private LivyEngine(EngineCore core) {
    this.core = core;
  }

  /** @return an engine with the default settings */
  public static LivyEngine create() {
    return builder().build();
  }

  /** @return a builder of an engine */
  public static Builder builder() {
    return new Builder();
  }

  EngineCore core() {
    return core;
  }

  /**
   * Closes the clients still open on this engine (each deletes the sessions it owns, within its
   * close budget), then ends the engine's threads. Idempotent; clients built on it afterwards
   * are refused.
   *
   * @throws LivyException if a client could not delete its sessions (the others are closed
   *     all the same)
   */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "LivyEngine[clients="
        + core.clients()
        + ", maxConnections="
        + core.maxConnections()
        + (core.isClosed() ? ", closed" : "")
        + "]";
  }

  /** Builds a {@link LivyEngine}. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private HttpClient httpClient;
    private int maxConnections = 64;
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /**
     * Sets the connect timeout of the engine's HTTP client.
     *
     * @param timeout the connect timeout, positive; default 10 s
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = ClientConfig.positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sends every request of the engine's clients with this HTTP client instead of one of the
     * engine's own (whose threads the engine then does not own).
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Sets how many requests the engine's clients may have in flight at once, together, which
     * bounds the connections they open; a request waits for a free one within its deadline.
     *
     * @param max at least 1; default 64
     * @return this builder
     */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1, was " + max);
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * Sets how the engine's clients wait between polls and retries; see {@link
     * LivyClient.Builder#sleeper}. For tests on virtual time.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** @return the engine; its threads start with the first wait of one of its clients */
    public LivyEngine build() {
      return new LivyEngine(new EngineCore(connectTimeout, httpClient, maxConnections, sleeper));
    }
  }
}
