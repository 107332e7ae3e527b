package io.github.livy4j.samples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.auth.entra.RoleMapping;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The web app's settings, read from the environment variables of the Django app it replaces
 * (same names, same meaning) plus a few of its own. {@link #fromEnvironment} checks all of them
 * and reports every problem at once, one line each.
 *
 * @param tenantId {@code TENANT_ID}: the Entra tenant; absent with dev sign-in only
 * @param clientId {@code CLIENT_ID}
 * @param clientSecret {@code CLIENT_SECRET}
 * @param redirectUri {@code REDIRECT_URI}: Entra sends the browser back here after sign-in
 * @param logoutUri {@code LOGOUT_URI}: where the browser lands after sign-out
 * @param roles {@code ROLES}: group object id to role name(s)
 * @param groupClaim {@code GROUP_CLAIM}: {@code roles} (the default) or {@code groups}
 * @param graphUserEndpoint {@code GRAPH_USER_ENDPOINT}: the signed-in user's profile in Graph
 * @param graphMemberEndpoint {@code GRAPH_MEMBER_ENDPOINT}: the user's group memberships
 * @param authorityHost {@code AZURE_AUTHORITY_HOST}: a sovereign or private Entra host
 * @param fabric whether {@code LIVY_BACKEND} is {@code fabric} (else {@code apache})
 * @param livyEndpoint {@code LIVY_BASE_ENDPOINT}
 * @param requestTimeout {@code LIVY_REQUESTS_TIMEOUT} (seconds): each Livy request's timeout
 * @param sessionNamePrefix {@code LIVY_SESSION_NAME_PREFIX}: a timestamp is appended
 * @param sparkConf {@code LIVY_SPARK_CONF}: a JSON object of Spark settings
 * @param sparkDependencies {@code LIVY_SPARK_DEPENDENCIES}: comma-separated {@code pyFiles}
 * @param idleTimeout {@code LIVY_SESSION_IDLE_TIMEOUT} (minutes): an unused session is deleted
 * @param keepSessionsOnSignOut {@code KEEP_SESSIONS_ON_SIGN_OUT}: {@code true} keeps a user's
 *     Livy sessions running when they sign out (they are deleted by default)
 * @param sessionSecret {@code SESSION_SECRET} (or the seed's {@code DJANGO_SECRET}): signs
 *     the web session cookie and derives CSRF tokens
 * @param devUsers {@code DEV_USERS}: users for the development sign-in, with their group ids
 * @param bindAddress {@code BIND_ADDRESS}: the address to listen on (loopback by default)
 * @param port {@code PORT}: the port (by default the redirect URI's, else 5000)
 * @param livyCredential on Apache Livy, the credential every user's requests carry: a bearer
 *     token ({@code LIVY_ACCESS_TOKEN}) or Basic user and password ({@code LIVY_USERNAME},
 *     {@code LIVY_PASSWORD}); none by default
 * @param proxyUserClaim {@code LIVY_PROXY_USER_CLAIM}: on Apache Livy, the claim of the Entra
 *     ID token (such as {@code preferred_username}, {@code upn} or {@code email}) whose value
 *     each user's sessions carry as Livy's {@code proxyUser}, so that their Spark runs as them;
 *     a development sign-in user's is their {@code DEV_USERS} name. {@code null} (the default):
 *     sessions carry no {@code proxyUser} and run as Livy's own user
 * @param signIns {@code ROLE_REFRESH}, {@code SIGN_INS_PENDING_MAX}, {@code SIGN_INS_PER_MINUTE}
 *     and {@code SIGN_INS_PER_MINUTE_PER_ADDRESS}: how often roles are read again, and how many
 *     sign-ins may be under way (see {@link SignIns})
 * @param maxSessionsPerUser {@code MAX_SESSIONS_PER_USER} (1 to 1000, default 5): how many Livy
 *     sessions one user may have open at once (starting or running); a create beyond it gets a
 *     page saying so (429) and nothing is sent to Livy. Each session holds a Spark driver on the
 *     cluster, so this is what keeps one user from taking the cluster from the others.
 * @param maxRunningStatementsPerUser {@code MAX_RUNNING_STATEMENTS_PER_USER} (1 to 1000,
 *     default 5): how many statements one user may have waiting or running at once, over all
 *     their sessions; code run beyond it gets a page saying so (429), with the code kept to run
 *     again. Livy runs one statement of a session at a time, so the default lets a user keep
 *     each of their sessions busy.
 */
public record WebConfig(
    String tenantId,
    String clientId,
    String clientSecret,
    URI redirectUri,
    URI logoutUri,
    RoleMapping roles,
    String groupClaim,
    URI graphUserEndpoint,
    URI graphMemberEndpoint,
    URI authorityHost,
    boolean fabric,
    URI livyEndpoint,
    Duration requestTimeout,
    String sessionNamePrefix,
    Map<String, String> sparkConf,
    List<String> sparkDependencies,
    Duration idleTimeout,
    boolean keepSessionsOnSignOut,
    String sessionSecret,
    Map<String, DevUser> devUsers,
    String bindAddress,
    int port,
    LivyCredential livyCredential,
    String proxyUserClaim,
    SignIns signIns,
    int maxSessionsPerUser,
    int maxRunningStatementsPerUser) {

  /**
   * How long a user's roles hold, and how many sign-ins may be under way.
   *
   * @param roleRefresh {@code ROLE_REFRESH} (minutes, default 10): a signed-in user's groups are
   *     read again from Entra ID on their first request after this long; with no role left, all
   *     their browser sessions end
   * @param maxPending {@code SIGN_INS_PENDING_MAX} (default 10000): the most browser sessions not
   *     signed in (sign-ins under way) kept at once; when full, the oldest goes
   * @param perMinute {@code SIGN_INS_PER_MINUTE} (default 600): the most sign-ins started per
   *     minute by browsers without a session, all together; more are answered 429
   * @param perMinutePerAddress {@code SIGN_INS_PER_MINUTE_PER_ADDRESS} (default 60): the same,
   *     from one client address (a proxy's, for every browser behind it)
   */
  public record SignIns(
      Duration roleRefresh, int maxPending, int perMinute, int perMinutePerAddress) {}

  /**
   * The credential for Apache Livy; its {@code toString()} shows no secret.
   *
   * @param token a bearer token, or {@code null}
   * @param user a Basic user, or {@code null}
   * @param password the Basic password, or {@code null}
   */
  public record LivyCredential(String token, String user, String password) {
    /** No credential. */
    static final LivyCredential NONE = new LivyCredential(null, null, null);

    @Override
    public String toString() {
      return token != null ? "bearer token" : user != null ? "Basic user " + user : "none";
    }
  }

  /** The role names the app knows, as {@code ROLES} spells them. */
  public static final List<String> ROLE_NAMES =
      Arrays.stream(Role.values()).map(Role::title).toList();

  /** Refuses a key given twice, which would otherwise silently keep the last. */
  private static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /**
   * A development user.
   *
   * @param name the name shown
   * @param groupIds the user's group ids, mapped through {@code ROLES} like Entra's
   */
  public record DevUser(String name, List<String> groupIds) {}

  /** Every problem found in the settings, one line each. */
  public static final class InvalidConfig extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    InvalidConfig(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    /** @return the problems, one line each */
    public List<String> problems() {
      return problems;
    }
  }

  /** @return whether users sign in with Entra ID */
  public boolean entraSignIn() {
    return tenantId != null;
  }

  /** @return whether the development sign-in is on */
  public boolean devSignIn() {
    return !devUsers.isEmpty();
  }

  /** @return whether the app is served over https, so its cookie is {@code Secure} */
  public boolean https() {
    return redirectUri != null && "https".equalsIgnoreCase(redirectUri.getScheme());
  }

  /**
   * Reads and checks the settings.
   *
   * @param env the environment
   * @return the settings
   * @throws InvalidConfig with every problem found
   */
  public static WebConfig fromEnvironment(Map<String, String> env) {
    Reader r = new Reader(env);
    boolean entra = r.has("TENANT_ID") || r.has("CLIENT_ID") || r.has("CLIENT_SECRET");
    Map<String, DevUser> dev = r.devUsers();
    String tenant = null;
    String client = null;
    String secret = null;
    URI redirect = r.url("REDIRECT_URI", false);
    if (entra) {
      tenant = r.required("TENANT_ID");
      client = r.required("CLIENT_ID");
      secret = r.required("CLIENT_SECRET");
      if (redirect == null && !r.has("REDIRECT_URI")) {
        r.problem(
            "REDIRECT_URI is not set: the address Entra sends the browser back to,"
                + " such as http://localhost:5000/azure_auth/callback");
      }
    } else if (dev.isEmpty() && r.devUsersValid) {
      r.problem(
          "Nobody can sign in: set TENANT_ID, CLIENT_ID, CLIENT_SECRET and REDIRECT_URI"
              + " for Entra ID, or DEV_USERS for the local development sign-in");
    }
    URI logout = r.url("LOGOUT_URI", false);
    RoleMapping roles = r.roles();
    String claim = r.get("GROUP_CLAIM").orElse("roles").toLowerCase(Locale.ROOT);
    if (!claim.equals("roles") && !claim.equals("groups")) {
      r.problem("GROUP_CLAIM must be 'roles' or 'groups', was '" + claim + "'");
    }
    URI graphUser =
        Optional.ofNullable(r.url("GRAPH_USER_ENDPOINT", false))
            .orElse(URI.create("https://graph.microsoft.com/v1.0/me"));
    URI graphMember =
        Optional.ofNullable(r.url("GRAPH_MEMBER_ENDPOINT", false))
            .orElse(URI.create("https://graph.microsoft.com/v1.0/me/memberOf"));
    URI authority = r.url("AZURE_AUTHORITY_HOST", false);
    String backend = r.get("LIVY_BACKEND").orElse("apache").toLowerCase(Locale.ROOT);
    if (!backend.equals("apache") && !backend.equals("fabric")) {
      r.problem("LIVY_BACKEND must be 'apache' or 'fabric', was '" + backend + "'");
    }
    boolean fabric = backend.equals("fabric");
    if (fabric && !entra) {
      r.problem(
          "LIVY_BACKEND=fabric needs Entra sign-in (TENANT_ID, CLIENT_ID, CLIENT_SECRET):"
              + " each user's Spark runs with their own token");
    }
    URI livy = r.url("LIVY_BASE_ENDPOINT", true);
    Duration timeout = Duration.ofSeconds(r.positive("LIVY_REQUESTS_TIMEOUT", 60));
    String prefix = r.get("LIVY_SESSION_NAME_PREFIX").orElse("livy4j-web-");
    if (!prefix.matches("[A-Za-z0-9._-]{1,40}")) {
      r.problem(
          "LIVY_SESSION_NAME_PREFIX may hold only letters, digits, '.', '_' and '-' (at"
              + " most 40), was '"
              + prefix
              + "'");
    }
    Map<String, String> conf = r.sparkConf();
    List<String> deps =
        r.get("LIVY_SPARK_DEPENDENCIES")
            .map(
                v ->
                    Arrays.stream(v.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
            .orElse(List.of());
    Duration idle = Duration.ofMinutes(r.positive("LIVY_SESSION_IDLE_TIMEOUT", 30));
    boolean keep = r.bool("KEEP_SESSIONS_ON_SIGN_OUT");
    String bind = r.get("BIND_ADDRESS").orElse("127.0.0.1");
    boolean loopback = isLoopback(bind);
    if (r.has("DEV_USERS")) {
      SettingRules.devSignIn(bind, loopback, entra, redirect).ifPresent(r::problem);
    }
    String sessionSecret = r.get("SESSION_SECRET").or(() -> r.get("DJANGO_SECRET")).orElse(null);
    if (sessionSecret == null && (entra || !loopback)) {
      r.problem(
          "SESSION_SECRET (or DJANGO_SECRET) is not set: it signs the web session cookie;"
              + " use at least 32 random characters");
    } else if (sessionSecret != null && sessionSecret.length() < 32) {
      r.problem(
          "SESSION_SECRET (or DJANGO_SECRET) is too short: use at least 32 random" + " characters");
    }
    LivyCredential credential = LivyCredential.NONE;
    String token = r.get("LIVY_ACCESS_TOKEN").orElse(null);
    String user = r.get("LIVY_USERNAME").orElse(null);
    String password = r.get("LIVY_PASSWORD").orElse(null);
    if ((user == null) != (password == null)) {
      r.problem(
          "LIVY_USERNAME and LIVY_PASSWORD go together: set both for Basic"
              + " authentication, or neither");
    } else if (token != null && user != null) {
      r.problem("LIVY_ACCESS_TOKEN and LIVY_USERNAME/LIVY_PASSWORD both set: choose one");
    } else if ((token != null || user != null) && fabric) {
      r.problem(
          "LIVY_ACCESS_TOKEN, LIVY_USERNAME and LIVY_PASSWORD are for Apache Livy: on"
              + " Fabric each user's own token is used");
    } else if (token != null || user != null) {
      credential = new LivyCredential(token, user, password);
    }
    String proxyUserClaim = r.proxyUserClaim(fabric);
    // credentials go over https, except to this machine
    SettingRules.plainHttp("GRAPH_USER_ENDPOINT", graphUser, "each user's Microsoft Graph token")
        .ifPresent(r::problem);
    SettingRules.plainHttp(
            "GRAPH_MEMBER_ENDPOINT", graphMember, "each user's Microsoft Graph token")
        .ifPresent(r::problem);
    if (fabric || token != null || user != null) {
      SettingRules.plainHttp(
              "LIVY_BASE_ENDPOINT",
              livy,
              fabric
                  ? "each user's Fabric token"
                  : token != null ? "LIVY_ACCESS_TOKEN" : "LIVY_USERNAME and LIVY_PASSWORD")
          .ifPresent(r::problem);
    }
    SignIns signIns =
        new SignIns(
            Duration.ofMinutes(r.number("ROLE_REFRESH", 10, 1, 480)),
            (int) r.number("SIGN_INS_PENDING_MAX", 10_000, 1, 1_000_000),
            (int) r.number("SIGN_INS_PER_MINUTE", 600, 1, 1_000_000),
            (int) r.number("SIGN_INS_PER_MINUTE_PER_ADDRESS", 60, 1, 1_000_000));
    int defaultPort = redirect != null && redirect.getPort() > 0 ? redirect.getPort() : 5000;
    int port = (int) r.number("PORT", defaultPort, 0, 65535);
    // per-user limits: one user's load must not take the cluster (or the app) from the others
    int maxSessions = (int) r.number("MAX_SESSIONS_PER_USER", 5, 1, 1000);
    int maxStatements = (int) r.number("MAX_RUNNING_STATEMENTS_PER_USER", 5, 1, 1000);
    if (!r.problems.isEmpty()) {
      throw new InvalidConfig(r.problems);
    }
    if (redirect == null) {
      redirect =
          URI.create("http://localhost:" + (port == 0 ? 5000 : port) + "/azure_auth/callback");
    }
    return new WebConfig(
        tenant,
        client,
        secret,
        redirect,
        logout,
        roles,
        claim,
        graphUser,
        graphMember,
        authority,
        fabric,
        livy,
        timeout,
        prefix,
        conf,
        deps,
        idle,
        keep,
        sessionSecret,
        dev,
        bind,
        port,
        credential,
        proxyUserClaim,
        signIns,
        maxSessions,
        maxStatements);
  }

  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "WebConfig[tenant="
        + tenantId
        + ", client="
        + clientId
        + ", backend="
        + (fabric ? "fabric" : "apache")
        + ", livy="
        + livyEndpoint
        + ", roles="
        + roles
        + ", devUsers="
        + devUsers.keySet()
        + ", bind="
        + bindAddress
        + ":"
        + port
        + ", livyCredential="
        + livyCredential
        + ", proxyUserClaim="
        + proxyUserClaim
        + "]";
  }

  /** Reads variables and collects problems. */
  private static final class Reader {
    final Map<String, String> env;
    final List<String> problems = new ArrayList<>();
    boolean devUsersValid = true;

    Reader(Map<String, String> env) {
      this.env = env;
    }

    void problem(String line) {
      problems.add(line);
    }

    boolean has(String name) {
      return get(name).isPresent();
    }

    Optional<String> get(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    String required(String name) {
      Optional<String> v = get(name);
      if (v.isEmpty()) {
        problem(name + " is not set");
      }
      return v.orElse(null);
    }

    URI url(String name, boolean required) {
      Optional<String> v = get(name);
      if (v.isEmpty()) {
        if (required) {
          problem(
              name
                  + " is not set: the URL of "
                  + (name.startsWith("LIVY")
                      ? "the Livy server (Apache Livy, or Fabric's Livy" + " API for a lakehouse)"
                      : name));
        }
        return null;
      }
      String shown = SettingRules.shown(v.get());
      try {
        URI u = new URI(v.get());
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
          problem(name + " must be an http or https URL, was '" + shown + "'");
          return null;
        }
        if (u.getRawUserInfo() != null) {
          problem(SettingRules.userInfo(name));
          return null;
        }
        return u;
      } catch (java.net.URISyntaxException e) {
        problem(name + " is not a URL: '" + shown + "' (" + e.getReason() + ")");
        return null;
      }
    }

    long positive(String name, long dflt) {
      return number(name, dflt, 1, Integer.MAX_VALUE);
    }

    long number(String name, long dflt, long min, long max) {
      Optional<String> v = get(name);
      if (v.isEmpty()) {
        return dflt;
      }
      try {
        long n = Long.parseLong(v.get());
        if (n < min || n > max) {
          problem(name + " must be between " + min + " and " + max + ", was " + n);
          return dflt;
        }
        return n;
      } catch (NumberFormatException e) {
        problem(name + " must be a whole number, was '" + v.get() + "'");
        return dflt;
      }
    }

    boolean bool(String name) {
      String v = get(name).orElse("false").toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        problem(name + " must be 'true' or 'false', was '" + v + "'");
      }
      return v.equals("true");
    }

    /** {@code LIVY_PROXY_USER_CLAIM}: a claim name, for Apache Livy only; null when unset. */
    String proxyUserClaim(boolean fabric) {
      Optional<String> v = get("LIVY_PROXY_USER_CLAIM");
      if (v.isEmpty()) {
        return null;
      }
      if (!v.get().matches("[A-Za-z0-9_.:-]{1,64}")) {
        problem(
            "LIVY_PROXY_USER_CLAIM must name a claim of the Entra ID token, such as"
                + " preferred_username, upn or email, was '"
                + v.get()
                + "'");
        return null;
      }
      if (fabric) {
        problem(
            "LIVY_PROXY_USER_CLAIM is for Apache Livy: Fabric's Livy API has no proxyUser, and"
                + " each user's Spark there runs as them already, with their own token");
        return null;
      }
      return v.get();
    }

    RoleMapping roles() {
      Optional<String> v = get("ROLES");
      if (v.isEmpty()) {
        problem(
            "ROLES is not set: a JSON object from Entra group object id to role, such as"
                + " {\"<group id>\": \"Editors\"}; the roles are "
                + ROLE_NAMES);
        return null;
      }
      RoleMapping m;
      try {
        m = RoleMapping.parse(v.get());
      } catch (IllegalArgumentException e) {
        problem(e.getMessage().startsWith("ROLES") ? e.getMessage() : "ROLES: " + e.getMessage());
        return null;
      }
      for (String role : m.roles()) {
        if (Role.fromTitle(role).isEmpty()) {
          problem(
              "ROLES names the role '"
                  + role
                  + "', which this app does not know; the"
                  + " roles are "
                  + ROLE_NAMES);
        }
      }
      return m;
    }

    Map<String, String> sparkConf() {
      Optional<String> v = get("LIVY_SPARK_CONF");
      Map<String, String> conf = new LinkedHashMap<>();
      if (v.isEmpty()) {
        return conf;
      }
      try {
        JsonNode n = JSON.readTree(v.get());
        if (n == null || !n.isObject()) {
          problem(
              "LIVY_SPARK_CONF must be a JSON object of Spark settings, such as"
                  + " {\"spark.executor.memory\": \"2g\"}");
          return conf;
        }
        n.fields()
            .forEachRemaining(
                e -> {
                  if (e.getValue().isContainerNode() || e.getValue().isNull()) {
                    problem(
                        "LIVY_SPARK_CONF: the value of '"
                            + e.getKey()
                            + "' must be a string,"
                            + " number or boolean");
                  } else {
                    conf.put(e.getKey(), e.getValue().asText());
                  }
                });
      } catch (java.io.IOException e) {
        problem("LIVY_SPARK_CONF is not valid JSON: " + jsonProblem(e));
      }
      return conf;
    }

    Map<String, DevUser> devUsers() {
      Optional<String> v = get("DEV_USERS");
      Map<String, DevUser> users = new LinkedHashMap<>();
      if (v.isEmpty()) {
        return users;
      }
      devUsersValid = false;
      try {
        JsonNode n = JSON.readTree(v.get());
        if (n == null || !n.isObject() || n.isEmpty()) {
          problem(
              "DEV_USERS must be a JSON object from user name to group ids, such as"
                  + " {\"alice\": [\"<group id>\"]}");
          return users;
        }
        for (var it = n.fields(); it.hasNext(); ) {
          var e = it.next();
          String user = e.getKey();
          JsonNode groups = e.getValue().isObject() ? e.getValue().path("groups") : e.getValue();
          String name = e.getValue().path("name").asText(user);
          if (!user.matches("[A-Za-z0-9._@-]{1,64}")) {
            problem(
                "DEV_USERS: the user name '"
                    + user
                    + "' may hold only letters, digits and"
                    + " . _ @ -");
            continue;
          }
          if (!groups.isArray()) {
            problem("DEV_USERS: the groups of '" + user + "' must be a JSON list of group ids");
            continue;
          }
          List<String> ids = new ArrayList<>();
          groups.forEach(g -> ids.add(g.asText()));
          users.put(user, new DevUser(name, List.copyOf(ids)));
        }
        devUsersValid = true;
      } catch (java.io.IOException e) {
        problem("DEV_USERS is not valid JSON: " + jsonProblem(e));
      }
      return users;
    }

    /** Jackson's message without its location text, which names no source here. */
    private static String jsonProblem(java.io.IOException e) {
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
        return j.getOriginalMessage()
                .replaceAll("\\s*\\(start marker at .*\\]\\)", "")
                .replaceAll(
                    "^Duplicate field '(.*)'$",
                    "the key '$1' is given twice (each may appear once)")
            + (j.getLocation() == null
                ? ""
                : " (line "
                    + j.getLocation().getLineNr()
                    + ", column "
                    + j.getLocation().getColumnNr()
                    + ")");
      }
      return String.valueOf(e.getMessage());
    }
  }
}
