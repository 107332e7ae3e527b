package io.github.livy4j.fabric;

import io.github.livy4j.fabric.internal.FabricLivyBackend;
import io.github.livy4j.spi.BaseUrls;
import io.github.livy4j.spi.LivyBackend;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backend for the Microsoft Fabric Livy API of a lakehouse.
 *
 * <pre>{@code
 * try (LivyClient client = LivyClient.builder()
 *         .backend(FabricLivy.lakehouse(workspaceId, lakehouseId))
 *         .credential(tokens)                       // a TokenProvider for FabricLivy.SCOPE
 *         .build();
 *      LivySession session = client.createSession(SessionSpec.builder()
 *         .conf(FabricLivy.environment(environmentId))
 *         .build())) {
 *   session.execute(Code.pyspark("spark.range(10).count()"));
 * }
 * }</pre>
 *
 * <p>Fabric needs a bearer token for {@link #SCOPE} (or {@link #POWER_BI_SCOPE}) from a user or
 * service principal with Contributor rights on the workspace. Sessions accept a name, tags, Spark
 * configuration, archives, Python files and driver/executor sizing; a session kind is accepted for portable
 * specs but not sent, since Fabric statements always carry their own kind. Other session fields
 * are rejected when the session is created. Fabric has no session logs, state call, completion
 * or version call; it offers {@code reset-timeout} to keep an idle session alive.
 *
 * <p>Large statement outputs are read page by page ({@link Builder#outputPageSize(int)}) until
 * the server hands out an empty page, so a server that caps the page size cannot cut an output
 * short unnoticed; a page size the server refuses is replaced by a smaller one. Lists follow the
 * server's {@code totalCountOfMatchedItems} across pages, and read list items in either shape
 * Fabric answers with. A spec with {@code SessionSpec.Builder.sharedSession(tag)} acquires a
 * high-concurrency session: a REPL in a shared Spark session packed by tag (the request takes
 * the same fields as a session's, Python files excepted), whose id reads {@code hc:<id>};
 * closing it releases the REPL. Its {@code keepAlive()} resets the shared session's idle timer
 * through the underlying session's {@code reset-timeout}, which the published API does not
 * document for shared sessions: where the service refuses it (404 or 405), that is logged once
 * and not thrown. A 404 to a session create or acquire right after a lakehouse is provisioned
 * created nothing and is tried again for up to 60 seconds.
 */
public final class FabricLivy {
  /** The OAuth scope of the Fabric API. */
  public static final String SCOPE = "https://api.fabric.microsoft.com/.default";

  /** The Power BI resource scope, which Fabric accepts too. */
  public static final String POWER_BI_SCOPE = "https://analysis.windows.net/powerbi/api/.default";

  /** The Livy API version used unless another is set. */
  public static final String DEFAULT_API_VERSION = "2023-12-01";

  /** The public cloud's Fabric API root. */
  public static final URI DEFAULT_BASE_URI = URI.create("https://api.fabric.microsoft.com/v1");

  /** The bytes of statement output read per request unless set otherwise: 1 MiB. */
  public static final int DEFAULT_OUTPUT_PAGE_SIZE = 1 << 20;

  /** The most bytes of one statement's output read unless set otherwise: 256 MiB. */
  public static final long DEFAULT_MAX_OUTPUT_SIZE = 256L << 20;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern ENDPOINT =
      Pattern.compile(
          "(.*)/workspaces/([^/]+)/lakehouses/([^/]+)/livy[aA]pi/versions/([^/]+)"
              + "(?:/(?:sessions|batches))?");

  /** The URL of one session or batch under an endpoint. */
  private static final Pattern ONE_RESOURCE =
      Pattern.compile(
          "(.*/workspaces/[^/]+/lakehouses/[^/]+/livy[aA]pi/versions/[^/]+)"
              + "/(sessions|batches)/[^/]+(?:/.*)?");

  private static final String ENDPOINT_FORM =
      "https://api.fabric.microsoft.com/v1/workspaces/<workspaceId>/lakehouses/<lakehouseId>"
          + "/livyapi/versions/"
          + DEFAULT_API_VERSION;

  private static final String CREDENTIALS =
      "and give the client a TokenProvider for FabricLivy.SCOPE through"
          + " LivyClient.builder().credential(...)";
  private static final Pattern VERSION = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}(-[a-z]+)?");

  /** Fabric's own hosts, or a path under a lakehouse (a gateway or proxy in front of Fabric). */
  private static final Pattern FABRIC_URL =
      Pattern.compile(
          "(^|[/.@])fabric\\.microsoft\\.com([:/?#]|$)"
              + "|/workspaces/[^/?#]+/lakehouses/[^/?#]+(?:[/?#]|$)");

  private FabricLivy() {}

  /**
   * @param url a URL as given
   * @return whether it is Fabric's: on its hosts, or the path of a lakehouse
   */
  static boolean isFabric(URI url) {
    return FABRIC_URL.matcher(url.toString().toLowerCase(Locale.ROOT)).find();
  }

  /**
   * The backend for a lakehouse in the public cloud.
   *
   * @param workspaceId the workspace id (a GUID)
   * @param lakehouseId the lakehouse id (a GUID)
   * @return the backend
   * @throws IllegalArgumentException if an id is not a plain id
   */
  public static LivyBackend lakehouse(String workspaceId, String lakehouseId) {
    return builder(workspaceId, lakehouseId).build();
  }

  /**
   * The backend for a lakehouse's Livy endpoint URL, as Fabric shows it in the lakehouse's
   * settings: {@code https://api.fabric.microsoft.com/v1/workspaces/<w>/lakehouses/<l>/livyapi/versions/2023-12-01},
   * or with {@code /sessions} or {@code /batches} appended as the "session job connection
   * string" and "batch job connection string" show it (the suffix and trailing slashes are
   * dropped).
   *
   * <p>Refused at once, with a message that quotes the URL and says what to use instead: a URL
   * that is no Fabric URL at all (such as an Apache Livy server's, which is {@code
   * ApacheLivy.at(URI)}'s, in the livy4j-apache module); a URL without {@code https://}; user info
   * (Fabric takes a bearer token from the client's credential); a query or a fragment; the URL
   * of one session or batch; and a Fabric URL that does not end in a Livy endpoint.
   *
   * @param livyEndpoint the URL
   * @return the backend
   * @throws IllegalArgumentException if the URL is not such an endpoint
   */
  public static LivyBackend endpoint(URI livyEndpoint) {
    Objects.requireNonNull(livyEndpoint, "livyEndpoint");
    String quoted = BaseUrls.quote(livyEndpoint);
    if (!isFabric(livyEndpoint)) {
      throw new IllegalArgumentException(
          "'"
              + quoted
              + "' is not a Fabric Livy endpoint: for an Apache Livy server use"
              + " ApacheLivy.at(URI), from the livy4j-apache module; a lakehouse's Livy endpoint"
              + " reads "
              + ENDPOINT_FORM
              + ", as the lakehouse's settings show it");
    }
    URI url = BaseUrls.check(livyEndpoint, "Fabric Livy endpoint", ENDPOINT_FORM, CREDENTIALS);
    String path = url.getRawPath();
    Matcher one = ONE_RESOURCE.matcher(path);
    if (one.matches()) {
      throw new IllegalArgumentException(
          "Fabric Livy endpoint '"
              + quoted
              + "' is the URL of one "
              + (one.group(2).equals("sessions") ? "session" : "batch")
              + ", not the lakehouse's Livy endpoint: use "
              + BaseUrls.withPath(url, one.group(1)));
    }
    Matcher m = ENDPOINT.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + quoted
              + "' is not a Fabric Livy endpoint: it should read "
              + ENDPOINT_FORM
              + ", optionally followed by /sessions or /batches, as the lakehouse's settings"
              + " show it");
    }
    String workspaceId = idIn(m.group(2), "workspace id", quoted);
    String lakehouseId = idIn(m.group(3), "lakehouse id", quoted);
    if (!VERSION.matcher(m.group(4)).matches()) {
      throw new IllegalArgumentException(
          "Fabric Livy endpoint '"
              + quoted
              + "' has API version '"
              + m.group(4)
              + "', which is not of the form "
              + DEFAULT_API_VERSION);
    }
    return builder(workspaceId, lakehouseId)
        .baseUri(BaseUrls.withPath(url, m.group(1)))
        .apiVersion(m.group(4))
        .build();
  }

  private static String idIn(String id, String what, String quoted) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Fabric Livy endpoint '"
              + quoted
              + "' has "
              + what
              + " '"
              + id
              + "', which is not an id (letters, digits and '-', such as a GUID)");
    }
    return id;
  }

  /**
   * A builder for the backend of a lakehouse.
   *
   * @param workspaceId the workspace id (a GUID)
   * @param lakehouseId the lakehouse id (a GUID)
   * @return the builder
   * @throws IllegalArgumentException if an id is not a plain id
   */
  public static Builder builder(String workspaceId, String lakehouseId) {
    return new Builder(checkId(workspaceId, "workspaceId"), checkId(lakehouseId, "lakehouseId"));
  }

  /**
   * The Spark configuration entry that runs a session in a Fabric Environment (its installed
   * libraries and settings): {@code spark.fabric.environmentDetails = {"id":"<environmentId>"}}.
   * Sessions with it do not get the starter pool's fast start.
   *
   * @param environmentId the Environment's id (a GUID)
   * @return the entry, for {@code SessionSpec.Builder.conf(Map)}
   * @throws IllegalArgumentException if the id is not a plain id
   */
  public static Map<String, String> environment(String environmentId) {
    String id = checkId(environmentId, "environmentId");
    return Map.of("spark.fabric.environmentDetails", "{\"id\":\"" + id + "\"}");
  }

  private static String checkId(String id, String what) {
    Objects.requireNonNull(id, what);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + id
              + "' is not an id (letters, digits and '-', such as a GUID)"
              + (id.contains("/") || id.contains(":")
                  ? "; for a lakehouse's Livy endpoint URL use FabricLivy.endpoint(URI)"
                  : ""));
    }
    return id;
  }

  /** Builds a Fabric Livy backend. */
  public static final class Builder {
    private final String workspaceId;
    private final String lakehouseId;
    private URI baseUri = DEFAULT_BASE_URI;
    private String apiVersion = DEFAULT_API_VERSION;
    private int outputPageSize = DEFAULT_OUTPUT_PAGE_SIZE;
    private long maxOutputSize = DEFAULT_MAX_OUTPUT_SIZE;

    private Builder(String workspaceId, String lakehouseId) {
      this.workspaceId = workspaceId;
      this.lakehouseId = lakehouseId;
    }

    /**
     * Sets the Fabric API root, for other clouds and tests. Trailing slashes are dropped.
     *
     * @param baseUri such as {@code https://api.fabric.microsoft.com/v1}
     * @return this builder
     * @throws IllegalArgumentException if the URL is not absolute http(s) with a host, has user
     *     info, a query or a fragment, or is a workspace's or lakehouse's URL rather than the
     *     API root (that is {@link FabricLivy#endpoint(URI)}'s)
     */
    public Builder baseUri(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      URI url =
          BaseUrls.check(baseUri, "Fabric API root", DEFAULT_BASE_URI.toString(), CREDENTIALS);
      int workspaces = url.getRawPath().toLowerCase(Locale.ROOT).indexOf("/workspaces/");
      if (workspaces >= 0) {
        throw new IllegalArgumentException(
            "Fabric API root '"
                + BaseUrls.quote(baseUri)
                + "' is a workspace's URL, not the API root: use "
                + BaseUrls.withPath(url, url.getRawPath().substring(0, workspaces))
                + " here, or give a lakehouse's Livy endpoint to FabricLivy.endpoint(URI)");
      }
      this.baseUri = url;
      return this;
    }

    /**
     * Sets the Livy API version.
     *
     * @param version such as {@code 2023-12-01}
     * @return this builder
     */
    public Builder apiVersion(String version) {
      Objects.requireNonNull(version, "version");
      if (!VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException(
            "API version '" + version + "' is not of the form 2023-12-01");
      }
      this.apiVersion = version;
      return this;
    }

    /**
     * Sets how many bytes of a statement's text output to read per request. Fabric pages
     * large outputs; the client reads every page and hands out the whole output.
     *
     * @param bytes at least 1024
     * @return this builder
     * @throws IllegalArgumentException if smaller than 1024
     */
    public Builder outputPageSize(int bytes) {
      this.outputPageSize = (int) atLeastOneKib(bytes, "outputPageSize");
      return this;
    }

    /**
     * Sets the most bytes of one statement's text output the client reads; a larger output
     * fails the read with a {@link io.github.livy4j.LivyClientException} that names this limit.
     *
     * @param bytes at least the page size
     * @return this builder
     * @throws IllegalArgumentException if smaller than 1024
     */
    public Builder maxOutputSize(long bytes) {
      this.maxOutputSize = atLeastOneKib(bytes, "maxOutputSize");
      return this;
    }

    private static long atLeastOneKib(long bytes, String what) {
      if (bytes < 1024) {
        throw new IllegalArgumentException(what + " must be at least 1024 bytes, was " + bytes);
      }
      return bytes;
    }

    /**
     * @return the backend
     * @throws IllegalArgumentException if the output page size exceeds the maximum output size
     */
    public LivyBackend build() {
      if (outputPageSize > maxOutputSize) {
        throw new IllegalArgumentException(
            "outputPageSize ("
                + outputPageSize
                + ") must not exceed maxOutputSize ("
                + maxOutputSize
                + ")");
      }
      String b = baseUri.toString();
      URI root =
          URI.create(
              (b.endsWith("/") ? b.substring(0, b.length() - 1) : b)
                  + "/workspaces/"
                  + workspaceId
                  + "/lakehouses/"
                  + lakehouseId
                  + "/livyApi/versions/"
                  + apiVersion);
      return new FabricLivyBackend(root, outputPageSize, maxOutputSize);
    }
  }
}
