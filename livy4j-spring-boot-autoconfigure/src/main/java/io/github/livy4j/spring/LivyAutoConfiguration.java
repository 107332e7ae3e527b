package io.github.livy4j.spring;

import io.github.livy4j.LivyClient;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.fabric.FabricLivy;
import io.github.livy4j.micrometer.LivyMetrics;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.opentelemetry.LivyTracing;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.spring.internal.Boot3HealthIndicator;
import io.github.livy4j.spring.internal.Boot4HealthIndicator;
import io.github.livy4j.spring.internal.LivyHealthProbe;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures a {@link LivyClient} from the {@code livy4j.*} properties
 * ({@link LivyProperties}), with:
 * <ul>
 * <li>a {@link TokenProvider}: the application's own bean if it has one; else, with
 *   {@code livy4j-auth-entra} on the class path, the service principal {@code livy4j.auth.*}
 *   names, or one from an azure-identity {@code TokenCredential} bean; else none;</li>
 * <li>every {@link LivyObserver} bean; with livy4j-micrometer and an {@code ObservationRegistry}
 *   bean, {@code LivyObservations} on it (metrics through its meter handler, spans through
 *   Micrometer Tracing, as {@code management.observations.*} says) and {@link LivyMetrics}
 *   {@code alongsideObservations()} for what observations do not count; with a
 *   {@code MeterRegistry} and no observations, {@link LivyMetrics} alone; {@link LivyTracing} on
 *   the application's {@code OpenTelemetry} unless Micrometer Tracing makes the spans already
 *   ({@code livy4j.observations.enabled}, {@code livy4j.metrics.enabled} and
 *   {@code livy4j.tracing.enabled} switch each off); and a {@code MeterFilter} giving livy4j's
 *   timers their expected ranges;</li>
 * <li>every {@link LivyClientCustomizer} bean;</li>
 * <li>a {@link SessionSpec} bean of the {@code livy4j.session.*} defaults;</li>
 * <li>a health indicator, {@value #HEALTH_INDICATOR} ({@code livy} on the actuator's health
 *   endpoint), on Spring Boot 4 with {@code spring-boot-health} and on Spring Boot 3 with
 *   {@code spring-boot-actuator}: up when the server answers one cheap request
 *   ({@link LivyClient#ping()}, one item of its session list) within
 *   {@code livy4j.health.timeout}, else down with the failure. {@code
 *   management.health.livy.enabled=false} (or {@code management.health.defaults.enabled=false})
 *   leaves it out, as does {@code livy4j.health.enabled=false}.</li>
 * </ul>
 * When the application context closes, the client is closed, which deletes every session it
 * created and still owns (within {@code livy4j.close-timeout}).
 *
 * <p>It runs after Spring Cloud Azure's token credential auto-configuration, whose {@code
 * TokenCredential} bean it then signs requests with.
 */
@AutoConfiguration(
    afterName = {
      LivyAutoConfiguration.AZURE_TOKEN_CREDENTIAL,
      LivyAutoConfiguration.AZURE_TOKEN_CREDENTIAL_4
    })
@EnableConfigurationProperties(LivyProperties.class)
@org.springframework.context.annotation.Import(LivyObservability.class)
public class LivyAutoConfiguration {

  /**
   * Spring Cloud Azure's auto-configuration of its {@code TokenCredential} bean (from 5.0).
   */
  static final String AZURE_TOKEN_CREDENTIAL =
      "com.azure.spring.cloud.autoconfigure.implementation.context"
          + ".AzureTokenCredentialAutoConfiguration";

  /** The same, in Spring Cloud Azure 4. */
  static final String AZURE_TOKEN_CREDENTIAL_4 =
      "com.azure.spring.cloud.autoconfigure.context.AzureTokenCredentialAutoConfiguration";

  /**
   * The health indicator's bean name: the actuator shows it as {@code livy}. An application's
   * own bean of this name replaces it.
   */
  public static final String HEALTH_INDICATOR = "livyHealthIndicator";

  /**
   * The backend the properties name.
   *
   * @param properties the properties
   * @param loader the application's class loader, to look for the backend's module in
   * @return the backend
   * @throws MissingEndpointException if the properties name no endpoint
   * @throws IllegalStateException if the backend's module is not on the class path
   */
  static LivyBackend backend(LivyProperties properties, ClassLoader loader) {
    LivyProperties.Fabric f = properties.getFabric();
    LivyProperties.Backend kind = properties.getBackend();
    if (kind == null) {
      kind =
          f.getWorkspaceId() != null
              ? LivyProperties.Backend.FABRIC
              : LivyProperties.Backend.APACHE;
    }
    if (kind == LivyProperties.Backend.APACHE) {
      if (properties.getUrl() == null) {
        throw new MissingEndpointException(
            "livy4j.url is not set: set it to the Apache Livy"
                + " server's URL (such as http://localhost:8998), or set livy4j.fabric.workspace-id"
                + " and livy4j.fabric.lakehouse-id for Microsoft Fabric");
      }
      requireBackend(loader, "io.github.livy4j.apache.ApacheLivy", "livy4j-apache", "Apache Livy");
      return ApacheBackend.at(properties.getUrl());
    }
    if (properties.getUrl() == null && (f.getWorkspaceId() == null || f.getLakehouseId() == null)) {
      throw new MissingEndpointException(
          "livy4j.fabric.workspace-id and"
              + " livy4j.fabric.lakehouse-id must both be set for the Fabric backend (or livy4j.url"
              + " to a Fabric Livy endpoint)");
    }
    requireBackend(
        loader, "io.github.livy4j.fabric.FabricLivy", "livy4j-fabric", "Microsoft Fabric");
    return FabricBackend.of(properties);
  }

  private static void requireBackend(
      ClassLoader loader, String type, String artifact, String what) {
    if (!ClassUtils.isPresent(type, loader)) {
      throw new IllegalStateException(
          "The livy4j.* properties name the "
              + what
              + " backend, but io.github.livy4j:"
              + artifact
              + " is not on the class path: add it (livy4j-spring-boot-starter brings it)");
    }
  }

  /** The Apache Livy backend, in a class of its own: livy4j-apache is optional. */
  private static final class ApacheBackend {
    static LivyBackend at(java.net.URI url) {
      return ApacheLivy.at(url);
    }
  }

  /** The Fabric backend, in a class of its own: livy4j-fabric is optional. */
  private static final class FabricBackend {
    static LivyBackend of(LivyProperties properties) {
      LivyProperties.Fabric f = properties.getFabric();
      if (properties.getUrl() != null && f.getWorkspaceId() == null) {
        return FabricLivy.endpoint(properties.getUrl());
      }
      FabricLivy.Builder b = FabricLivy.builder(f.getWorkspaceId(), f.getLakehouseId());
      if (f.getBaseUri() != null) {
        b.baseUri(f.getBaseUri());
      }
      if (f.getApiVersion() != null) {
        b.apiVersion(f.getApiVersion());
      }
      return b.build();
    }
  }

  /**
   * The client.
   *
   * @param properties the properties
   * @param tokens the token provider, if any
   * @param observers the observers
   * @param customizers the customizers
   * @param context the context, for its class loader
   * @return the client, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public LivyClient livyClient(
      LivyProperties properties,
      ObjectProvider<TokenProvider> tokens,
      ObjectProvider<LivyObserver> observers,
      ObjectProvider<LivyClientCustomizer> customizers,
      org.springframework.context.ApplicationContext context) {
    TokenProvider provider = tokens.getIfAvailable();
    if (provider == null) {
      checkNoAuthSettings(properties.getAuth(), context.getClassLoader());
      provider = TokenProviders.none();
    }
    LivyClient.Builder b =
        LivyClient.builder()
            .backend(backend(properties, context.getClassLoader()))
            .credential(provider)
            // the context's close deletes the sessions: Spring runs it at JVM shutdown
            .deleteSessionsOnShutdown(false)
            .refuseCredentialsOverPlainHttp(properties.isRefuseCredentialsOverPlainHttp())
            .observeCodeText(properties.isObserveCodeText());
    if (properties.getApplicationId() != null) {
      b.applicationId(properties.getApplicationId());
    }
    if (properties.getConnectTimeout() != null) {
      b.connectTimeout(properties.getConnectTimeout());
    }
    if (properties.getRequestTimeout() != null) {
      b.requestTimeout(properties.getRequestTimeout());
    }
    if (properties.getCloseTimeout() != null) {
      b.closeTimeout(properties.getCloseTimeout());
    }
    if (properties.getMaxConnections() != null) {
      b.maxConnections(properties.getMaxConnections());
    }
    b.polling(polling(properties.getPolling()));
    b.retry(retry(properties.getRetry()));
    observers.orderedStream().forEach(b::observer);
    customizers.orderedStream().forEach(c -> c.customize(b));
    return b.build();
  }

  /**
   * Refuses {@code livy4j.auth.*} settings that made no token provider, rather than sending
   * requests without a token that the server then refuses.
   */
  private static void checkNoAuthSettings(LivyProperties.Auth a, ClassLoader loader) {
    java.util.List<String> set = new java.util.ArrayList<>();
    java.util.List<String> unset = new java.util.ArrayList<>();
    (a.getTenantId() != null ? set : unset).add("livy4j.auth.tenant-id");
    (a.getClientId() != null ? set : unset).add("livy4j.auth.client-id");
    (a.getClientSecret() != null ? set : unset).add("livy4j.auth.client-secret");
    if (set.isEmpty()) {
      return;
    }
    if (!org.springframework.util.ClassUtils.isPresent(
        "io.github.livy4j.auth.entra.EntraTokenProviders", loader)) {
      throw new IllegalStateException(
          set
              + " set, but io.github.livy4j:livy4j-auth-entra is not on"
              + " the class path: add it to make tokens");
    }
    throw new IllegalStateException(
        set
            + " set, but not "
            + unset
            + ": a service principal"
            + " needs all three (or define a TokenCredential or TokenProvider bean)");
  }

  static PollingOptions polling(LivyProperties.Polling p) {
    PollingOptions.Builder b = PollingOptions.defaults().toBuilder();
    if (p.getSessionStartTimeout() != null) {
      b.sessionStartTimeout(p.getSessionStartTimeout());
    }
    if (p.getStatementTimeout() != null) {
      b.statementTimeout(p.getStatementTimeout());
    }
    if (p.getFollowProgress() != null) {
      b.followProgress(p.getFollowProgress());
    }
    return b.build();
  }

  private static RetryOptions retry(LivyProperties.Retry r) {
    RetryOptions d = RetryOptions.defaults();
    return new RetryOptions(
        r.getMaxAttempts() == null ? d.maxAttempts() : r.getMaxAttempts(),
        d.backoff(),
        r.getMaxRetryAfter() == null ? d.maxRetryAfter() : r.getMaxRetryAfter(),
        r.getCapacityWait() == null ? d.capacityWait() : r.getCapacityWait());
  }

  /**
   * The session spec of the {@code livy4j.session.*} defaults, for the application to create
   * sessions with.
   *
   * @param properties the properties
   * @return the spec
   */
  @Bean
  @ConditionalOnMissingBean
  public SessionSpec livySessionSpec(LivyProperties properties) {
    LivyProperties.Session s = properties.getSession();
    SessionSpec.Builder b = SessionSpec.builder();
    if (s.getNamePrefix() != null) {
      b.namePrefix(s.getNamePrefix());
    }
    if (s.getKind() != null) {
      // checked when the properties were bound
      b.kind(LivyProperties.codeKind(s.getKind()));
    }
    if (s.getTtl() != null) {
      b.ttl(s.getTtl());
    }
    if (s.getIdleTimeout() != null) {
      b.idleTimeout(s.getIdleTimeout());
    }
    if (s.getKeepAliveInterval() != null) {
      b.keepAliveInterval(s.getKeepAliveInterval());
    }
    if (s.isRecoverLostSessions()) {
      b.recoverLostSessions();
    }
    if (!s.getConf().isEmpty()) {
      b.conf(s.getConf());
    }
    return b.build();
  }

  /** The token provider from livy4j-auth-entra, when it is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "io.github.livy4j.auth.entra.EntraTokenProviders",
        "com.azure.core.credential.TokenCredential"
      })
  static class EntraConfiguration {

    // the service principal livy4j.auth.* names comes first: settings made for livy4j win over
    // a TokenCredential bean, which Spring Cloud Azure makes in every application it is in
    @Bean
    @ConditionalOnMissingBean(TokenProvider.class)
    @ConditionalOnProperty(
        prefix = "livy4j.auth",
        name = {"tenant-id", "client-id", "client-secret"})
    TokenProvider livyServicePrincipalTokenProvider(LivyProperties properties) {
      LivyProperties.Auth a = properties.getAuth();
      return io.github.livy4j.auth.entra.EntraTokenProviders.clientSecret(
          a.getTenantId(), a.getClientId(), a.getClientSecret(), scope(properties));
    }

    @Bean
    @ConditionalOnMissingBean(TokenProvider.class)
    @ConditionalOnBean(type = "com.azure.core.credential.TokenCredential")
    TokenProvider livyCredentialTokenProvider(
        LivyProperties properties,
        ObjectProvider<com.azure.core.credential.TokenCredential> credential) {
      return io.github.livy4j.auth.entra.EntraTokenProviders.credential(
          credential.getObject(), scope(properties));
    }

    private static String scope(LivyProperties properties) {
      String scope = properties.getAuth().getScope();
      return scope == null ? io.github.livy4j.auth.entra.EntraTokenProviders.FABRIC_SCOPE : scope;
    }
  }

  /**
   * The health indicator's check: one cheap request, whatever the Spring Boot line.
   *
   * @param client the client
   * @param properties the properties
   * @return the check
   */
  static LivyHealthProbe healthProbe(LivyClient client, LivyProperties properties) {
    String backend;
    try {
      backend = backend(properties, LivyAutoConfiguration.class.getClassLoader()).kind();
    } catch (RuntimeException e) {
      // the application's own client, on a backend the properties do not name
      backend = "custom";
    }
    return new LivyHealthProbe(client, backend, properties.getHealth().getTimeout());
  }

  /**
   * The health indicator on Spring Boot 4, whose health types are in spring-boot-health. Only
   * its class name is written in the condition, so that the class is never loaded on Spring Boot
   * 3 (Spring reads the conditions, {@code management.health.livy.enabled} among them, without
   * loading the class).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnProperty(prefix = "livy4j.health", name = "enabled", matchIfMissing = true)
  @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator(
      "livy")
  static class Boot4HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = HEALTH_INDICATOR)
    Boot4HealthIndicator livyHealthIndicator(LivyClient client, LivyProperties properties) {
      return new Boot4HealthIndicator(healthProbe(client, properties));
    }
  }

  /**
   * The health indicator on Spring Boot 3, whose health types are in spring-boot-actuator.
   * Only its class name is written in the condition, so that the class is never loaded on Spring
   * Boot 4 (which has no such package; Spring reads the conditions, {@code
   * management.health.livy.enabled} among them, without loading the class).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  @ConditionalOnProperty(prefix = "livy4j.health", name = "enabled", matchIfMissing = true)
  @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("livy")
  static class Boot3HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = HEALTH_INDICATOR)
    Boot3HealthIndicator livyHealthIndicator(LivyClient client, LivyProperties properties) {
      return new Boot3HealthIndicator(healthProbe(client, properties));
    }
  }
}
