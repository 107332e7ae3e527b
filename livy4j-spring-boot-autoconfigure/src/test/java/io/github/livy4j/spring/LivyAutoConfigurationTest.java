package io.github.livy4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenCredential;
import com.azure.spring.cloud.autoconfigure.implementation.context.AzureTokenCredentialAutoConfiguration;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.VirtualTime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

class LivyAutoConfigurationTest {
  private static final String SECRET = "starter-client-secret-0123456789";
  private static final String WORKSPACE = "11111111-2222-3333-4444-555555555555";
  private static final String LAKEHOUSE = "66666666-7777-8888-9999-000000000000";

  private VirtualTime time;
  private FakeLivy fake;

  @BeforeEach
  void start() {
    time = VirtualTime.create();
    fake = fake(false);
  }

  private FakeLivy fake(boolean fabric) {
    FakeLivy.Builder b =
        FakeLivy.builder()
            .time(time)
            .sessionStartup(Duration.ofSeconds(3))
            .statementDuration(Duration.ofSeconds(1));
    FakeLivy f = (fabric ? b.fabric() : b).start();
    f.script("1 + 1", FakeResult.text("res0: Int = 2"));
    return f;
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** The starter, its client on the fake's virtual time through a customizer bean. */
  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LivyAutoConfiguration.class))
        .withBean(
            "virtualTime",
            LivyClientCustomizer.class,
            () -> b -> b.clock(time.clock()).sleeper(time.sleeper()));
  }

  private static String run(LivyClient client, SessionSpec spec) {
    try (LivySession s = client.createSession(spec)) {
      return s.execute(Code.scala("1 + 1")).text().orElse("");
    }
  }

  @Test
  void anApacheUrl_givesAWorkingClient_andClosingTheContext_deletesItsSessions() {
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri(), "livy4j.application-id=orders-job")
        .run(
            ctx -> {
              assertThat(ctx)
                  .hasNotFailed()
                  .hasSingleBean(LivyClient.class)
                  .hasSingleBean(SessionSpec.class);
              LivyClient client = ctx.getBean(LivyClient.class);
              assertThat(run(client, ctx.getBean(SessionSpec.class))).contains("res0: Int = 2");
              // a session the application never closed
              client.createSession(ctx.getBean(SessionSpec.class));
              assertThat(fake.sessionCount()).isEqualTo(1);
              assertThat(fake.requests().get(0).header("User-Agent"))
                  .hasValueSatisfying(ua -> assertThat(ua).endsWith("orders-job"));
            });
    assertThat(fake.sessionCount()).as("deleted when the context closed").isZero();
  }

  @Test
  void noEndpoint_failsTheContext_namingTheProperties() {
    runner()
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("livy4j.url is not set")
                    .hasMessageContaining("livy4j.fabric.workspace-id"));
    runner()
        .withPropertyValues("livy4j.backend=fabric", "livy4j.fabric.workspace-id=" + WORKSPACE)
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("livy4j.fabric.lakehouse-id"));
  }

  @Test
  void fabricProperties_andTheApplicationsTokenProvider_giveAFabricClient() {
    fake.close();
    fake = fake(true);
    AccessToken token = AccessToken.of("app-token", Instant.parse("2100-01-01T00:00:00Z"));
    runner()
        .withPropertyValues(
            "livy4j.fabric.workspace-id=" + WORKSPACE,
            "livy4j.fabric.lakehouse-id=" + LAKEHOUSE,
            "livy4j.fabric.base-uri=" + fake.uri())
        .withBean(TokenProvider.class, () -> () -> Optional.of(token))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(run(ctx.getBean(LivyClient.class), SessionSpec.defaults()))
                  .contains("res0: Int = 2");
              assertThat(fake.requests())
                  .allSatisfy(
                      r ->
                          assertThat(r.path())
                              .contains("/workspaces/" + WORKSPACE + "/lakehouses/" + LAKEHOUSE));
            });
  }

  @Test
  void aTokenCredentialBean_signsTheRequests() {
    fake.close();
    fake =
        FakeLivy.builder()
            .time(time)
            .sessionStartup(Duration.ofSeconds(3))
            .acceptTokens("cred-token"::equals)
            .start();
    OffsetDateTime expires = OffsetDateTime.now().plusHours(1);
    TokenCredential credential =
        request -> Mono.just(new com.azure.core.credential.AccessToken("cred-token", expires));
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri())
        .withBean(TokenCredential.class, () -> credential)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(TokenProvider.class);
              try (LivySession s =
                  ctx.getBean(LivyClient.class).createSession(SessionSpec.defaults())) {
                assertThat(s.id()).isNotNull();
              }
            });
  }

  @Test
  void servicePrincipalProperties_winOverATokenCredentialBean() {
    TokenCredential credential =
        request ->
            Mono.just(
                new com.azure.core.credential.AccessToken(
                    "cred-token", OffsetDateTime.now().plusHours(1)));
    runner()
        .withPropertyValues(
            "livy4j.url=" + fake.uri(),
            "livy4j.auth.tenant-id=00000000-0000-0000-0000-000000000001",
            "livy4j.auth.client-id=00000000-0000-0000-0000-000000000002",
            "livy4j.auth.client-secret=" + SECRET)
        .withBean(TokenCredential.class, () -> credential)
        .run(
            ctx ->
                assertThat(ctx)
                    .hasNotFailed()
                    .hasSingleBean(TokenProvider.class)
                    .hasBean("livyServicePrincipalTokenProvider")
                    .doesNotHaveBean("livyCredentialTokenProvider"));
  }

  @Test
  void springCloudAzuresCredential_signsTheRequests_theAutoConfigurationsBeingOrdered() {
    fake.close();
    fake =
        FakeLivy.builder()
            .time(time)
            .acceptTokens(AzureTokenCredentialAutoConfiguration.TOKEN::equals)
            .start();
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                LivyAutoConfiguration.class, AzureTokenCredentialAutoConfiguration.class))
        .withPropertyValues("livy4j.url=" + fake.uri())
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(TokenProvider.class);
              // the fake refuses any other token
              assertThat(ctx.getBean(LivyClient.class).listSessions()).isEmpty();
              assertThat(fake.requests())
                  .isNotEmpty()
                  .allSatisfy(r -> assertThat(r.header("Authorization")).isPresent());
            });
  }

  @Test
  void theBackends_areOptional_andAMissingOneIsNamed() {
    runner()
        .withClassLoader(new FilteredClassLoader("io.github.livy4j.fabric"))
        .withPropertyValues("livy4j.url=" + fake.uri())
        .run(
            ctx ->
                assertThat(run(ctx.getBean(LivyClient.class), SessionSpec.defaults()))
                    .contains("res0"));
    runner()
        .withClassLoader(new FilteredClassLoader("io.github.livy4j.fabric"))
        .withPropertyValues(
            "livy4j.fabric.workspace-id=" + WORKSPACE, "livy4j.fabric.lakehouse-id=" + LAKEHOUSE)
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Microsoft Fabric backend")
                    .hasMessageContaining(
                        "io.github.livy4j:livy4j-fabric is not on the class path"));
    runner()
        .withClassLoader(new FilteredClassLoader("io.github.livy4j.apache"))
        .withPropertyValues("livy4j.url=" + fake.uri())
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "io.github.livy4j:livy4j-apache is not on the class path"));
  }

  @Test
  void servicePrincipalProperties_makeAProvider_thatNeverShowsTheSecret() {
    runner()
        .withPropertyValues(
            "livy4j.url=" + fake.uri(),
            "livy4j.auth.tenant-id=contoso.onmicrosoft.com",
            "livy4j.auth.client-id=00000000-0000-0000-0000-000000000001",
            "livy4j.auth.client-secret=" + SECRET)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(TokenProvider.class);
              assertThat(ctx.getBean(TokenProvider.class).toString()).doesNotContain(SECRET);
              assertThat(ctx.getBean(LivyProperties.class).getAuth().toString())
                  .doesNotContain(SECRET)
                  .contains("<redacted>");
              assertThat(ctx.getBean(LivyClient.class).toString()).doesNotContain(SECRET);
            });
  }

  @Test
  void withoutAuthSettings_requestsCarryNoToken() {
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri())
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().doesNotHaveBean(TokenProvider.class);
              run(ctx.getBean(LivyClient.class), SessionSpec.defaults());
              assertThat(fake.requests())
                  .isNotEmpty()
                  .allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());
            });
  }

  @Test
  void authSettingsThatMakeNoProvider_failTheContext_sayingWhy() {
    runner()
        .withClassLoader(new FilteredClassLoader("io.github.livy4j.auth.entra"))
        .withPropertyValues(
            "livy4j.url=" + fake.uri(),
            "livy4j.auth.tenant-id=t",
            "livy4j.auth.client-id=c",
            "livy4j.auth.client-secret=" + SECRET)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(ctx.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("livy4j-auth-entra is not on the class path")
                  .hasMessageNotContaining(SECRET);
            });
    runner()
        .withPropertyValues(
            "livy4j.url=" + fake.uri(), "livy4j.auth.tenant-id=t", "livy4j.auth.client-id=c")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("not [livy4j.auth.client-secret]"));
  }

  @Test
  void aMeterRegistry_getsTheClientsMeters_unlessSwitchedOff() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri())
        .withBean(MeterRegistry.class, () -> registry)
        .run(ctx -> run(ctx.getBean(LivyClient.class), SessionSpec.defaults()));
    assertThat(
            registry
                .get("livy4j.client.operations")
                .tag("operation", "statement.run")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("livy4j.client.requests").tag("backend", "apache").timers())
        .isNotEmpty();

    SimpleMeterRegistry off = new SimpleMeterRegistry();
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri(), "livy4j.metrics.enabled=false")
        .withBean(MeterRegistry.class, () -> off)
        .run(ctx -> run(ctx.getBean(LivyClient.class), SessionSpec.defaults()));
    assertThat(off.getMeters()).isEmpty();
  }

  @Test
  void withoutMicrometerOrOpenTelemetry_theClientStillWorks() {
    runner()
        .withClassLoader(
            new FilteredClassLoader(
                MeterRegistry.class, ObservationRegistry.class, OpenTelemetry.class))
        .withPropertyValues("livy4j.url=" + fake.uri())
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBeansOfType(LivyClientCustomizer.class))
                  .containsOnlyKeys("virtualTime");
              assertThat(run(ctx.getBean(LivyClient.class), SessionSpec.defaults()))
                  .contains("res0");
            });
  }

  @Test
  void anOpenTelemetryBean_getsASpanPerOperation_andTraceContextOnTheWire() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(
                io.opentelemetry.context.propagation.ContextPropagators.create(
                    io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()))
            .build();
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri())
        .withBean(OpenTelemetry.class, () -> otel)
        .run(
            ctx -> {
              run(ctx.getBean(LivyClient.class), SessionSpec.defaults());
              // before the context closes the SDK, which empties the exporter
              assertThat(spans.getFinishedSpanItems())
                  .extracting(SpanData::getName)
                  .contains(
                      "livy4j session.create", "livy4j statement.run", "livy4j session.delete");
            });
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.header("traceparent")).isPresent());
  }

  @Test
  void anObservationRegistry_observesTheClient_andItsMetersCountEachRequestOnce() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    List<String> observed = new CopyOnWriteArrayList<>();
    observations
        .observationConfig()
        .observationHandler(
            new ObservationHandler<Observation.Context>() {
              @Override
              public void onStart(Observation.Context context) {
                observed.add(context.getName());
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    runner()
        .withPropertyValues(
            "livy4j.url=" + fake.uri(),
            "livy4j.metrics.client-name=reports",
            "livy4j.polling.statement-timeout=2h")
        .withBean(MeterRegistry.class, () -> meters)
        .withBean(ObservationRegistry.class, () -> observations)
        .run(
            ctx -> {
              run(ctx.getBean(LivyClient.class), SessionSpec.defaults());
              MeterFilter ranges = ctx.getBean("livyExpectedRanges", MeterFilter.class);
              DistributionStatisticConfig statement =
                  ranges.configure(
                      new Meter.Id(
                          "livy4j.client.operations",
                          Tags.of("operation", "statement.run"),
                          null,
                          null,
                          Meter.Type.TIMER),
                      DistributionStatisticConfig.DEFAULT);
              assertThat(statement.getMaximumExpectedValueAsDouble())
                  .as("statements fit the histogram up to their timeout, 2 hours here")
                  .isGreaterThanOrEqualTo(Duration.ofHours(2).toNanos());
              assertThat(ctx.getBeanProvider(MeterFilter.class).orderedStream().findFirst().get())
                  .as("before Spring Boot's own filters, whose settings then win")
                  .isSameAs(ranges);
            });
    assertThat(observed).contains("livy4j.client.operations", "livy4j.client.requests");
    long requests =
        meters.get("livy4j.client.requests").tag("client", "reports").timers().stream()
            .mapToLong(t -> t.count())
            .sum();
    assertThat(requests)
        .as("each request counted once: by the observations, not again by LivyMetrics")
        .isEqualTo(fake.requests().size());
    assertThat(
            meters
                .get("livy4j.client.operations")
                .tag("operation", "statement.run")
                .tag("client", "reports")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(meters.find("livy4j.client.sessions").gauges())
        .as("what observations do not count, LivyMetrics still does")
        .isNotEmpty();

    SimpleMeterRegistry off = new SimpleMeterRegistry();
    ObservationRegistry switchedOff = ObservationRegistry.create();
    switchedOff.observationConfig().observationHandler(new DefaultMeterObservationHandler(off));
    switchedOff.observationConfig().observationPredicate((name, c) -> !name.startsWith("livy4j"));
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri())
        .withBean(MeterRegistry.class, () -> off)
        .withBean(ObservationRegistry.class, () -> switchedOff)
        .run(
            ctx ->
                assertThat(run(ctx.getBean(LivyClient.class), SessionSpec.defaults()))
                    .contains("res0"));
    assertThat(off.find("livy4j.client.requests").timers())
        .as("management.observations.enable.livy4j=false leaves them out")
        .isEmpty();
  }

  @Test
  void micrometerTracing_makesTheSpans_soTheOpenTelemetryBeanGetsNoSecondOnes() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri())
        .withBean(OpenTelemetry.class, () -> exportingTo(spans))
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .withBean(io.micrometer.tracing.Tracer.class, () -> io.micrometer.tracing.Tracer.NOOP)
        .run(
            ctx -> {
              run(ctx.getBean(LivyClient.class), SessionSpec.defaults());
              assertThat(spans.getFinishedSpanItems())
                  .as("the observations' tracing handler makes livy4j's spans")
                  .isEmpty();
            });
    InMemorySpanExporter own = InMemorySpanExporter.create();
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri(), "livy4j.observations.enabled=false")
        .withBean(OpenTelemetry.class, () -> exportingTo(own))
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .withBean(io.micrometer.tracing.Tracer.class, () -> io.micrometer.tracing.Tracer.NOOP)
        .run(
            ctx -> {
              run(ctx.getBean(LivyClient.class), SessionSpec.defaults());
              assertThat(own.getFinishedSpanItems())
                  .extracting(SpanData::getName)
                  .as("without observations, LivyTracing makes them")
                  .contains("livy4j statement.run");
            });
  }

  private static OpenTelemetry exportingTo(InMemorySpanExporter spans) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
  }

  @Test
  void sessionProperties_makeTheSessionSpec_andABadKindIsNamed() {
    runner()
        .withPropertyValues(
            "livy4j.url=" + fake.uri(),
            "livy4j.session.kind=pyspark",
            "livy4j.session.name-prefix=orders-",
            "livy4j.session.ttl=2h",
            "livy4j.session.idle-timeout=15m",
            "livy4j.session.conf.spark.executor.memory=4g")
        .run(
            ctx -> {
              SessionSpec spec = ctx.getBean(SessionSpec.class);
              assertThat(spec.kind()).contains(CodeKind.PYSPARK);
              assertThat(spec.namePrefix()).isEqualTo("orders-");
              assertThat(spec.ttl()).contains(Duration.ofHours(2));
              assertThat(spec.idleTimeout()).contains(Duration.ofMinutes(15));
              assertThat(spec.conf()).containsEntry("spark.executor.memory", "4g");
            });
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri(), "livy4j.session.kind=cobol")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("livy4j.session.kind is none of [spark, pyspark"));
  }

  @Test
  void clientProperties_reachTheClient() {
    fake.inject(Fault.on("GET", ".*/sessions").respond(503, "{\"msg\":\"busy\"}").times(1));
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri(), "livy4j.retry.max-attempts=1")
        .run(
            ctx -> {
              LivyClient client = ctx.getBean(LivyClient.class);
              org.assertj.core.api.Assertions.assertThatThrownBy(client::listSessions)
                  .hasMessageContaining("503");
            });
    runner()
        .withPropertyValues(
            "livy4j.url=http://livy.example.com:8998",
            "livy4j.refuse-credentials-over-plain-http=true")
        .withBean(
            TokenProvider.class,
            () -> () -> Optional.of(AccessToken.of("t", Instant.parse("2100-01-01T00:00:00Z"))))
        .run(
            ctx ->
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        ctx.getBean(LivyClient.class)::listSessions)
                    .hasMessageContaining("Refused to send a credential over plain http"));
  }

  @Test
  void anApplicationsOwnClient_replacesTheAutoConfiguredOne() {
    runner()
        .withPropertyValues("livy4j.url=" + fake.uri())
        .withBean(
            "mine",
            LivyClient.class,
            () ->
                LivyClient.builder()
                    .backend(io.github.livy4j.apache.ApacheLivy.at(fake.uri()))
                    .deleteSessionsOnShutdown(false)
                    .build())
        .run(ctx -> assertThat(ctx).hasSingleBean(LivyClient.class).hasBean("mine"));
  }

  @Test
  void theConfigurationMetadata_describesTheProperties() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated by the configuration processor").isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(json)
          .contains(
              "\"livy4j.url\"",
              "\"livy4j.fabric.workspace-id\"",
              "\"livy4j.auth.client-secret\"",
              "\"livy4j.session.ttl\"",
              "\"livy4j.polling.statement-timeout\"",
              "\"livy4j.retry.capacity-wait\"",
              "\"livy4j.health.timeout\"",
              "The Apache Livy server's URL",
              "\"pyspark\"");
    }
  }
}
