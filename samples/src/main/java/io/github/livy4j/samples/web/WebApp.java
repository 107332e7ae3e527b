package io.github.livy4j.samples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.auth.entra.AuthorizationRequest;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraWebApp;
import io.github.livy4j.auth.entra.GraphException;
import io.github.livy4j.auth.entra.GraphGroups;
import io.github.livy4j.auth.entra.SignedInUser;
import io.github.livy4j.fabric.FabricLivy;
import io.github.livy4j.samples.web.Pages.Layout;
import io.github.livy4j.samples.web.WebSessions.Visit;
import io.github.livy4j.samples.web.Workspaces.Run;
import io.github.livy4j.samples.web.Workspaces.Stmt;
import io.github.livy4j.spi.LivyBackend;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small web app on livy4j: people sign in with Microsoft Entra ID (or, on a developer's
 * machine, with configured users), their groups map to the roles Viewers, Editors and
 * Administrators through {@code ROLES}, and they create Livy sessions and run code from the
 * browser. See {@link WebConfig} for its settings and {@link Action} for who may do what.
 *
 * <p>Run it with the environment variables set: {@code WebApp.main} checks them, prints one line
 * per problem, and otherwise prints the address it serves.
 */
public final class WebApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
  private static final String COOKIE = "livy4j_web";
  private static final int MAX_CODE = 32 * 1024;
  private static final List<String> KINDS =
      Arrays.stream(CodeKind.values()).map(CodeKind::wireName).toList();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CHANGING =
      Set.of("not_started", "starting", "recovering", "busy", "shutting_down");

  private final WebConfig config;
  private final Clock clock;
  private final EntraWebApp entra;
  private final GraphGroups graph;
  private final String graphBase;
  private final HttpClient graphHttp;
  private final WebSessions sessions;
  private final Workspaces workspaces;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Javalin server;
  private final String csp;
  private final java.util.concurrent.ScheduledExecutorService sweeper;

  /**
   * Creates the app; {@link #start()} serves it.
   *
   * @param config the settings
   * @param clock the clock
   */
  public WebApp(WebConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.entra = config.entraSignIn() ? entra(config) : null;
    this.graph =
        GraphGroups.builder()
            .endpoint(config.graphMemberEndpoint())
            .timeout(config.requestTimeout())
            .build();
    URI g = config.graphUserEndpoint();
    this.graphBase = g.getScheme() + "://" + g.getAuthority() + "/";
    this.graphHttp =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    byte[] secret =
        config.sessionSecret() != null
            ? config.sessionSecret().getBytes(StandardCharsets.UTF_8)
            : randomSecret();
    this.sessions = new WebSessions(secret, clock);
    SessionSpec spec =
        SessionSpec.builder()
            .namePrefix(config.sessionNamePrefix())
            .conf(config.sparkConf())
            .pyFiles(config.sparkDependencies())
            .idleTimeout(config.idleTimeout())
            .build();
    this.workspaces = new Workspaces(this::client, spec, clock);
    this.sweeper =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "web-sweeper");
              t.setDaemon(true);
              return t;
            });
    String authority =
        config.authorityHost() != null
            ? origin(config.authorityHost())
            : "https://login.microsoftonline.com";
    this.csp =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self' "
            + authority
            + "; frame-ancestors 'none';"
            + " base-uri 'none'";
    this.server =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.http.maxRequestSize = 64 * 1024;
              c.jetty.host = config.bindAddress();
              c.jetty.port = config.port();
              c.routes.before(this::frame);
              c.routes.beforeMatched(this::authorize);
              c.routes.exception(Refusal.class, (e, ctx) -> refuse(ctx, e));
              c.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
                    refuse(
                        ctx,
                        new Refusal(
                            500,
                            "Something went wrong",
                            "The app could not complete this request. Try again; if it keeps failing, the"
                                + " app's log says why.",
                            "",
                            ""));
                  });
              c.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      refuse(
                          ctx,
                          new Refusal(
                              404, "Not found", "There is no page at this address.", "Home", "/"));
                    }
                  });
              getAndHead(c.routes, "/", Action.PUBLIC, this::home);
              getAndHead(
                  c.routes,
                  "/static/app.js",
                  Action.PUBLIC,
                  ctx -> asset(ctx, "app.js", "text/javascript"));
              getAndHead(
                  c.routes,
                  "/static/app.css",
                  Action.PUBLIC,
                  ctx -> asset(ctx, "app.css", "text/css"));
              getAndHead(c.routes, "/sign-in", Action.PUBLIC, this::signIn);
              getAndHead(
                  c.routes, config.redirectUri().getRawPath(), Action.PUBLIC, this::callback);
              route(c.routes::post, "/dev/sign-in", Action.PUBLIC, this::devSignIn);
              getAndHead(c.routes, "/signed-out", Action.PUBLIC, this::signedOut);
              route(c.routes::post, "/sign-out", Action.SIGN_OUT, this::signOut);
              getAndHead(c.routes, "/profile", Action.VIEW_PROFILE, this::profile);
              getAndHead(
                  c.routes,
                  "/sessions",
                  Action.VIEW_OWN_SESSIONS,
                  ctx -> sessionList(ctx, false, false));
              getAndHead(
                  c.routes,
                  "/sessions/live",
                  Action.VIEW_OWN_SESSIONS,
                  ctx -> sessionList(ctx, false, true));
              route(c.routes::post, "/sessions", Action.CREATE_SESSION, this::createSession);
              getAndHead(
                  c.routes, "/sessions/{id}", Action.VIEW_OWN_SESSIONS, ctx -> session(ctx, false));
              getAndHead(
                  c.routes,
                  "/sessions/{id}/live",
                  Action.VIEW_OWN_SESSIONS,
                  ctx -> session(ctx, true));
              route(c.routes::post, "/sessions/{id}/statements", Action.RUN_CODE, this::runCode);
              route(
                  c.routes::post,
                  "/sessions/{id}/statements/{n}/cancel",
                  Action.CANCEL_STATEMENT,
                  this::cancel);
              route(c.routes::post, "/sessions/{id}/stop", Action.STOP_OWN_SESSION, this::stop);
              getAndHead(
                  c.routes,
                  "/admin/sessions",
                  Action.VIEW_ALL_SESSIONS,
                  ctx -> sessionList(ctx, true, false));
              getAndHead(
                  c.routes,
                  "/admin/sessions/live",
                  Action.VIEW_ALL_SESSIONS,
                  ctx -> sessionList(ctx, true, true));
            });
  }

  /** Registers a route with the one action that guards it. */
  private interface Registrar {
    Object add(String path, Handler handler, RouteRole... roles);
  }

  private static void route(Registrar r, String path, Action action, Handler h) {
    r.add(path, h, action);
  }

  /**
   * A page, for GET and for HEAD (which health checks send): the same handler and the same
   * action, the body left out of HEAD's answer by the server.
   */
  private static void getAndHead(
      io.javalin.config.RoutesConfig routes, String path, Action action, Handler h) {
    routes.get(path, h, action);
    routes.head(path, h, action);
  }

  /**
   * Starts serving.
   *
   * @return this app
   */
  public WebApp start() {
    server.start();
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
    return this;
  }

  /**
   * Signs out the users whose browser sessions all ended (expired, or the browser never came
   * back): their Livy sessions are deleted (or kept, by setting) and their client is closed,
   * as if they had signed out.
   */
  void sweep() {
    Set<String> live = sessions.sweep();
    for (String user : workspaces.users()) {
      if (!live.contains(user)) {
        LOG.info("The browser sessions of {} ended; signing them out", user);
        try {
          workspaces.signOut(user, config.keepSessionsOnSignOut());
          if (entra != null && !user.startsWith("dev:")) {
            entra.signOut(user);
          }
        } catch (RuntimeException e) {
          LOG.warn("Signing out {} failed: {}", user, e.toString());
        }
      }
    }
  }

  /** @return the port served */
  public int port() {
    return server.port();
  }

  /** @return the address to open in a browser */
  public URI address() {
    String host =
        config.bindAddress().contains(":")
            ? "[" + config.bindAddress() + "]"
            : config.bindAddress();
    if (host.equals("0.0.0.0") || host.equals("127.0.0.1")) {
      host = config.redirectUri().getHost();
    }
    return URI.create("http" + (config.https() ? "s" : "") + "://" + host + ":" + port() + "/");
  }

  /** Stops serving and deletes every session the app created. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    server.stop();
    workspaces.close();
  }

  // ---------------------------------------------------------------- the frame of every request

  private void frame(Context ctx) {
    // before anything else: a request for another name (a DNS-rebinding page) is not for us
    if (!hostAllowed(ctx.host())) {
      LOG.info("Refused a request for host '{}'", ctx.host());
      throw new Refusal(421, "Wrong address", "This app answers only at its own address.", "", "");
    }
    ctx.header("Content-Security-Policy", csp);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    if (!ctx.path().startsWith("/static/")) {
      ctx.header("Cache-Control", "no-store");
    }
    sessions.find(ctx.cookie(COOKIE)).ifPresent(v -> ctx.attribute("visit", v));
  }

  /** The one check every route goes through: signed in, the action's role, and CSRF. */
  private void authorize(Context ctx) {
    List<Action> actions =
        ctx.routeRoles().stream().filter(Action.class::isInstance).map(Action.class::cast).toList();
    if (actions.size() != 1) {
      throw new Refusal(500, "Not configured", "This route names no action.", "", "");
    }
    Action action = actions.get(0);
    User user = action == Action.PUBLIC ? null : signedIn(ctx);
    if (ctx.method() == HandlerType.POST) {
      checkForgery(ctx);
    }
    if (user != null && !user.may(action)) {
      throw new Refusal(
          403,
          "Not allowed",
          "Your roles ("
              + rolesText(user.roles())
              + ") do not allow this; it needs one of "
              + rolesText(action.roles())
              + ".",
          "My sessions",
          "/sessions");
    }
  }

  /**
   * The names the app answers at: its {@code REDIRECT_URI}'s host and port, and, when it listens
   * on loopback, the loopback names with its port (the development sign-in's). Anything else, a
   * page of another site whose name was re-pointed at this machine among them, is refused.
   */
  private boolean hostAllowed(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    if (config.redirectUri() != null && h.equals(authority(config.redirectUri()))) {
      return true;
    }
    if (!loopback(config.bindAddress())) {
      return false;
    }
    String port = ":" + port();
    return h.equals("localhost" + port) || h.equals("127.0.0.1" + port) || h.equals("[::1]" + port);
  }

  /** The origins a form may come from: those of the names the app answers at. */
  private boolean originAllowed(String origin) {
    URI u;
    try {
      u = URI.create(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
    String scheme = config.https() ? "https" : "http";
    return scheme.equalsIgnoreCase(u.getScheme())
        && u.getRawAuthority() != null
        && hostAllowed(u.getRawAuthority())
        && (u.getRawPath() == null || u.getRawPath().isEmpty());
  }

  /** @return the URI's host and port as a Host header names them (no port when it is default) */
  private static String authority(URI u) {
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(java.util.Locale.ROOT);
    int port = u.getPort();
    boolean defaultPort =
        port == -1
            || port == 80 && "http".equalsIgnoreCase(u.getScheme())
            || port == 443 && "https".equalsIgnoreCase(u.getScheme());
    return defaultPort ? host : host + ":" + port;
  }

  private static boolean loopback(String address) {
    return address.equals("127.0.0.1")
        || address.equals("::1")
        || address.equals("localhost")
        || address.startsWith("127.");
  }

  private void checkForgery(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin != null && !originAllowed(origin)) {
      throw new Refusal(403, "Refused", "This form was sent from another site.", "Home", "/");
    }
    Visit v =
        visit(ctx)
            .orElseThrow(
                () ->
                    new Refusal(
                        403,
                        "Refused",
                        "This form has expired (your browser session ended). Go back, reload and try again.",
                        "Home",
                        "/"));
    if (!WebSessions.csrfMatches(v, ctx.formParam("csrf"))) {
      throw new Refusal(
          403,
          "Refused",
          "This form's security token is missing or wrong." + " Go back, reload and try again.",
          "Home",
          "/");
    }
  }

  private Optional<Visit> visit(Context ctx) {
    return Optional.ofNullable(ctx.attribute("visit"));
  }

  private Optional<User> user(Context ctx) {
    return visit(ctx).map(v -> v.user);
  }

  private User signedIn(Context ctx) {
    return user(ctx)
        .orElseThrow(
            () ->
                new Refusal(
                    401,
                    "Please sign in",
                    "You need to sign in to see this page.",
                    "Sign in",
                    "/"));
  }

  private Visit anonymousVisit(Context ctx) {
    Optional<Visit> v = visit(ctx);
    if (v.isPresent()) {
      return v.get();
    }
    Visit fresh = sessions.start();
    setCookie(ctx, fresh);
    ctx.attribute("visit", fresh);
    return fresh;
  }

  private void setCookie(Context ctx, Visit v) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            COOKIE
                + "="
                + sessions.cookie(v)
                + "; Path=/; HttpOnly; SameSite=Lax"
                + (config.https() ? "; Secure" : ""));
  }

  private void clearCookie(Context ctx) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            COOKIE
                + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                + (config.https() ? "; Secure" : ""));
  }

  private Layout layout(Context ctx, String title) {
    Optional<Visit> v = visit(ctx);
    User u = v.map(x -> x.user).orElse(null);
    return new Layout(
        title,
        u == null ? "" : u.name(),
        u == null ? "" : rolesText(u.roles()),
        v.map(x -> x.csrf).orElse(""),
        u != null && u.may(Action.VIEW_ALL_SESSIONS),
        config.devSignIn());
  }

  private void render(Context ctx, String template, Object page) {
    StringOutput out = new StringOutput();
    templates.render(template, page, out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  private void refuse(Context ctx, Refusal r) {
    ctx.status(r.status);
    if (r.status == 401) {
      ctx.header("WWW-Authenticate", "Cookie realm=\"livy4j\"");
    }
    if (ctx.path().endsWith("/live")) {
      ctx.contentType("text/plain; charset=utf-8").result(r.heading);
      return;
    }
    render(
        ctx,
        "message.jte",
        new Pages.Message(
            layout(ctx, r.heading), r.status, r.heading, r.getMessage(), r.linkText, r.linkHref));
  }

  private void asset(Context ctx, String name, String type) throws IOException {
    try (InputStream in = WebApp.class.getResourceAsStream("/web/" + name)) {
      if (in == null) {
        throw new Refusal(404, "Not found", "No such file.", "", "");
      }
      ctx.contentType(type + "; charset=utf-8")
          .header("Cache-Control", "max-age=300")
          .result(in.readAllBytes());
    }
  }

  // ------------------------------------------------------------------------ signing in and out

  private void home(Context ctx) {
    if (user(ctx).isPresent()) {
      ctx.redirect("/sessions");
      return;
    }
    if (config.devSignIn()) {
      anonymousVisit(ctx);
    }
    List<Pages.DevUserView> dev = new ArrayList<>();
    config
        .devUsers()
        .forEach(
            (id, u) ->
                dev.add(new Pages.DevUserView(id, u.name(), rolesText(roles(u.groupIds())))));
    render(ctx, "home.jte", new Pages.Home(layout(ctx, "Welcome"), config.entraSignIn(), dev));
  }

  private void signIn(Context ctx) {
    if (entra == null) {
      throw new Refusal(
          404, "Not available", "Entra ID sign-in is not configured here.", "Home", "/");
    }
    Visit v = anonymousVisit(ctx);
    AuthorizationRequest pending =
        entra.beginSignIn(
            config.redirectUri(), graphBase + "User.Read", graphBase + "GroupMember.Read.All");
    v.pendingSignIn = pending;
    ctx.redirect(pending.url().toString());
  }

  private void callback(Context ctx) {
    if (entra == null) {
      throw new Refusal(
          404, "Not available", "Entra ID sign-in is not configured here.", "Home", "/");
    }
    Visit v = visit(ctx).orElse(null);
    AuthorizationRequest pending = v == null ? null : v.pendingSignIn;
    if (pending == null) {
      throw new Refusal(
          400,
          "Sign-in not recognised",
          "No sign-in is under way in this"
              + " browser: it expired, was already used, or started elsewhere. Start again.",
          "Sign in",
          "/sign-in");
    }
    v.pendingSignIn = null;
    Map<String, String> params = new HashMap<>();
    ctx.queryParamMap().forEach((k, vals) -> params.put(k, vals.isEmpty() ? "" : vals.get(0)));
    SignedInUser su;
    try {
      su = entra.completeSignIn(pending, params);
    } catch (EntraAuthenticationException e) {
      throw new Refusal(401, "Sign-in failed", e.getMessage(), "Try again", "/sign-in");
    }
    String key = su.homeAccountId();
    List<String> groupIds;
    try {
      groupIds = su.listClaim(config.groupClaim());
      if (groupIds.isEmpty() && su.groupsOverage()) {
        groupIds = graph.groupIds(entra.forUser(key, graphBase + "GroupMember.Read.All"));
      }
    } catch (GraphException | EntraAuthenticationException e) {
      entra.signOut(key);
      throw new Refusal(
          502,
          "Could not read your groups",
          "You signed in, but your groups"
              + " could not be read from Microsoft Graph, so your roles are unknown: "
              + e.getMessage(),
          "Try again",
          "/sign-in");
    }
    Set<Role> roles = roles(groupIds);
    if (roles.isEmpty()) {
      entra.signOut(key);
      throw new Refusal(
          403,
          "No access",
          "You signed in as "
              + su.username()
              + ", but none"
              + " of your "
              + groupIds.size()
              + " groups maps to a role of this app (ROLES). Ask"
              + " an administrator to add you to a group for Viewers, Editors or Administrators.",
          "Home",
          "/");
    }
    User user =
        new User(
            key,
            su.name().isEmpty() ? su.username() : su.name(),
            su.username(),
            roles,
            groupIds,
            false);
    setCookie(ctx, sessions.signIn(v, user));
    LOG.info("{} signed in with roles {}", su.username(), rolesText(roles));
    ctx.redirect("/sessions");
  }

  private void devSignIn(Context ctx) {
    String id = ctx.formParam("user");
    WebConfig.DevUser u = id == null ? null : config.devUsers().get(id);
    if (u == null) {
      throw new Refusal(
          config.devSignIn() ? 400 : 404,
          "Not available",
          config.devSignIn()
              ? "There is no such development user."
              : "The development sign-in is off.",
          "Home",
          "/");
    }
    Set<Role> roles = roles(u.groupIds());
    if (roles.isEmpty()) {
      throw new Refusal(
          403,
          "No access",
          "None of the groups of " + id + " maps to a role" + " of this app (ROLES).",
          "Home",
          "/");
    }
    User user = new User("dev:" + id, u.name(), id, roles, u.groupIds(), true);
    setCookie(ctx, sessions.signIn(visit(ctx).orElse(null), user));
    ctx.redirect("/sessions");
  }

  private void signOut(Context ctx) {
    User user = signedIn(ctx);
    workspaces.signOut(user.key(), config.keepSessionsOnSignOut());
    if (!user.dev() && entra != null) {
      entra.signOut(user.key());
    }
    sessions.endAll(user.key());
    clearCookie(ctx);
    URI after =
        config.logoutUri() != null
            ? config.logoutUri()
            : URI.create(origin(config.redirectUri()) + "/signed-out");
    ctx.redirect(
        user.dev() || entra == null ? after.toString() : entra.signOutUrl(after).toString());
  }

  private void signedOut(Context ctx) {
    render(
        ctx,
        "message.jte",
        new Pages.Message(
            layout(ctx, "Signed out"),
            200,
            "You are signed out",
            "Your sessions were " + (config.keepSessionsOnSignOut() ? "left running." : "stopped."),
            "Home",
            "/"));
  }

  // ------------------------------------------------------------------------------------ pages

  private void profile(Context ctx) throws InterruptedException {
    User user = signedIn(ctx);
    Visit v = visit(ctx).orElseThrow();
    List<Pages.GroupView> groups = new ArrayList<>();
    List<Pages.Field> fields = new ArrayList<>();
    String problem = "";
    Map<String, String> names = new HashMap<>();
    String tokenLeft;
    if (user.dev()) {
      tokenLeft = "none: the development sign-in has no token";
    } else {
      try {
        graph
            .groups(entra.forUser(user.key(), graphBase + "GroupMember.Read.All"))
            .forEach(g -> names.put(g.id(), g.displayName()));
        fields.addAll(graphProfile(user));
      } catch (GraphException | EntraAuthenticationException e) {
        problem = "Microsoft Graph could not be read: " + e.getMessage();
      }
      tokenLeft = tokenLeft(user);
    }
    Set<String> ids = new TreeSet<>(user.groupIds());
    ids.addAll(names.keySet());
    for (String id : ids) {
      groups.add(
          new Pages.GroupView(id, names.getOrDefault(id, ""), rolesText(roles(List.of(id)))));
    }
    render(
        ctx,
        "profile.jte",
        new Pages.Profile(
            layout(ctx, "Profile"),
            user.name(),
            user.username(),
            user.dev() ? "the development sign-in (DEV_USERS)" : "Microsoft Entra ID",
            rolesText(user.roles()),
            groups,
            problem,
            fields,
            tokenLeft,
            left(Duration.between(clock.instant(), v.expiresAt()))));
  }

  private List<Pages.Field> graphProfile(User user) throws InterruptedException {
    TokenProvider tokens = entra.forUser(user.key(), graphBase + "User.Read");
    AccessToken t =
        tokens
            .getToken()
            .orElseThrow(() -> new GraphException(0, "no token for Microsoft Graph", null));
    HttpRequest req =
        HttpRequest.newBuilder(config.graphUserEndpoint())
            .timeout(config.requestTimeout())
            .header("Authorization", "Bearer " + t.token())
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> r;
    try {
      r = graphHttp.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new GraphException(
          0,
          "could not reach "
              + config.graphUserEndpoint().getHost()
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          null);
    }
    if (r.statusCode() != 200) {
      throw new GraphException(
          r.statusCode(), "the profile request answered " + r.statusCode(), null);
    }
    List<Pages.Field> out = new ArrayList<>();
    try {
      JsonNode me = JSON.readTree(r.body());
      for (String f : List.of("displayName", "mail", "jobTitle", "department", "officeLocation")) {
        if (me.hasNonNull(f)) {
          out.add(new Pages.Field(f, me.get(f).asText()));
        }
      }
    } catch (IOException e) {
      throw new GraphException(200, "the profile is not JSON", null);
    }
    return out;
  }

  private String tokenLeft(User user) {
    String scope = config.fabric() ? FabricLivy.SCOPE : graphBase + "User.Read";
    try {
      Optional<AccessToken> t = entra.forUser(user.key(), scope).getToken();
      return t.map(
              x ->
                  left(Duration.between(clock.instant(), x.expiresAt()))
                      + " ("
                      + (config.fabric() ? "Fabric" : "Microsoft Graph")
                      + "; renewed"
                      + " automatically before it expires)")
          .orElse("none");
    } catch (EntraAuthenticationException e) {
      return "unavailable: " + e.getMessage();
    }
  }

  private void sessionList(Context ctx, boolean everyone, boolean fragment) {
    User user = signedIn(ctx);
    List<Run> runs = everyone ? workspaces.all() : workspaces.of(user);
    Pages.Sessions page =
        new Pages.Sessions(
            layout(ctx, everyone ? "All sessions" : "My sessions"),
            everyone,
            !everyone && user.may(Action.CREATE_SESSION),
            everyone ? user.may(Action.STOP_ANY_SESSION) : user.may(Action.STOP_OWN_SESSION),
            runs.stream().map(this::view).toList(),
            KINDS);
    render(ctx, fragment ? "sessionrows.jte" : "sessions.jte", page);
  }

  private Pages.SessionView view(Run r) {
    String state = r.liveState();
    return new Pages.SessionView(
        r.id,
        r.livyId(),
        r.name(),
        r.ownerName,
        r.kind.wireName(),
        state,
        r.problem == null ? "" : r.problem,
        TIME.format(r.created),
        r.statements.size(),
        !r.ended && (r.session == null || r.busy() || CHANGING.contains(state)),
        !r.ended);
  }

  private Run run(Context ctx, Action othersNeed) {
    User user = signedIn(ctx);
    return workspaces
        .find(user, ctx.pathParam("id"), othersNeed != null && user.may(othersNeed))
        .orElseThrow(
            () ->
                new Refusal(
                    404,
                    "No such session",
                    "There is no session of yours" + " with this address.",
                    "My sessions",
                    "/sessions"));
  }

  private void session(Context ctx, boolean fragment) {
    User user = signedIn(ctx);
    Run r = run(ctx, Action.VIEW_ALL_SESSIONS);
    boolean own = r.owner.equals(user.key());
    Pages.SessionView view = view(r);
    List<Pages.StatementView> stmts = new ArrayList<>();
    List<Stmt> all = new ArrayList<>(r.statements);
    for (int i = all.size() - 1; i >= 0; i--) {
      Stmt s = all.get(i);
      stmts.add(
          new Pages.StatementView(
              s.number,
              s.kind.wireName(),
              s.code,
              s.state,
              s.percent(),
              !s.done(),
              nz(s.text),
              s.columns == null ? List.of() : s.columns,
              s.rows == null ? List.of() : s.rows,
              nz(s.note),
              nz(s.error)));
    }
    Pages.SessionPage page =
        new Pages.SessionPage(
            layout(ctx, "Session"),
            view,
            own && user.may(Action.RUN_CODE),
            !r.ended
                && (own ? user.may(Action.STOP_OWN_SESSION) : user.may(Action.STOP_ANY_SESSION)),
            r.ready(),
            KINDS,
            stmts);
    render(ctx, fragment ? "statements.jte" : "session.jte", page);
  }

  // ---------------------------------------------------------------------------------- actions

  private void createSession(Context ctx) {
    User user = signedIn(ctx);
    CodeKind kind = kind(ctx.formParam("kind"));
    Run r = workspaces.create(user, kind);
    ctx.redirect("/sessions/" + r.id);
  }

  private void runCode(Context ctx) {
    Run r = run(ctx, null);
    String code = ctx.formParam("code");
    if (code == null || code.isBlank()) {
      throw new Refusal(400, "No code", "Type some code to run.", "Back", "/sessions/" + r.id);
    }
    if (code.length() > MAX_CODE) {
      throw new Refusal(
          413,
          "Too much code",
          "At most " + MAX_CODE + " characters run at" + " once.",
          "Back",
          "/sessions/" + r.id);
    }
    CodeKind kind = kind(ctx.formParam("kind"));
    try {
      workspaces.execute(r, new Code(kind, code));
    } catch (IllegalStateException e) {
      throw new Refusal(
          409,
          "Not ready",
          "The session cannot run code now: " + e.getMessage() + ".",
          "Back",
          "/sessions/" + r.id);
    } catch (LivyException e) {
      throw new Refusal(502, "Livy refused the code", e.getMessage(), "Back", "/sessions/" + r.id);
    }
    ctx.redirect("/sessions/" + r.id);
  }

  private void cancel(Context ctx) {
    Run r = run(ctx, null);
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      n = -1;
    }
    int number = n;
    Stmt s =
        r.statements.stream()
            .filter(x -> x.number == number)
            .findFirst()
            .orElseThrow(
                () ->
                    new Refusal(
                        404,
                        "No such statement",
                        "This session has no" + " statement " + ctx.pathParam("n") + ".",
                        "Back",
                        "/sessions/" + r.id));
    try {
      workspaces.cancel(s);
    } catch (LivyException e) {
      throw new Refusal(502, "Livy refused to cancel", e.getMessage(), "Back", "/sessions/" + r.id);
    }
    ctx.redirect("/sessions/" + r.id);
  }

  private void stop(Context ctx) {
    User user = signedIn(ctx);
    Run r = run(ctx, Action.STOP_ANY_SESSION);
    try {
      workspaces.stop(r);
    } catch (LivyException e) {
      throw new Refusal(
          502, "Livy refused to stop the session", e.getMessage(), "Back", "/sessions/" + r.id);
    }
    ctx.redirect(r.owner.equals(user.key()) ? "/sessions" : "/admin/sessions");
  }

  // ---------------------------------------------------------------------------------- helpers

  private LivyClient.Builder client(User user) {
    WebConfig.LivyCredential c = config.livyCredential();
    LivyClient.Builder b =
        LivyClient.builder()
            .backend(
                config.fabric() ? FabricLivy.endpoint(config.livyEndpoint()) : apacheBackend(c))
            .requestTimeout(config.requestTimeout())
            .applicationId("livy4j-web");
    if (config.fabric()) {
      // each user's own delegated token, renewed by the SDK
      b.credential(entra.forUser(user.key(), FabricLivy.SCOPE));
    } else if (c.token() != null) {
      b.credential(TokenProviders.fixed(c.token()));
    }
    return b;
  }

  private LivyBackend apacheBackend(WebConfig.LivyCredential c) {
    ApacheLivy.Builder apache = ApacheLivy.builder(config.livyEndpoint());
    if (c.user() != null) {
      apache.basicAuth(c.user(), c.password());
    }
    return apache.build();
  }

  private Set<Role> roles(List<String> groupIds) {
    Set<Role> out = new TreeSet<>();
    config.roles().rolesFor(groupIds).forEach(t -> Role.fromTitle(t).ifPresent(out::add));
    return out;
  }

  private static CodeKind kind(String wire) {
    return CodeKind.fromWireName(wire == null ? "" : wire)
        .orElseThrow(
            () ->
                new Refusal(
                    400, "Unknown kind", "Choose one of " + KINDS + ".", "Back", "/sessions"));
  }

  private static String rolesText(Set<Role> roles) {
    return roles.isEmpty()
        ? "none"
        : roles.stream().sorted().map(Role::title).collect(Collectors.joining(", "));
  }

  private static String left(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "expired";
    }
    long m = d.toMinutes();
    return m >= 60 ? (m / 60) + " h " + (m % 60) + " min left" : m + " min left";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String origin(URI u) {
    return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority();
  }

  private static byte[] randomSecret() {
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  private static EntraWebApp entra(WebConfig c) {
    EntraWebApp.Builder b =
        EntraWebApp.builder(c.tenantId(), c.clientId())
            .secret(c.clientSecret())
            .timeout(c.requestTimeout());
    if (c.authorityHost() != null) {
      b.authorityHost(c.authorityHost());
    }
    return b.build();
  }

  /** A refusal shown as a page with a status. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String heading;
    final String linkText;
    final String linkHref;

    Refusal(int status, String heading, String message, String linkText, String linkHref) {
      super(message, null, false, false);
      this.status = status;
      this.heading = heading;
      this.linkText = linkText;
      this.linkHref = linkHref;
    }
  }

  /**
   * Starts the app from the environment.
   *
   * @param args none
   */
  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.err));
  }

  /**
   * Starts the app and blocks until the JVM stops.
   *
   * @param env the environment
   * @param err where problems and the address go
   * @return the exit status when it could not start
   */
  static int run(Map<String, String> env, PrintStream err) {
    WebConfig config;
    try {
      config = WebConfig.fromEnvironment(env);
    } catch (WebConfig.InvalidConfig e) {
      e.problems().forEach(p -> err.println("web app: " + p));
      return 2;
    }
    WebApp app;
    try {
      app = new WebApp(config, Clock.systemUTC()).start();
    } catch (RuntimeException e) {
      err.println("web app: could not start: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "web-shutdown"));
    err.println(
        "livy4j web app on "
            + app.address()
            + " (Livy at "
            + config.livyEndpoint()
            + (config.devSignIn() ? "; development sign-in on" : "")
            + ")");
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  @Override
  public String toString() {
    return "WebApp[" + config + "]";
  }
}
