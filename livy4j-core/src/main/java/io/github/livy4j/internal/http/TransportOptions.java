package io.github.livy4j.internal.http;

import io.github.livy4j.RetryOptions;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.spi.Throttling;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What an {@link HttpTransport} sends with, and how; {@link #builder} names each.
 *
 * @param http the JDK client
 * @param requestTimeout the per-request timeout
 * @param userAgent the user agent
 * @param tokens the token provider
 * @param retry the retry options
 * @param clock the clock, for deadlines and Retry-After dates
 * @param sleeper the sleeper between blocking attempts
 * @param random uniform random numbers in [0, 1) for jitter
 * @param refusePlainHttpCredentials whether to refuse, rather than warn once about, sending a
 *     credential over plain {@code http://} to a host other than this machine
 * @param permits the bound on requests in flight
 * @param watchdog what ends requests whose time is up, shared by the transports of an engine,
 *     or {@code null} for one of the transport's own
 * @param runner where asynchronous sends continue and wait
 * @param observers who is told of each attempt and token
 * @param throttling the backend's reading of answers that turn requests away
 */
public record TransportOptions(
    HttpClient http,
    Duration requestTimeout,
    String userAgent,
    TokenProvider tokens,
    RetryOptions retry,
    Clock clock,
    Sleeper sleeper,
    DoubleSupplier random,
    boolean refusePlainHttpCredentials,
    Permits permits,
    Watchdog watchdog,
    Supplier<? extends AsyncRunner> runner,
    Observers observers,
    Throttling throttling) {

  /** Checks that every part is there. */
  public TransportOptions {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(observers, "observers");
    Objects.requireNonNull(throttling, "throttling");
  }

  /**
   * Options with the given client and runner, and defaults for the rest: a 30 s timeout, no
   * token, the default retries, the system clock and sleeper, 64 connections, no observers
   * and no backend's own throttling.
   *
   * @param http the JDK client
   * @param runner where asynchronous sends continue and wait
   * @return a builder of the options
   */
  public static Builder builder(HttpClient http, Supplier<? extends AsyncRunner> runner) {
    return new Builder(http, runner);
  }

  /** Names each option, so that no call passes a dozen of them by position. */
  public static final class Builder {
    private final HttpClient http;
    private final Supplier<? extends AsyncRunner> runner;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private String userAgent = "livy4j";
    private TokenProvider tokens = TokenProviders.none();
    private RetryOptions retry = RetryOptions.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private boolean refusePlainHttpCredentials;
    private Permits permits;
    private Watchdog watchdog;
    private Observers observers = Observers.NONE;
    private Throttling throttling = Throttling.NONE;

    private Builder(HttpClient http, Supplier<? extends AsyncRunner> runner) {
      this.http = http;
      this.runner = runner;
    }

    /**
     * Sets the per-request timeout.
     *
     * @param v the per-request timeout
     * @return this builder
     */
    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    /**
     * Sets the user agent.
     *
     * @param v the user agent
     * @return this builder
     */
    public Builder userAgent(String v) {
      userAgent = v;
      return this;
    }

    /**
     * Sets the token provider.
     *
     * @param v the token provider
     * @return this builder
     */
    public Builder tokens(TokenProvider v) {
      tokens = v;
      return this;
    }

    /**
     * Sets the retry options.
     *
     * @param v the retry options
     * @return this builder
     */
    public Builder retry(RetryOptions v) {
      retry = v;
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param v the clock
     * @return this builder
     */
    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /**
     * Sets the sleeper between blocking attempts.
     *
     * @param v the sleeper between blocking attempts
     * @return this builder
     */
    public Builder sleeper(Sleeper v) {
      sleeper = v;
      return this;
    }

    /**
     * Sets uniform random numbers in [0, 1) for jitter.
     *
     * @param v uniform random numbers in [0, 1) for jitter
     * @return this builder
     */
    public Builder random(DoubleSupplier v) {
      random = v;
      return this;
    }

    /**
     * Sets whether to refuse credentials over plain http.
     *
     * @param v whether to refuse credentials over plain http
     * @return this builder
     */
    public Builder refusePlainHttpCredentials(boolean v) {
      refusePlainHttpCredentials = v;
      return this;
    }

    /**
     * Sets how many requests may be in flight at once, this transport's own bound.
     *
     * @param v how many requests may be in flight at once
     * @return this builder
     */
    public Builder maxConnections(int v) {
      permits = new Permits(v);
      return this;
    }

    /**
     * Sets what ends requests whose time is up, shared with other transports (which close it):
     * without one the transport has its own.
     *
     * @param v the watchdog
     * @return this builder
     */
    public Builder watchdog(Watchdog v) {
      watchdog = java.util.Objects.requireNonNull(v, "watchdog");
      return this;
    }

    /**
     * Sets the bound on requests in flight, which other transports may share.
     *
     * @param v the bound
     * @return this builder
     */
    public Builder permits(Permits v) {
      permits = java.util.Objects.requireNonNull(v, "permits");
      return this;
    }

    /**
     * Sets who is told of each attempt and token.
     *
     * @param v who is told of each attempt and token
     * @return this builder
     */
    public Builder observers(Observers v) {
      observers = v;
      return this;
    }

    /**
     * Sets the backend's reading of answers that turn requests away.
     *
     * @param v the backend's reading of answers that turn requests away
     * @return this
     */
    public Builder throttling(Throttling v) {
      throttling = v;
      return this;
    }

    /** @return the options */
    public TransportOptions build() {
      return new TransportOptions(
          http,
          requestTimeout,
          userAgent,
          tokens,
          retry,
          clock,
          sleeper,
          random,
          refusePlainHttpCredentials,
          permits != null ? permits : new Permits(64),
          watchdog,
          runner,
          observers,
          throttling);
    }
  }
}
