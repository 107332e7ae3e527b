package io.github.livy4j.samples.web;

import io.github.livy4j.LivyClient;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.auth.entra.EntraWebApp;
import io.github.livy4j.fabric.FabricLivy;
import io.github.livy4j.spi.LivyBackend;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  private final WebConfig config;
  private final EntraWebApp entra;
  private final WebSessions sessions;
  private final Workspaces workspaces;
  private final Javalin server;
  private final ScheduledExecutorService sweeper;

  /**
   * Creates the app; {@link #start()} serves it.
   *
   * @param config the settings
   * @param clock the clock
   */
  public WebApp(WebConfig config, Clock clock) {
    this.config = config;
    this.entra = config.entraSignIn() ? entra(config) : null;
    byte[] secret =
        config.sessionSecret() != null
            ? config.sessionSecret().getBytes(StandardCharsets.UTF_8)
            : randomSecret();
    this.sessions = new WebSessions(secret, clock, config.signIns().maxPending());
    SessionSpec spec =
        SessionSpec.builder()
            .namePrefix(config.sessionNamePrefix())
            .conf(config.sparkConf())
            .pyFiles(config.sparkDependencies())
            .idleTimeout(config.idleTimeout())
            .build();
    this.workspaces = new Workspaces(this::client, spec, clock, config);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "web-sweeper");
              t.setDaemon(true);
              return t;
            });
    Frame frame = new Frame(config, sessions, this::port);
    SignInRoutes signIn = new SignInRoutes(config, clock, frame, sessions, workspaces, entra);
    SessionRoutes pages = new SessionRoutes(frame, workspaces);
    this.server =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.http.maxRequestSize = Frame.MAX_BODY;
              c.http.prefer405over404 = true;
              // no upload is taken (Frame refuses it from its headers); were one ever parsed, it
              // stays in memory, within the same size: nothing is written to disk
              c.jetty.multipartConfig.maxTotalRequestSize(Frame.MAX_BODY, SizeUnit.BYTES);
              c.jetty.multipartConfig.maxFileSize(Frame.MAX_BODY, SizeUnit.BYTES);
              c.jetty.multipartConfig.maxInMemoryFileSize(4 * Frame.MAX_BODY, SizeUnit.BYTES);
              c.jetty.host = config.bindAddress();
              c.jetty.port = config.port();
              c.routes.before(frame::enter);
              c.routes.before(signIn::checkRoles);
              c.routes.beforeMatched(frame::authorize);
              c.routes.exception(Refusal.class, (e, ctx) -> frame.refuse(ctx, e));
              c.routes.exception(HttpResponseException.class, (e, ctx) -> frame.refuse(ctx, e));
              c.routes.exception(
                  Exception.class,
                  (e, ctx) ->
                      frame.refuse(
                          ctx,
                          new Refusal(
                              500,
                              "Something went wrong",
                              "The app could not complete this request. Try again; if it keeps"
                                  + " failing, give the app's operator this reference: "
                                  + Incident.log(ctx.method() + " " + ctx.path(), e)
                                  + ".",
                              "",
                              "")));
              routes(c.routes, frame, signIn, pages);
            });
  }

  /** Every route, each with the one action that guards it (see {@link Action}). */
  private void routes(RoutesConfig r, Frame frame, SignInRoutes signIn, SessionRoutes pages) {
    getAndHead(r, "/", Action.PUBLIC, signIn::home);
    getAndHead(
        r, "/static/app.js", Action.PUBLIC, ctx -> frame.asset(ctx, "app.js", "text/javascript"));
    getAndHead(r, "/static/app.css", Action.PUBLIC, ctx -> frame.asset(ctx, "app.css", "text/css"));
    getAndHead(r, "/static/chart.umd.js", Action.PUBLIC, WebJar.CHART_JS::serve);
    getAndHead(r, "/sign-in", Action.PUBLIC, signIn::signIn);
    getAndHead(r, config.redirectUri().getRawPath(), Action.PUBLIC, signIn::callback);
    if (config.devSignIn()) {
      r.post("/dev/sign-in", signIn::devSignIn, Action.PUBLIC);
    }
    getAndHead(r, "/signed-out", Action.PUBLIC, signIn::signedOut);
    r.post("/sign-out", signIn::signOut, Action.SIGN_OUT);
    getAndHead(r, "/profile", Action.VIEW_PROFILE, signIn::profile);
    getAndHead(
        r, "/sessions", Action.VIEW_OWN_SESSIONS, ctx -> pages.sessionList(ctx, false, false));
    getAndHead(
        r, "/sessions/live", Action.VIEW_OWN_SESSIONS, ctx -> pages.sessionList(ctx, false, true));
    r.post("/sessions", pages::createSession, Action.CREATE_SESSION);
    getAndHead(r, "/sessions/{id}", Action.VIEW_OWN_SESSIONS, ctx -> pages.session(ctx, false));
    getAndHead(r, "/sessions/{id}/live", Action.VIEW_OWN_SESSIONS, ctx -> pages.session(ctx, true));
    r.post("/sessions/{id}/statements", pages::runCode, Action.RUN_CODE);
    r.post("/sessions/{id}/statements/{n}/cancel", pages::cancel, Action.CANCEL_STATEMENT);
    r.post("/sessions/{id}/stop", pages::stop, Action.STOP_OWN_SESSION);
    getAndHead(
        r, "/admin/sessions", Action.VIEW_ALL_SESSIONS, ctx -> pages.sessionList(ctx, true, false));
    getAndHead(
        r,
        "/admin/sessions/live",
        Action.VIEW_ALL_SESSIONS,
        ctx -> pages.sessionList(ctx, true, true));
  }

  /**
   * A page, for GET and for HEAD (which health checks send): the same handler and the same
   * action, the body left out of HEAD's answer by the server.
   */
  private static void getAndHead(RoutesConfig routes, String path, Action action, Handler h) {
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
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
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

  // ---------------------------------------------------------------------------------- helpers

  private LivyClient.Builder client(User user) {
    WebConfig.LivyCredential c = config.livyCredential();
    LivyClient.Builder b =
        LivyClient.builder()
            .backend(
                config.fabric() ? FabricLivy.endpoint(config.livyEndpoint()) : apacheBackend(c))
            .requestTimeout(config.requestTimeout())
            .refuseCredentialsOverPlainHttp(true)
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

  private static byte[] randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
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
