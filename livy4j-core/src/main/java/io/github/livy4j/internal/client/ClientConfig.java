package io.github.livy4j.internal.client;

import io.github.livy4j.RetryOptions;
import io.github.livy4j.SessionListener;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.spi.LivyBackend;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A client's frozen configuration.
 *
 * @param backend the dialect
 * @param tokens the token provider
 * @param polling the polling options
 * @param retry the retry options
 * @param connectTimeout the connect timeout
 * @param requestTimeout the per-request timeout
 * @param httpClient a user-supplied HTTP client, or {@code null}
 * @param applicationId an application name for the user agent, or {@code null}
 * @param shutdownHook whether to delete owned sessions at JVM shutdown
 * @param refusePlainHttpCredentials whether to refuse sending credentials over plain http
 * @param closeTimeout how long closing the client may spend deleting its sessions
 * @param maxConnections how many requests the client may have in flight at once
 * @param sessionListeners who hears of expiries and keep-alives
 * @param observers who watches the client's operations and requests
 * @param observeCodeText whether observers are shown the code of statements
 * @param clock the clock
 * @param sleeper the sleeper
 * @param engine the engine shared with other clients, or {@code null} for one of its own
 */
public record ClientConfig(
    LivyBackend backend,
    TokenProvider tokens,
    PollingOptions polling,
    RetryOptions retry,
    Duration connectTimeout,
    Duration requestTimeout,
    HttpClient httpClient,
    String applicationId,
    boolean shutdownHook,
    boolean refusePlainHttpCredentials,
    Duration closeTimeout,
    int maxConnections,
    java.util.List<SessionListener> sessionListeners,
    java.util.List<io.github.livy4j.observe.LivyObserver> observers,
    boolean observeCodeText,
    Clock clock,
    Sleeper sleeper,
    EngineCore engine) {

  /** The default bound on requests in flight, and so on connections, per client. */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;

  private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._/\\-]{1,64}");

  /** The builder's mutable state. */
  public static final class Mutable {
    /** The backend. */
    public LivyBackend backend;

    /** The token provider. */
    public TokenProvider tokens = TokenProviders.none();

    /** The polling options. */
    public PollingOptions polling = PollingOptions.defaults();

    /** The retry options. */
    public RetryOptions retry = RetryOptions.defaults();

    /** The connect timeout. */
    public Duration connectTimeout = Duration.ofSeconds(10);

    /** The per-request timeout. */
    public Duration requestTimeout = Duration.ofSeconds(60);

    /** A user-supplied HTTP client. */
    public HttpClient httpClient;

    /** The application id. */
    public String applicationId;

    /** Whether to install the shutdown hook. */
    public boolean shutdownHook = true;

    /** Whether to refuse sending credentials over plain http to another host. */
    public boolean refusePlainHttpCredentials;

    /** How long closing the client may spend deleting its sessions. */
    public Duration closeTimeout = Duration.ofSeconds(30);

    /** How many requests may be in flight at once. */
    public int maxConnections = DEFAULT_MAX_CONNECTIONS;

    /** Who hears of expiries and keep-alives. */
    public final java.util.List<SessionListener> sessionListeners = new java.util.ArrayList<>();

    /** Who watches the client's operations and requests. */
    public final java.util.List<io.github.livy4j.observe.LivyObserver> observers =
        new java.util.ArrayList<>();

    /** Whether observers are shown the code of statements. */
    public boolean observeCodeText;

    /** The clock. */
    public Clock clock = Clock.systemUTC();

    /** The sleeper. */
    public Sleeper sleeper = Sleeper.system();

    /** The engine shared with other clients, or {@code null} for one of the client's own. */
    public EngineCore engine;

    /** The engine's settings set on this builder, which a shared engine's own replace. */
    public final java.util.Set<String> engineSettings = new java.util.LinkedHashSet<>();

    /** Whether a sleeper was set. */
    public boolean sleeperSet;

    /** @return the frozen configuration */
    public ClientConfig freeze() {
      if (backend == null) {
        throw new IllegalStateException(
            "no backend set: call backend(ApacheLivy.at(uri)) or"
                + " another backend before build()");
      }
      Sleeper sleeps = sleeper;
      if (engine != null) {
        if (!engineSettings.isEmpty()) {
          throw new IllegalArgumentException(
              String.join(", ", engineSettings)
                  + (engineSettings.size() == 1 ? " is" : " are")
                  + " the LivyEngine's when clients share one: set "
                  + (engineSettings.size() == 1 ? "it" : "them")
                  + " on LivyEngine.builder() instead");
        }
        if (sleeperSet && sleeper != engine.sleeper()) {
          throw new IllegalArgumentException(
              "the sleeper is the LivyEngine's when clients share one: set it on"
                  + " LivyEngine.builder() instead");
        }
        if (engine.isClosed()) {
          throw new IllegalStateException("the LivyEngine is closed");
        }
        sleeps = engine.sleeper();
      }
      return new ClientConfig(
          backend,
          tokens,
          polling,
          retry,
          connectTimeout,
          requestTimeout,
          httpClient,
          applicationId,
          shutdownHook,
          refusePlainHttpCredentials,
          closeTimeout,
          maxConnections,
          java.util.List.copyOf(sessionListeners),
          java.util.List.copyOf(observers),
          observeCodeText,
          clock,
          sleeps,
          engine);
    }
  }

  /**
   * Validates a positive duration.
   *
   * @param d the duration
   * @param what its name
   * @return the duration
   */
  public static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }

  /**
   * Validates an application id.
   *
   * @param id the id
   * @return the id
   */
  public static String applicationId(String id) {
    Objects.requireNonNull(id, "applicationId");
    if (!APP_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "applicationId '" + id + "' must be 1 to 64 letters, digits, '.', '_', '/' or '-'");
    }
    return id;
  }
}
