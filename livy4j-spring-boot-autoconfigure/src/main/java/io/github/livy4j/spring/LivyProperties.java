package io.github.livy4j.spring;

import io.github.livy4j.CodeKind;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code livy4j.*} properties the starter builds its {@link io.github.livy4j.LivyClient}
 * from. A property left unset keeps livy4j's own default.
 *
 * <pre>
 * livy4j.url=http://livy.example.com:8998           # Apache Livy
 * # or
 * livy4j.fabric.workspace-id=...                     # Microsoft Fabric
 * livy4j.fabric.lakehouse-id=...
 * livy4j.auth.tenant-id=...
 * livy4j.auth.client-id=...
 * livy4j.auth.client-secret=${LIVY_CLIENT_SECRET}
 * </pre>
 *
 * <p>The properties check themselves when Spring Boot binds them (a {@link Validator} that the
 * bound object is, which Spring Boot calls without a Bean Validation provider): a duration that
 * is not positive, {@code livy4j.retry.max-attempts} below 1, a {@code livy4j.url} that is not an
 * absolute http or https URL, the Fabric backend without its workspace, and so on fail the
 * application's start, each error naming the property and where it was set.
 */
@ConfigurationProperties(prefix = "livy4j")
public class LivyProperties implements Validator {

  /** Which Livy dialect to speak. */
  public enum Backend {
    /** A self-hosted Apache Livy server at {@code livy4j.url}. */
    APACHE,
    /** The Microsoft Fabric Livy API of {@code livy4j.fabric.*}. */
    FABRIC
  }

  /**
   * Which Livy dialect to speak. Unset: Fabric when livy4j.fabric.workspace-id is set, else
   * Apache Livy.
   */
  private Backend backend;

  /**
   * The Apache Livy server's URL, such as http://livy.example.com:8998; with the Fabric
   * backend, a Fabric Livy endpoint URL instead of a workspace and lakehouse.
   */
  private URI url;

  /** A name for this application in the User-Agent header (letters, digits, . _ / -). */
  private String applicationId;

  /**
   * How long to wait for a connection to the server. Unset: 10s (set it only on the client's
   * own engine: a LivyEngine that clients share keeps its own).
   */
  private Duration connectTimeout;

  /** How long to wait for each answer from the server. */
  private Duration requestTimeout = Duration.ofSeconds(60);

  /**
   * How long closing the client (when the application context closes) may spend deleting the
   * sessions it still owns.
   */
  private Duration closeTimeout = Duration.ofSeconds(30);

  /**
   * How many requests may be in flight at once. Unset: 32 (set it only on the client's own
   * engine: a LivyEngine that clients share keeps its own).
   */
  private Integer maxConnections;

  /** Whether to refuse sending a credential over plain http to another host. */
  private boolean refuseCredentialsOverPlainHttp;

  /** Whether metrics and traces may show the code text of statements. */
  private boolean observeCodeText;

  private final Fabric fabric = new Fabric();
  private final Polling polling = new Polling();
  private final Retry retry = new Retry();
  private final Session session = new Session();
  private final Auth auth = new Auth();
  private final Health health = new Health();
  private final Metrics metrics = new Metrics();
  private final Tracing tracing = new Tracing();
  private final Observations observations = new Observations();

  private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._/\\-]{1,64}");

  /**
   * Whether {@link #validate} checks objects of this type: these properties and each group of
   * them, which Spring Boot hands over as it binds them.
   *
   * @param type the type of a bound object
   * @return whether it is one of the property groups
   */
  @Override
  public boolean supports(Class<?> type) {
    return type == LivyProperties.class
        || type == Fabric.class
        || type == Polling.class
        || type == Retry.class
        || type == Session.class
        || type == Health.class;
  }

  /**
   * Checks a bound group of properties, rejecting each wrong value with a message that names
   * its property: Spring Boot adds where the value was set, and fails the start.
   *
   * @param target these properties, or one of their groups
   * @param errors where the errors go
   */
  @Override
  public void validate(Object target, Errors errors) {
    if (target instanceof LivyProperties p) {
      p.check(errors);
    } else if (target instanceof Fabric f) {
      f.check(errors);
    } else if (target instanceof Polling p) {
      positive(
          errors, "sessionStartTimeout", "polling.session-start-timeout", p.sessionStartTimeout);
      positive(errors, "statementTimeout", "polling.statement-timeout", p.statementTimeout);
    } else if (target instanceof Retry r) {
      if (r.maxAttempts != null && r.maxAttempts < 1) {
        reject(
            errors,
            "maxAttempts",
            "retry.max-attempts",
            "must be at least 1 (1 sends each request once)");
      }
      notNegative(errors, "maxRetryAfter", "retry.max-retry-after", r.maxRetryAfter);
      notNegative(errors, "capacityWait", "retry.capacity-wait", r.capacityWait);
    } else if (target instanceof Session s) {
      s.check(errors);
    } else if (target instanceof Health h) {
      positive(errors, "timeout", "health.timeout", h.timeout);
    }
  }

  private void check(Errors errors) {
    if (url != null) {
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
        reject(
            errors,
            "url",
            "url",
            "must be an absolute http or https URL, such as http://localhost:8998");
      } else if (url.getHost() == null) {
        reject(
            errors,
            "url",
            "url",
            "has no host name (or one Java cannot read, such as one with '_')");
      }
    }
    if (applicationId != null && !APPLICATION_ID.matcher(applicationId).matches()) {
      reject(
          errors,
          "applicationId",
          "application-id",
          "must be 1 to 64 letters, digits, '.', '_', '/' or '-'");
    }
    positive(errors, "connectTimeout", "connect-timeout", connectTimeout);
    positive(errors, "requestTimeout", "request-timeout", requestTimeout);
    positive(errors, "closeTimeout", "close-timeout", closeTimeout);
    if (maxConnections != null && maxConnections < 1) {
      reject(errors, "maxConnections", "max-connections", "must be at least 1");
    }
    if (backend == Backend.FABRIC && url == null && fabric.workspaceId == null) {
      reject(
          errors,
          "backend",
          "backend",
          "is fabric, but livy4j.fabric.workspace-id is not set: set it and"
              + " livy4j.fabric.lakehouse-id (or livy4j.url to a Fabric Livy endpoint)");
    }
  }

  private static void positive(Errors errors, String field, String property, Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      reject(errors, field, property, "must be positive");
    }
  }

  private static void notNegative(Errors errors, String field, String property, Duration value) {
    if (value != null && value.isNegative()) {
      reject(errors, field, property, "must not be negative");
    }
  }

  private static void atLeastOneSecond(
      Errors errors, String field, String property, Duration value) {
    if (value != null && value.compareTo(Duration.ofSeconds(1)) < 0) {
      reject(errors, field, property, "must be at least 1s");
    }
  }

  /**
   * Rejects a field, its message naming the property as it is written in configuration: Spring
   * Boot's own report names the field as the Java bean does ({@code livy4j.requestTimeout}), and
   * adds the value and where it was set.
   */
  private static void reject(Errors errors, String field, String property, String problem) {
    errors.rejectValue(field, "livy4j.invalid", "livy4j." + property + " " + problem);
  }

  /** @return the backend, or {@code null} to infer it */
  public Backend getBackend() {
    return backend;
  }

  /** @param backend the backend */
  public void setBackend(Backend backend) {
    this.backend = backend;
  }

  /** @return the server's URL */
  public URI getUrl() {
    return url;
  }

  /** @param url the server's URL */
  public void setUrl(URI url) {
    this.url = url;
  }

  /** @return the application id */
  public String getApplicationId() {
    return applicationId;
  }

  /** @param applicationId the application id */
  public void setApplicationId(String applicationId) {
    this.applicationId = applicationId;
  }

  /** @return the connect timeout */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** @param connectTimeout the connect timeout */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** @return the request timeout */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** @param requestTimeout the request timeout */
  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  /** @return the close timeout */
  public Duration getCloseTimeout() {
    return closeTimeout;
  }

  /** @param closeTimeout the close timeout */
  public void setCloseTimeout(Duration closeTimeout) {
    this.closeTimeout = closeTimeout;
  }

  /** @return the most requests in flight */
  public Integer getMaxConnections() {
    return maxConnections;
  }

  /** @param maxConnections the most requests in flight */
  public void setMaxConnections(Integer maxConnections) {
    this.maxConnections = maxConnections;
  }

  /** @return whether credentials over plain http are refused */
  public boolean isRefuseCredentialsOverPlainHttp() {
    return refuseCredentialsOverPlainHttp;
  }

  /** @param refuse whether credentials over plain http are refused */
  public void setRefuseCredentialsOverPlainHttp(boolean refuse) {
    this.refuseCredentialsOverPlainHttp = refuse;
  }

  /** @return whether observers see code text */
  public boolean isObserveCodeText() {
    return observeCodeText;
  }

  /** @param observeCodeText whether observers see code text */
  public void setObserveCodeText(boolean observeCodeText) {
    this.observeCodeText = observeCodeText;
  }

  /** @return the Fabric settings */
  public Fabric getFabric() {
    return fabric;
  }

  /** @return the polling settings */
  public Polling getPolling() {
    return polling;
  }

  /** @return the retry settings */
  public Retry getRetry() {
    return retry;
  }

  /** @return the defaults of the {@link io.github.livy4j.SessionSpec} bean */
  public Session getSession() {
    return session;
  }

  /** @return the Entra ID settings */
  public Auth getAuth() {
    return auth;
  }

  /** @return the health indicator's settings */
  public Health getHealth() {
    return health;
  }

  /** @return the metrics switch */
  public Metrics getMetrics() {
    return metrics;
  }

  /** @return the tracing switch */
  public Tracing getTracing() {
    return tracing;
  }

  /** @return the Micrometer Observation switch */
  public Observations getObservations() {
    return observations;
  }

  /** The Microsoft Fabric lakehouse to run Spark in. */
  public static class Fabric {
    /** The Fabric workspace id (a GUID). */
    private String workspaceId;

    /** The lakehouse id (a GUID). */
    private String lakehouseId;

    /** The Fabric API root, for other clouds. */
    private URI baseUri;

    /** The version of Fabric's Livy API to call. */
    private String apiVersion;

    /** @return the workspace id */
    public String getWorkspaceId() {
      return workspaceId;
    }

    /** @param workspaceId the workspace id */
    public void setWorkspaceId(String workspaceId) {
      this.workspaceId = workspaceId;
    }

    /** @return the lakehouse id */
    public String getLakehouseId() {
      return lakehouseId;
    }

    /** @param lakehouseId the lakehouse id */
    public void setLakehouseId(String lakehouseId) {
      this.lakehouseId = lakehouseId;
    }

    /** @return the API root */
    public URI getBaseUri() {
      return baseUri;
    }

    /** @param baseUri the API root */
    public void setBaseUri(URI baseUri) {
      this.baseUri = baseUri;
    }

    /** @return the API version */
    public String getApiVersion() {
      return apiVersion;
    }

    /** @param apiVersion the API version */
    public void setApiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
    }

    private void check(Errors errors) {
      if (workspaceId != null && lakehouseId == null) {
        reject(
            errors,
            "workspaceId",
            "fabric.workspace-id",
            "is set, but livy4j.fabric.lakehouse-id is not: the Fabric backend needs both");
      } else if (lakehouseId != null && workspaceId == null) {
        reject(
            errors,
            "lakehouseId",
            "fabric.lakehouse-id",
            "is set, but livy4j.fabric.workspace-id is not: the Fabric backend needs both");
      }
      if (baseUri != null && (!baseUri.isAbsolute() || baseUri.getHost() == null)) {
        reject(errors, "baseUri", "fabric.base-uri", "must be an absolute URL with a host");
      }
    }
  }

  /** How long to wait, and how to poll. */
  public static class Polling {
    /** How long a session may take to start before the wait for it fails. */
    private Duration sessionStartTimeout = Duration.ofMinutes(10);

    /** How long a statement may run before the wait for it fails. */
    private Duration statementTimeout = Duration.ofMinutes(30);

    /** Whether to poll a running statement sooner or later by the progress it reports. */
    private Boolean followProgress = true;

    /** @return the session start timeout */
    public Duration getSessionStartTimeout() {
      return sessionStartTimeout;
    }

    /** @param timeout the session start timeout */
    public void setSessionStartTimeout(Duration timeout) {
      this.sessionStartTimeout = timeout;
    }

    /** @return the statement timeout */
    public Duration getStatementTimeout() {
      return statementTimeout;
    }

    /** @param timeout the statement timeout */
    public void setStatementTimeout(Duration timeout) {
      this.statementTimeout = timeout;
    }

    /** @return whether to follow progress */
    public Boolean getFollowProgress() {
      return followProgress;
    }

    /** @param follow whether to follow progress */
    public void setFollowProgress(Boolean follow) {
      this.followProgress = follow;
    }
  }

  /** Retries of failed requests. */
  public static class Retry {
    /** How many times, at most, to send a request that can safely be sent again. */
    private Integer maxAttempts = 4;

    /** The longest Retry-After the client waits out; a longer one fails the request. */
    private Duration maxRetryAfter = Duration.ofSeconds(60);

    /**
     * How long to keep trying a request rejected for capacity (Fabric's 430); 0 fails it at
     * once.
     */
    private Duration capacityWait = Duration.ZERO;

    /** @return the most attempts */
    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    /** @param maxAttempts the most attempts */
    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** @return the longest Retry-After */
    public Duration getMaxRetryAfter() {
      return maxRetryAfter;
    }

    /** @param maxRetryAfter the longest Retry-After */
    public void setMaxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
    }

    /** @return the wait for capacity */
    public Duration getCapacityWait() {
      return capacityWait;
    }

    /** @param capacityWait the wait for capacity */
    public void setCapacityWait(Duration capacityWait) {
      this.capacityWait = capacityWait;
    }
  }

  /** The defaults of the {@link io.github.livy4j.SessionSpec} bean. */
  public static class Session {
    /** The prefix of session names, which tells this application's sessions apart. */
    private String namePrefix;

    /** The session kind (spark, pyspark, sparkr, sql), where the server takes one. */
    private String kind;

    /** How long a session may live before the client deletes it. Unset: no limit. */
    private Duration ttl;

    /** How long a session may stay unused before the client deletes it. Unset: no limit. */
    private Duration idleTimeout;

    /**
     * How often to tell the server a session in use is still wanted; below the server's own
     * idle timeout (1h on Apache Livy, 20m on Fabric).
     */
    private Duration keepAliveInterval = Duration.ofMinutes(5);

    /** Whether to replace a session the server lost, and run its statement again. */
    private boolean recoverLostSessions;

    /** Spark configuration, such as spark.executor.memory. */
    private final Map<String, String> conf = new LinkedHashMap<>();

    /** @return the name prefix */
    public String getNamePrefix() {
      return namePrefix;
    }

    /** @param namePrefix the name prefix */
    public void setNamePrefix(String namePrefix) {
      this.namePrefix = namePrefix;
    }

    /** @return the kind */
    public String getKind() {
      return kind;
    }

    /** @param kind the kind */
    public void setKind(String kind) {
      this.kind = kind;
    }

    /** @return the time to live */
    public Duration getTtl() {
      return ttl;
    }

    /** @param ttl the time to live */
    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    /** @return the idle timeout */
    public Duration getIdleTimeout() {
      return idleTimeout;
    }

    /** @param idleTimeout the idle timeout */
    public void setIdleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    /** @return the keep-alive interval */
    public Duration getKeepAliveInterval() {
      return keepAliveInterval;
    }

    /** @param keepAliveInterval the keep-alive interval */
    public void setKeepAliveInterval(Duration keepAliveInterval) {
      this.keepAliveInterval = keepAliveInterval;
    }

    /** @return whether lost sessions are replaced */
    public boolean isRecoverLostSessions() {
      return recoverLostSessions;
    }

    /** @param recover whether lost sessions are replaced */
    public void setRecoverLostSessions(boolean recover) {
      this.recoverLostSessions = recover;
    }

    /** @return the Spark configuration */
    public Map<String, String> getConf() {
      return conf;
    }

    private void check(Errors errors) {
      if (kind != null && codeKind(kind) == null) {
        reject(
            errors,
            "kind",
            "session.kind",
            "is none of "
                + Arrays.stream(CodeKind.values())
                    .map(k -> k.name().toLowerCase(Locale.ROOT))
                    .toList());
      }
      atLeastOneSecond(errors, "ttl", "session.ttl", ttl);
      atLeastOneSecond(errors, "idleTimeout", "session.idle-timeout", idleTimeout);
      atLeastOneSecond(
          errors, "keepAliveInterval", "session.keep-alive-interval", keepAliveInterval);
    }
  }

  /**
   * The code kind a {@code livy4j.session.kind} value names.
   *
   * @param name such as {@code pyspark}, in any case
   * @return the kind, or {@code null} if it names none
   */
  static CodeKind codeKind(String name) {
    for (CodeKind k : CodeKind.values()) {
      if (k.name().equalsIgnoreCase(name.strip())) {
        return k;
      }
    }
    return null;
  }

  /**
   * Microsoft Entra ID. With livy4j-auth-entra on the class path, the token provider is a
   * TokenCredential bean of the application's if there is one, else a service principal of
   * these settings; without either, requests carry no token.
   */
  public static class Auth {
    /** The Entra tenant (directory) id. */
    private String tenantId;

    /** The application (client) id of the service principal. */
    private String clientId;

    /** The service principal's client secret. */
    private String clientSecret;

    /** The scope to ask Entra ID tokens for. */
    private String scope;

    /** @return the tenant id */
    public String getTenantId() {
      return tenantId;
    }

    /** @param tenantId the tenant id */
    public void setTenantId(String tenantId) {
      this.tenantId = tenantId;
    }

    /** @return the client id */
    public String getClientId() {
      return clientId;
    }

    /** @param clientId the client id */
    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    /** @return the client secret */
    public String getClientSecret() {
      return clientSecret;
    }

    /** @param clientSecret the client secret */
    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    /** @return the scope */
    public String getScope() {
      return scope;
    }

    /** @param scope the scope */
    public void setScope(String scope) {
      this.scope = scope;
    }

    @Override
    public String toString() {
      return "Auth[tenantId="
          + tenantId
          + ", clientId="
          + clientId
          + ", clientSecret="
          + (clientSecret == null ? "unset" : "<redacted>")
          + ", scope="
          + scope
          + "]";
    }
  }

  /** The health indicator that checks the Livy endpoint with one cheap request. */
  public static class Health {
    /**
     * Whether to add the health indicator (needs spring-boot-health on Spring Boot 4,
     * spring-boot-actuator on Spring Boot 3). management.health.livy.enabled switches it off
     * too.
     */
    private boolean enabled = true;

    /** How long the health check may take before the Livy endpoint counts as down. */
    private Duration timeout = Duration.ofSeconds(5);

    /** @return whether it is on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether it is on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the check's timeout */
    public Duration getTimeout() {
      return timeout;
    }

    /** @param timeout the check's timeout */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Meters on the application's MeterRegistry (with livy4j-micrometer). */
  public static class Metrics {
    /**
     * Whether to register LivyMetrics on the application's MeterRegistry when livy4j-micrometer
     * and a MeterRegistry bean are present. With observations on, the request and operation
     * timers come from the observations' meter handler instead, and
     * management.observations.enable.livy4j=false is what leaves those out.
     */
    private boolean enabled = true;

    /**
     * The value of the client tag on livy4j's meters and observations, telling this client's
     * series from those of other livy4j clients on the same registry. None by default: then no
     * client tag.
     */
    private String clientName;

    /** @return whether it is on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether it is on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the client's name in metrics, or {@code null} */
    public String getClientName() {
      return clientName;
    }

    /** @param clientName the client's name in metrics */
    public void setClientName(String clientName) {
      this.clientName = clientName == null || clientName.isBlank() ? null : clientName;
    }
  }

  /** Spans on the application's OpenTelemetry (with livy4j-opentelemetry). */
  public static class Tracing {
    /**
     * Whether to make spans for livy4j's operations and requests on the application's
     * OpenTelemetry when livy4j-opentelemetry and an OpenTelemetry bean are present.
     */
    private boolean enabled = true;

    /** @return whether it is on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether it is on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Micrometer Observations of the client's operations. */
  public static class Observations {
    /**
     * Whether to observe the client's operations and requests on the application's Micrometer
     * ObservationRegistry when livy4j-micrometer and one are present: their timers and spans then
     * come from its handlers.
     */
    private boolean enabled = true;

    /** @return whether it is on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether it is on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
