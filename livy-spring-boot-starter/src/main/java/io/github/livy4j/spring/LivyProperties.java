package io.github.livy4j.spring;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
 */
@ConfigurationProperties(prefix = "livy4j")
public class LivyProperties {

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

  /** How long to wait for a connection. Default 10s. */
  private Duration connectTimeout;

  /** How long to wait for each answer. Default 60s. */
  private Duration requestTimeout;

  /** How long closing the client may spend deleting its sessions. Default 30s. */
  private Duration closeTimeout;

  /** How many requests may be in flight at once. Default 32. */
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
  private final Observation metrics = new Observation();
  private final Observation tracing = new Observation();

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
  public Observation getMetrics() {
    return metrics;
  }

  /** @return the tracing switch */
  public Observation getTracing() {
    return tracing;
  }

  /** The Microsoft Fabric lakehouse to run Spark in. */
  public static class Fabric {
    /** The Fabric workspace id (a GUID). */
    private String workspaceId;

    /** The lakehouse id (a GUID). */
    private String lakehouseId;

    /** The Fabric API root, for other clouds. Default https://api.fabric.microsoft.com/v1. */
    private URI baseUri;

    /** The Livy API version. Default 2023-12-01. */
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
  }

  /** How long to wait, and how to poll. */
  public static class Polling {
    /** How long a session may take to start. Default 10m. */
    private Duration sessionStartTimeout;

    /** How long a statement may run. Default 30m. */
    private Duration statementTimeout;

    /** Whether to poll by the progress statements report. */
    private Boolean followProgress;

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
    /** How many times to send a request that can safely be sent again. Default 4. */
    private Integer maxAttempts;

    /** The longest Retry-After the client waits out. Default 60s. */
    private Duration maxRetryAfter;

    /** How long to keep trying a request rejected for capacity (Fabric's 430). Default 0. */
    private Duration capacityWait;

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

    /** How long a session may live before the client deletes it. */
    private Duration ttl;

    /** How long a session may stay unused before the client deletes it. */
    private Duration idleTimeout;

    /** How often to tell the server a session in use is still wanted. */
    private Duration keepAliveInterval;

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
  }

  /**
   * Microsoft Entra ID. With auth-entra on the class path, the token provider is a
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

    /** The scope to ask tokens for. Default https://api.fabric.microsoft.com/.default. */
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
     * spring-boot-actuator on Spring Boot 3).
     */
    private boolean enabled = true;

    /** How long the check may take before the endpoint counts as down. */
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

  /** Switches an integration off, though its library is present. */
  public static class Observation {
    /** Whether to use it when its library and bean are present. */
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
