package io.github.livy4j.micrometer;

import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.OperationObserver;
import io.github.livy4j.testkit.VirtualTime;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/** A Micrometer clock on virtual time, registries with histograms, a look at each poll. */
final class MicrometerTestSupport {
  private MicrometerTestSupport() {}

  /** Micrometer's clock reading virtual time, so a 3-minute statement times as 3 minutes. */
  static Clock clock(VirtualTime time) {
    return new Clock() {
      @Override
      public long wallTime() {
        return time.now().toEpochMilli();
      }

      @Override
      public long monotonicTime() {
        Instant now = time.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }
    };
  }

  /** Percentile histograms on every timer, as a Prometheus setup turns them on. */
  static MeterFilter histograms() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(true)
            .expiry(Duration.ofDays(1))
            .build()
            .merge(config);
      }
    };
  }

  /**
   * A registry that keeps percentile histograms on every timer, as Prometheus' does (the simple
   * registry alone does not publish them).
   */
  static SimpleMeterRegistry withHistograms(Clock clock) {
    SimpleMeterRegistry registry =
        new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock) {
          @Override
          protected Timer newTimer(
              Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
            return new CumulativeTimer(id, clock, config, pauseDetector, getBaseTimeUnit(), true);
          }
        };
    registry.config().meterFilter(histograms());
    return registry;
  }

  /** An observer that runs a look-around at each poll of a statement. */
  static LivyObserver atEachStatementPoll(Runnable look) {
    return new LivyObserver() {
      @Override
      public OperationObserver operationStarted(LivyOperation op) {
        if (!LivyOperation.STATEMENT_RUN.equals(op.name())) {
          return OperationObserver.NONE;
        }
        return new OperationObserver() {
          @Override
          public ExchangeObserver exchangeStarted(
              HttpExchange exchange, BiConsumer<String, String> headers) {
            if (exchange.poll()) {
              look.run();
            }
            return ExchangeObserver.NONE;
          }
        };
      }
    };
  }
}
