package io.github.livy4j.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an HTTP attempt's observation and its keys; {@link DefaultLivyRequestObservationConvention}
 * is the default. Give one to {@link LivyObservations.Builder#requestConvention}, or register one
 * with the {@code ObservationRegistry}, to add or change keys (extend the default to keep its
 * keys).
 */
public interface LivyRequestObservationConvention
    extends ObservationConvention<LivyRequestContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof LivyRequestContext;
  }
}
