package io.github.livy4j.spring;

import io.github.livy4j.micrometer.LivyMetrics;
import io.github.livy4j.opentelemetry.LivyTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * The client's metrics and traces, part of {@link LivyAutoConfiguration}: Micrometer
 * observations on the application's {@code ObservationRegistry}, {@link LivyMetrics} on its
 * {@code MeterRegistry}, {@link LivyTracing} on its {@code OpenTelemetry}, and the expected
 * ranges of livy4j's timers. Each part needs its module on the class path and is switched by its
 * {@code livy4j.*.enabled} property.
 */
@Configuration(proxyBeanMethods = false)
class LivyObservability {

  /**
   * Whether the client's operations are Micrometer observations on the application's
   * {@code ObservationRegistry}: with livy4j-micrometer on the class path, an
   * {@code ObservationRegistry} bean and {@code livy4j.observations.enabled} (the default).
   *
   * @param properties the properties
   * @param beans the application's beans
   * @return whether {@link io.github.livy4j.micrometer.LivyObservations} observes the client
   */
  static boolean observed(LivyProperties properties, ListableBeanFactory beans) {
    return properties.getObservations().isEnabled()
        && present("io.github.livy4j.micrometer.LivyObservations")
        && hasBean(beans, "io.micrometer.observation.ObservationRegistry");
  }

  /**
   * Whether those observations also make the spans: Micrometer Tracing (its {@code Tracer}
   * bean, over Brave or OpenTelemetry) handles them, so {@link LivyTracing} would make every span
   * twice.
   */
  static boolean tracedByObservations(LivyProperties properties, ListableBeanFactory beans) {
    return observed(properties, beans) && hasBean(beans, "io.micrometer.tracing.Tracer");
  }

  private static boolean present(String type) {
    return ClassUtils.isPresent(type, LivyObservability.class.getClassLoader());
  }

  private static boolean hasBean(ListableBeanFactory beans, String type) {
    if (!present(type)) {
      return false;
    }
    Class<?> c = ClassUtils.resolveClassName(type, LivyObservability.class.getClassLoader());
    return beans.getBeanNamesForType(c, true, false).length > 0;
  }

  /**
   * Observations of the client's operations and requests on the application's
   * {@code ObservationRegistry}, when livy4j-micrometer is on the class path: metrics through its
   * meter handler, spans through Micrometer Tracing, both as {@code management.observations.*}
   * says.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({
    io.github.livy4j.micrometer.LivyObservations.class,
    io.micrometer.observation.ObservationRegistry.class
  })
  @ConditionalOnProperty(prefix = "livy4j.observations", name = "enabled", matchIfMissing = true)
  static class ObservationsConfiguration {

    @Bean
    LivyClientCustomizer livyObservationsCustomizer(
        ObjectProvider<io.micrometer.observation.ObservationRegistry> registry,
        LivyProperties properties) {
      return builder ->
          registry.ifUnique(
              r -> {
                var b = io.github.livy4j.micrometer.LivyObservations.builder(r);
                String name = properties.getMetrics().getClientName();
                if (name != null) {
                  b.client(name);
                }
                builder.observer(b.build());
              });
    }
  }

  /** Meters on the application's registry, when livy4j-micrometer is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({LivyMetrics.class, MeterRegistry.class})
  @ConditionalOnProperty(prefix = "livy4j.metrics", name = "enabled", matchIfMissing = true)
  static class MetricsConfiguration {

    @Bean
    LivyClientCustomizer livyMetricsCustomizer(
        ObjectProvider<MeterRegistry> registry,
        LivyProperties properties,
        ListableBeanFactory beans) {
      // resolved when the client is built, so whichever configuration makes the registry
      return builder ->
          registry.ifUnique(
              r -> {
                LivyMetrics.Builder b = LivyMetrics.builder(r);
                String name = properties.getMetrics().getClientName();
                if (name != null) {
                  b.client(name);
                }
                if (observed(properties, beans)) {
                  // requests and operations come from the observations' meter handler
                  b.alongsideObservations();
                }
                b.expectedRanges(
                    requestTimeout(properties),
                    LivyAutoConfiguration.polling(properties.getPolling()));
                builder.observer(b.build());
              });
    }
  }

  private static java.time.Duration requestTimeout(LivyProperties properties) {
    return properties.getRequestTimeout() != null
        ? properties.getRequestTimeout()
        : java.time.Duration.ofSeconds(60);
  }

  /**
   * The expected ranges of livy4j's timers, those of {@link LivyMetrics} and those the
   * observations' meter handler makes alike, from the client's own timeouts: session starts and
   * statements fit their histograms up to {@code livy4j.polling.session-start-timeout} and
   * {@code livy4j.polling.statement-timeout}, requests up to {@code livy4j.request-timeout}.
   * Spring Boot applies {@code MeterFilter} beans in their order: this one comes first, so
   * {@code management.metrics.distribution.*} settings for {@code livy4j} meters win over it.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({LivyMetrics.class, MeterRegistry.class})
  static class ExpectedRangesConfiguration {

    @Bean
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnMissingBean(name = "livyExpectedRanges")
    io.micrometer.core.instrument.config.MeterFilter livyExpectedRanges(LivyProperties properties) {
      return LivyMetrics.expectedRanges(
          requestTimeout(properties), LivyAutoConfiguration.polling(properties.getPolling()));
    }
  }

  /**
   * Spans on the application's OpenTelemetry, when livy4j-opentelemetry is on the class path and
   * the observations do not make them already.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({LivyTracing.class, OpenTelemetry.class})
  @ConditionalOnProperty(prefix = "livy4j.tracing", name = "enabled", matchIfMissing = true)
  static class TracingConfiguration {

    @Bean
    LivyClientCustomizer livyTracingCustomizer(
        ObjectProvider<OpenTelemetry> openTelemetry,
        LivyProperties properties,
        ListableBeanFactory beans) {
      return builder -> {
        if (!tracedByObservations(properties, beans)) {
          openTelemetry.ifUnique(o -> builder.observer(LivyTracing.create(o)));
        }
      };
    }
  }
}
