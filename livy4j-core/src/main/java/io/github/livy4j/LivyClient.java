package io.github.livy4j;

import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.internal.client.ClientConfig;
import io.github.livy4j.internal.client.DefaultLivyClient;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.spi.LivyBackend;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The entry point: creates and attaches Livy sessions on one backend.
 *
 * <p>Immutable and thread-safe: build one per application and share it. {@link #close()}
 * deletes every session created or attached through this client that was not closed or
 * detached, and stops its background threads.
 *
 * <pre>{@code
 * try (LivyClient client = LivyClient.builder()
 *         .backend(ApacheLivy.at(URI.create("http://localhost:8998")))
 *         .build();
 *      LivySession session = client.createSession(SessionSpec.defaults())) {
 *   System.out.println(session.execute(Code.scala("1 + 1")).text().orElse(""));
 * }
 * }</pre>
 */
public interface LivyClient extends AutoCloseable {

  /** @return a builder */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a session and waits until it is ready, up to the default session start deadline.
   * If the session fails to start, the wait times out or is interrupted, the remote session is
   * deleted before the exception is thrown.
   *
   * @param spec what to create
   * @return the ready session
   * @throws SessionFailedException if the session fails to start
   * @throws PollingTimeoutException if it is not ready in time
   * @throws IllegalArgumentException if the spec sets a field the server does not accept
   * @throws IllegalStateException if the client is closed
   * @throws LivyException for other failures
   */
  LivySession createSession(SessionSpec spec);

  /**
   * Creates a session and returns at once with a poller that waits for it to be ready.
   * Cancelling the poller, or a failed or timed-out wait, deletes the remote session.
   *
   * @param spec what to create
   * @return the poller
   * @throws IllegalArgumentException if the spec sets a field the server does not accept
   * @throws IllegalStateException if the client is closed
   * @throws LivyException if the create request fails
   */
  Poller<LivySession> beginCreateSession(SessionSpec spec);

  /**
   * Reconnects to an existing session. The returned session is owned like a created one:
   * closing it deletes it unless it is detached. Attaching a session this client already owns
   * returns that same {@link LivySession}, so a session has one owner and is deleted once.
   *
   * @param id the session
   * @return the session
   * @throws SessionNotFoundException if the server does not know it
   * @throws IllegalStateException if the client is closed
   */
  LivySession attach(SessionId id);

  /**
   * Lists the sessions the server knows.
   *
   * @return the snapshots
   * @throws LivyException if the server cannot be asked
   */
  List<SessionInfo> listSessions();

  /**
   * Lists the sessions the server knows whose names start with a prefix, such as those of one
   * application ({@link SessionSpec.Builder#namePrefix(String)}).
   *
   * @param namePrefix the prefix, not empty
   * @return the snapshots
   * @throws LivyException if the server cannot be asked
   */
  List<SessionInfo> listSessions(String namePrefix);

  /**
   * Asks the server one cheap question, such as the first item of its session list, to show
   * that it answers and takes the client's credential: what a health check calls. However many
   * sessions the server has, it reads no more than one page of them, unlike {@link
   * #listSessions()}.
   *
   * @throws LivyException if the server does not answer, or refuses
   * @throws IllegalStateException if the client is closed
   */
  void ping();

  /**
   * Deletes sessions left behind by crashed or forgetful clients: those whose names start with
   * {@code namePrefix}, that this client does not own, and that were created more than
   * {@code olderThan} ago, by the creation time livy4j writes into the names it makes (a
   * session named otherwise has no known age, and is left alone unless {@code olderThan} is
   * zero). Finished sessions the server still lists are deleted whatever their age.
   *
   * @param namePrefix the prefix, not empty
   * @param olderThan how old a session must be, zero or more
   * @param dryRun whether to only list what would be deleted
   * @return the sessions deleted (or, in a dry run, that would be)
   * @throws LivyException if the server cannot be asked, or some deletes failed (the others are
   *     done; the exception names the failed ones and carries their failures as suppressed)
   */
  List<SessionInfo> deleteOrphans(String namePrefix, Duration olderThan, boolean dryRun);

  /**
   * Submits a batch and returns at once with its poller. A submit whose answer was lost is
   * looked up by the batch's unique name before it is tried again.
   *
   * @param spec what to run
   * @return the batch's poller
   * @throws UnsupportedOperationException if the backend runs no batches
   * @throws IllegalStateException if the client is closed
   * @throws LivyException if the submit fails
   */
  BatchPoller submitBatch(BatchSpec spec);

  /**
   * Follows a batch submitted earlier.
   *
   * @param id the batch
   * @return its poller
   * @throws LivyServiceException with status 404 if the server does not know it
   * @throws IllegalStateException if the client is closed
   */
  BatchPoller attachBatch(BatchId id);

  /**
   * Lists the batches the server knows.
   *
   * @return the snapshots
   * @throws UnsupportedOperationException if the backend runs no batches
   */
  List<SessionInfo> listBatches();

  /** @return the asynchronous view of this client, sharing its sessions and threads */
  LivyAsyncClient async();

  /**
   * Deletes the sessions this client still owns and releases its threads. Idempotent.
   *
   * @throws LivyException if a delete fails; every session is still attempted, later failures
   *     are attached as suppressed exceptions
   */
  @Override
  void close();

  /** Builds a {@link LivyClient}; every setter validates eagerly. */
  final class Builder {
    private final ClientConfig.Mutable config = new ClientConfig.Mutable();

    private Builder() {}

    /**
     * Sets the Livy dialect and endpoint; required.
     *
     * @param backend such as {@code ApacheLivy.at(uri)}
     * @return this builder
     */
    public Builder backend(LivyBackend backend) {
      config.backend = java.util.Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * Sets where bearer tokens come from; by default none is sent.
     *
     * @param tokens the provider, asked before every request
     * @return this builder
     */
    public Builder credential(TokenProvider tokens) {
      config.tokens = java.util.Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * @param options poll schedules and default deadlines
     * @return this builder
     */
    public Builder polling(PollingOptions options) {
      config.polling = java.util.Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * @param options how failed requests are retried
     * @return this builder
     */
    public Builder retry(RetryOptions options) {
      config.retry = java.util.Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * @param timeout the connect timeout, positive; default 10 s
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      config.connectTimeout = ClientConfig.positive(timeout, "connectTimeout");
      config.engineSettings.add("connectTimeout");
      return this;
    }

    /**
     * @param timeout the longest wait for one HTTP answer, positive; default 60 s
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      config.requestTimeout = ClientConfig.positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Uses a preconfigured JDK HTTP client (proxy, TLS); its connect timeout then applies.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      config.httpClient = java.util.Objects.requireNonNull(httpClient, "httpClient");
      config.engineSettings.add("httpClient");
      return this;
    }

    /**
     * Adds an application name to the {@code User-Agent} header.
     *
     * @param applicationId letters, digits, {@code .}, {@code _}, {@code /} and {@code -}
     * @return this builder
     */
    public Builder applicationId(String applicationId) {
      config.applicationId = ClientConfig.applicationId(applicationId);
      return this;
    }

    /**
     * Whether to delete still-owned sessions when the JVM shuts down; default {@code true}.
     *
     * @param enabled whether to install the shutdown hook
     * @return this builder
     */
    public Builder deleteSessionsOnShutdown(boolean enabled) {
      config.shutdownHook = enabled;
      return this;
    }

    /**
     * How long {@link LivyClient#close()} may spend deleting the sessions the client still owns:
     * the deletes run in parallel, each request's timeout capped by what is left of this budget.
     * Sessions not deleted by then are logged and reported by the exception {@code close()}
     * throws; they end with the server's idle timeout. Default 30 s.
     *
     * @param timeout the budget, positive
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      config.closeTimeout = ClientConfig.positive(timeout, "closeTimeout");
      return this;
    }

    /**
     * Adds a listener for what the client does to its sessions on its own: deleting one whose
     * time to live or idle timeout passed, keeping one in use alive.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder sessionListener(SessionListener listener) {
      config.sessionListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds an observer of what the client does, for metrics and tracing: every operation, every
     * HTTP attempt inside it, its sessions' states and its token refreshes. The
     * {@code livy4j-micrometer} and {@code livy4j-opentelemetry} modules provide observers; see
     * {@link io.github.livy4j.observe.LivyObserver}. Observers are never shown a token or a
     * header the client sets, nor code text unless {@link #observeCodeText(boolean)} allows it.
     *
     * @param observer the observer
     * @return this builder
     */
    public Builder observer(io.github.livy4j.observe.LivyObserver observer) {
      config.observers.add(java.util.Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * Whether observers are shown the code text of statements
     * ({@link io.github.livy4j.observe.LivyOperation#code()}). Off by default: code can hold
     * data, and secrets, of its own.
     *
     * @param allowed whether to show it
     * @return this builder
     */
    public Builder observeCodeText(boolean allowed) {
      config.observeCodeText = allowed;
      return this;
    }

    /**
     * How many requests the client may have in flight at once, which bounds its connections
     * to the server (one per request in flight). Further requests wait their turn, within their
     * deadlines; an asynchronous wait holds no thread. Default 32.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1, was " + max);
      }
      config.maxConnections = max;
      config.engineSettings.add("maxConnections");
      return this;
    }

    /**
     * Whether to refuse sending a bearer token or a Basic credential over plain {@code http://}
     * to a host other than this machine. By default such a request is sent and a warning is
     * logged once per host; refused, it fails with a {@link LivyClientException} before anything
     * is sent.
     *
     * @param refuse whether to refuse
     * @return this builder
     */
    public Builder refuseCredentialsOverPlainHttp(boolean refuse) {
      config.refusePlainHttpCredentials = refuse;
      return this;
    }

    /**
     * Sets the clock deadlines are measured with; for tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      config.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how the client waits between polls and retries; for tests.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      config.sleeper = java.util.Objects.requireNonNull(sleeper, "sleeper");
      config.sleeperSet = true;
      return this;
    }

    /**
     * Runs the client on an engine shared with other clients: its threads, its HTTP client
     * and its bound on connections, so that a service with a client per user (each with that
     * user's credential) pays for one set of threads, not one per user. The client keeps what
     * is its own (backend, credential, options, the sessions it owns); closing it deletes only
     * its sessions and leaves the engine running. The engine's settings ({@link
     * #connectTimeout}, {@link #httpClient}, {@link #maxConnections}, {@link #sleeper}) are set
     * on {@link LivyEngine#builder()} instead, and {@link #build()} refuses them here.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder engine(LivyEngine engine) {
      config.engine = java.util.Objects.requireNonNull(engine, "engine").core();
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no backend was set
     */
    public LivyClient build() {
      return new DefaultLivyClient(config.freeze());
    }
  }
}
