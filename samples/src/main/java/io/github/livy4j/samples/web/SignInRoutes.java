package io.github.livy4j.samples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.entra.AuthorizationRequest;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraWebApp;
import io.github.livy4j.auth.entra.GraphException;
import io.github.livy4j.auth.entra.GraphGroups;
import io.github.livy4j.auth.entra.SignedInUser;
import io.github.livy4j.fabric.FabricLivy;
import io.github.livy4j.samples.web.WebSessions.Visit;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages of signing in and out, and the profile: the start page, the Entra ID sign-in and its
 * callback (groups from the ID token, or from Microsoft Graph when there are too many), the
 * development sign-in, signing out, and the profile with the user's groups and Graph details.
 */
final class SignInRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SignInRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebConfig config;
  private final Clock clock;
  private final Frame frame;
  private final WebSessions sessions;
  private final Workspaces workspaces;
  private final EntraWebApp entra;
  private final GraphGroups graph;
  private final String graphBase;
  private final HttpClient graphHttp;
  private final RoleRefresh roleRefresh;
  private final SignInRate rate;

  /**
   * @param config the settings
   * @param clock the clock
   * @param frame the request frame
   * @param sessions the browser sessions
   * @param workspaces the users' Livy sessions
   * @param entra the Entra ID sign-in, null when it is off
   */
  SignInRoutes(
      WebConfig config,
      Clock clock,
      Frame frame,
      WebSessions sessions,
      Workspaces workspaces,
      EntraWebApp entra) {
    this.config = config;
    this.clock = clock;
    this.frame = frame;
    this.sessions = sessions;
    this.workspaces = workspaces;
    this.entra = entra;
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
    this.roleRefresh =
        new RoleRefresh(config, clock, frame, sessions, workspaces, entra, graph, graphBase);
    WebConfig.SignIns limits = config.signIns();
    this.rate = new SignInRate(clock, limits.perMinute(), limits.perMinutePerAddress());
  }

  /** Before every route: see {@link RoleRefresh#check}. */
  void checkRoles(Context ctx) {
    roleRefresh.check(ctx);
  }

  /**
   * The browser's session, started when it has none, if sign-ins are not starting too fast; else
   * a 429 page that says when to try again.
   */
  private Visit anonymousVisit(Context ctx) {
    if (frame.visit(ctx).isEmpty()) {
      Duration wait = rate.admit(ctx.ip());
      if (!wait.isZero()) {
        ctx.header("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        throw new Refusal(
            429,
            "Too many sign-ins",
            "Too many sign-ins are starting right now. Wait a moment and try again.",
            "Try again",
            "/");
      }
    }
    return frame.anonymousVisit(ctx);
  }

  void home(Context ctx) {
    if (frame.user(ctx).isPresent()) {
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
                dev.add(
                    new Pages.DevUserView(
                        id, u.name(), Frame.rolesText(frame.roles(u.groupIds())))));
    frame.render(
        ctx, "home.jte", new Pages.Home(frame.layout(ctx, "Welcome"), config.entraSignIn(), dev));
  }

  void signIn(Context ctx) {
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

  void callback(Context ctx) {
    if (entra == null) {
      throw new Refusal(
          404, "Not available", "Entra ID sign-in is not configured here.", "Home", "/");
    }
    Visit v = frame.visit(ctx).orElse(null);
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
      String ref = Incident.log("Completing a sign-in", e);
      throw new Refusal(
          Incident.signInStatus(e),
          "Sign-in failed",
          Incident.signIn(e) + " Try again." + Incident.see(ref),
          "Try again",
          "/sign-in");
    }
    String key = su.homeAccountId();
    List<String> groupIds;
    try {
      groupIds = roleRefresh.groupIds(su);
    } catch (GraphException | EntraAuthenticationException e) {
      entra.signOut(key);
      String ref = Incident.log("Reading the groups of " + su.username(), e);
      throw new Refusal(
          502,
          "Could not read your groups",
          "You signed in, but your groups could not be read from Microsoft Graph, so your roles"
              + " are unknown. "
              + Incident.words(e)
              + " Try again."
              + Incident.see(ref),
          "Try again",
          "/sign-in");
    }
    Set<Role> granted = frame.roles(groupIds);
    if (granted.isEmpty()) {
      // the user's other browsers lose their access too, and say why on their next page
      roleRefresh.noAccess(
          key,
          "You signed in again as "
              + su.username()
              + " in another browser, and none of your groups maps to a role of this app any"
              + " more (ROLES), so you were signed out here too.");
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
            granted,
            groupIds,
            false,
            User.claimValue(su, config.proxyUserClaim()),
            su.loginHint().orElse(su.username()));
    frame.setCookie(ctx, sessions.signIn(v, user));
    // the user's other browsers get the roles just read
    sessions.update(user, clock.instant().plus(config.signIns().roleRefresh()));
    LOG.info("{} signed in with roles {}", su.username(), Frame.rolesText(granted));
    ctx.redirect("/sessions");
  }

  void devSignIn(Context ctx) {
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
    Set<Role> roles = frame.roles(u.groupIds());
    if (roles.isEmpty()) {
      throw new Refusal(
          403,
          "No access",
          "None of the groups of " + id + " maps to a role" + " of this app (ROLES).",
          "Home",
          "/");
    }
    User user = new User("dev:" + id, u.name(), id, roles, u.groupIds(), true);
    frame.setCookie(ctx, sessions.signIn(frame.visit(ctx).orElse(null), user));
    ctx.redirect("/sessions");
  }

  void signOut(Context ctx) {
    User user = frame.signedIn(ctx);
    workspaces.signOut(user.key(), config.keepSessionsOnSignOut());
    if (!user.dev() && entra != null) {
      entra.signOut(user.key());
    }
    sessions.endAll(user.key());
    frame.clearCookie(ctx);
    URI after =
        config.logoutUri() != null
            ? config.logoutUri()
            : URI.create(Frame.origin(config.redirectUri()) + "/signed-out");
    ctx.redirect(
        user.dev() || entra == null
            ? after.toString()
            : entra.signOutUrl(after, user.logoutHint()).toString());
  }

  void signedOut(Context ctx) {
    frame.render(
        ctx,
        "message.jte",
        new Pages.Message(
            frame.layout(ctx, "Signed out"),
            200,
            "You are signed out",
            "Your sessions were " + (config.keepSessionsOnSignOut() ? "left running." : "stopped."),
            "Home",
            "/"));
  }

  void profile(Context ctx) throws InterruptedException {
    User user = frame.signedIn(ctx);
    Visit v = frame.visit(ctx).orElseThrow();
    List<Pages.GroupView> groups = new ArrayList<>();
    List<Pages.Field> fields = new ArrayList<>();
    String problem = "";
    Map<String, String> names = new HashMap<>();
    String tokenLeft;
    if (!config.fabric()) {
      tokenLeft = "none: Apache Livy receives no user token";
    } else if (user.dev()) {
      tokenLeft = "none: the development sign-in has no token";
    } else {
      tokenLeft = tokenLeft(user);
    }
    if (!user.dev()) {
      try {
        graph
            .groups(entra.forUser(user.key(), graphBase + "GroupMember.Read.All"))
            .forEach(g -> names.put(g.id(), g.displayName()));
        fields.addAll(graphProfile(user));
      } catch (GraphException | EntraAuthenticationException e) {
        String ref = Incident.log("Reading Microsoft Graph for " + user.username(), e);
        problem = "Microsoft Graph could not be read. " + Incident.words(e) + Incident.see(ref);
      }
    }
    Set<String> ids = new TreeSet<>(user.groupIds());
    ids.addAll(names.keySet());
    for (String id : ids) {
      groups.add(
          new Pages.GroupView(
              id, names.getOrDefault(id, ""), Frame.rolesText(frame.roles(List.of(id)))));
    }
    frame.render(
        ctx,
        "profile.jte",
        new Pages.Profile(
            frame.layout(ctx, "Profile"),
            user.name(),
            user.username(),
            user.dev() ? "the development sign-in (DEV_USERS)" : "Microsoft Entra ID",
            Frame.rolesText(user.roles()),
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
          e);
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

  /** @return how long the user's Fabric token has left */
  private String tokenLeft(User user) {
    try {
      Optional<AccessToken> t = entra.forUser(user.key(), FabricLivy.SCOPE).getToken();
      return t.map(
              x ->
                  left(Duration.between(clock.instant(), x.expiresAt()))
                      + " (Fabric; renewed automatically before it expires)")
          .orElse("none");
    } catch (EntraAuthenticationException e) {
      String ref = Incident.log("Reading the token of " + user.username(), e);
      return "unavailable. " + Incident.words(e) + Incident.see(ref);
    }
  }

  private static String left(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "expired";
    }
    long m = d.toMinutes();
    return m >= 60 ? (m / 60) + " h " + (m % 60) + " min left" : m + " min left";
  }
}
