package io.github.livy4j.micrometer;

import io.github.livy4j.micrometer.internal.ExpectedRanges;
import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.observe.OperationObserver;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Micrometer {@link Observation}s of a livy4j client: register with
 * {@link io.github.livy4j.LivyClient.Builder#observer(LivyObserver)}. What the observations
 * become depends on the registry's handlers: timers through Micrometer's
 * {@code DefaultMeterObservationHandler}, spans through Micrometer Tracing.
 *
 * <pre>{@code
 * LivyClient client = LivyClient.builder()
 *     .backend(ApacheLivy.at(uri))
 *     .observer(LivyObservations.create(observationRegistry))
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>Each operation is an observation named {@value #OPERATIONS} ({@link LivyOperationContext},
 *       keys in {@link DefaultLivyOperationObservationConvention}), under the observation current
 *       where it began. Its events: {@value #STATE_EVENT} for each state seen of what it waits for
 *       (contextual name {@code state running}), {@value #POLL_EVENT} for each look of a wait. It
 *       is current on the client's threads while they work on it.
 *   <li>Each HTTP attempt is an observation named {@value #REQUESTS} ({@link LivyRequestContext},
 *       a {@code RequestReplySenderContext}; keys in {@link
 *       DefaultLivyRequestObservationConvention}), a child of its operation's, current while the
 *       request is handed to the JDK {@code HttpClient}. A propagating tracing handler adds its
 *       headers ({@code traceparent}, {@code b3}) to the request.
 * </ul>
 *
 * <p>Switch them off, or drop the polls' requests, with an {@code ObservationPredicate} on the
 * names ({@code management.observations.enable.livy4j=false} in Spring Boot). With Micrometer's
 * {@code DefaultMeterObservationHandler} they make the timers {@code livy4j.client.operations}
 * and {@code livy4j.client.requests} with the tags of {@link LivyMetrics}' own (and the
 * handler's {@code error}), the long-task timers {@code livy4j.client.operations.active} and
 * {@code livy4j.client.requests.active}, and a counter per event name
 * ({@code livy4j.client.operations.state}, {@code livy4j.client.operations.poll}). Add
 * {@link #expectedRanges()} to the meter registry so that their histograms reach a 30-minute
 * statement, and a {@link LivyMetrics} built {@link LivyMetrics.Builder#alongsideObservations()
 * alongsideObservations()} for the sessions gauge and the other meters observations do not
 * make.
 */
public final class LivyObservations implements LivyObserver {
  /** The name of the operations' observations. */
  public static final String OPERATIONS = ExpectedRanges.OPERATIONS;

  /** The name of the HTTP attempts' observations. */
  public static final String REQUESTS = ExpectedRanges.REQUESTS;

  /** The name of the event of a state seen, on an operation's observation. */
  public static final String STATE_EVENT = "state";

  /** The name of the event of a look of a wait, on an operation's observation. */
  public static final String POLL_EVENT = "poll";

  private static final Observation.Event POLL = Observation.Event.of(POLL_EVENT, "poll");

  private final ObservationRegistry registry;
  private final String client;
  private final LivyOperationObservationConvention operationConvention;
  private final LivyRequestObservationConvention requestConvention;

  private LivyObservations(Builder b) {
    this.registry = b.registry;
    this.client = b.client;
    this.operationConvention = b.operationConvention;
    this.requestConvention = b.requestConvention;
  }

  /**
   * Observations on a registry, with the default conventions.
   *
   * @param registry the registry
   * @return the observer
   */
  public static LivyObservations create(ObservationRegistry registry) {
    return builder(registry).build();
  }

  /**
   * A builder, for a client name and conventions of one's own.
   *
   * @param registry the registry
   * @return the builder
   */
  public static Builder builder(ObservationRegistry registry) {
    return new Builder(registry);
  }

  /**
   * The filter of {@link LivyMetrics#expectedRanges()}: add it to the meter registry of the
   * {@code DefaultMeterObservationHandler}, so that the timers it makes of these observations
   * expect values up to the client's default timeouts.
   *
   * @return the filter
   */
  public static MeterFilter expectedRanges() {
    return LivyMetrics.expectedRanges();
  }

  /** Builds a {@link LivyObservations}. */
  public static final class Builder {
    private final ObservationRegistry registry;
    private String client;
    private LivyOperationObservationConvention operationConvention;
    private LivyRequestObservationConvention requestConvention;

    private Builder(ObservationRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Names the client: every observation gets the low-cardinality key {@code client}.
     *
     * @param name the client's name
     * @return this builder
     */
    public Builder client(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("the client's name must not be blank");
      }
      this.client = name;
      return this;
    }

    /**
     * A convention for the operations' observations, in place of one registered with the
     * registry or the default.
     *
     * @param convention the convention
     * @return this builder
     */
    public Builder operationConvention(LivyOperationObservationConvention convention) {
      this.operationConvention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /**
     * A convention for the HTTP attempts' observations, in place of one registered with the
     * registry or the default.
     *
     * @param convention the convention
     * @return this builder
     */
    public Builder requestConvention(LivyRequestObservationConvention convention) {
      this.requestConvention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /** @return the observer */
    public LivyObservations build() {
      return new LivyObservations(this);
    }
  }

  @Override
  public OperationObserver operationStarted(LivyOperation operation) {
    if (registry.isNoop()) {
      return OperationObserver.NONE;
    }
    LivyOperationContext context = new LivyOperationContext(operation, client);
    Observation caller = registry.getCurrentObservation();
    Observation observation =
        Observation.createNotStarted(
                operationConvention,
                DefaultLivyOperationObservationConvention.INSTANCE,
                () -> context,
                registry)
            .start();
    return new Watch(operation, context, observation, caller);
  }

  /** One operation's observation. */
  private final class Watch implements OperationObserver {
    private final LivyOperation operation;
    private final LivyOperationContext context;
    private final Observation observation;

    /** The observation current where the operation was called, if any. */
    private final Observation caller;

    private volatile boolean over;

    Watch(
        LivyOperation operation,
        LivyOperationContext context,
        Observation observation,
        Observation caller) {
      this.operation = operation;
      this.context = context;
      this.observation = observation;
      this.caller = caller;
    }

    @Override
    public ExchangeObserver exchangeStarted(
        HttpExchange exchange, BiConsumer<String, String> headers) {
      if (exchange.poll()) {
        observation.event(POLL);
      }
      LivyRequestContext request = new LivyRequestContext(headers, exchange, operation, client);
      Observation attempt =
          Observation.createNotStarted(
              requestConvention,
              DefaultLivyRequestObservationConvention.INSTANCE,
              () -> request,
              registry);
      if (attempt.isNoop()) {
        return ExchangeObserver.NONE;
      }
      if (!observation.isNoop()) {
        attempt.parentObservation(observation);
      }
      attempt.start();
      return new ExchangeObserver() {
        @Override
        public ObserverScope sending() {
          return attempt.openScope()::close;
        }

        @Override
        public void ended(HttpResult result) {
          request.setResponse(result);
          if (result.status().isEmpty()) {
            result.failure().ifPresent(attempt::error);
          }
          attempt.stop();
        }
      };
    }

    @Override
    public ObserverScope resumed() {
      if (over) {
        // what runs now is the caller's dependent action: in the caller's observation, not
        // under the operation's stopped one
        return caller == null || caller.isNoop() ? ObserverScope.NONE : caller.openScope()::close;
      }
      return observation.isNoop() ? ObserverScope.NONE : observation.openScope()::close;
    }

    @Override
    public void identified(String id) {
      context.id(id);
    }

    @Override
    public void stateChanged(String from, String to) {
      context.state(to);
      observation.event(Observation.Event.of(STATE_EVENT, "state " + to));
    }

    @Override
    public void ended(Throwable failure) {
      over = true;
      context.end();
      if (failure != null) {
        observation.error(failure);
      }
      observation.stop();
    }
  }

  @Override
  public String toString() {
    return "LivyObservations[" + (client == null ? "" : client) + "]";
  }
}
