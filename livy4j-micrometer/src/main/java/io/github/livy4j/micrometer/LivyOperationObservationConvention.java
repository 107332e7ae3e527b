package io.github.livy4j.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an operation's observation and its keys; {@link DefaultLivyOperationObservationConvention}
 * is the default. Give one to {@link LivyObservations.Builder#operationConvention}, or register
 * one with the {@code ObservationRegistry}, to add or change keys (extend the default to keep
 * its keys).
 */
public interface LivyOperationObservationConvention
    extends ObservationConvention<LivyOperationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof LivyOperationContext;
  }
}
