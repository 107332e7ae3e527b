package io.github.livy4j.samples.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.github.livy4j.samples.web.Pages.Layout;
import io.github.livy4j.samples.web.WebSessions.Visit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.exception.HttpResponseExceptionMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request goes through, and what every page is drawn with: the names the app answers
 * at, the security headers, the browser session's cookie, the one access check (signed in, the
 * route's action, CSRF), and the rendering of pages and refusals.
 */
final class Frame {
  private static final Logger LOG = LoggerFactory.getLogger(Frame.class);
  private static final String COOKIE = "livy4j_web";

  /** The largest body the app reads: its forms are small, code included. */
  static final int MAX_BODY = 64 * 1024;

  /**
   * The most of a refused body the app reads and drops before it answers. A server that answers
   * and closes while the browser is still sending makes the browser's network stack reset the
   * connection, and the browser then shows a network error instead of the app's page; reading
   * what is left (into nothing) lets the page arrive. Past this size the connection is closed.
   */
  static final int MAX_DROPPED = 16 * MAX_BODY;

  private final WebConfig config;
  private final WebSessions sessions;
  private final IntSupplier port;
  private final String csp;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

  /**
   * @param config the settings
   * @param sessions the browser sessions
   * @param port the port served, known once the server listens
   */
  Frame(WebConfig config, WebSessions sessions, IntSupplier port) {
    this.config = config;
    this.sessions = sessions;
    this.port = port;
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
  }

  // ---------------------------------------------------------------- before every request

  /**
   * Before any route: the headers of every answer, the name asked for, the body's type and size
   * (from the headers alone, before a byte of it is read), the browser session.
   */
  void enter(Context ctx) {
    ctx.header("Content-Security-Policy", csp);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    if (config.https()) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
    if (!ctx.path().startsWith("/static/")) {
      ctx.header("Cache-Control", "no-store");
    }
    // a request for another name (a DNS-rebinding page) is not for us
    if (!hostAllowed(ctx.host())) {
      LOG.info("Refused a request for host '{}'", ctx.host());
      throw new Refusal(421, "Wrong address", "This app answers only at its own address.", "", "");
    }
    if (ctx.method() == HandlerType.POST) {
      checkBody(ctx);
    }
    sessions.find(ctx.cookie(COOKIE), userActivity(ctx)).ifPresent(v -> ctx.attribute("visit", v));
  }

  /**
   * Whether a request is the user's doing, which keeps their session from idling out: a page
   * load or a form is; the page's background refresh (the {@code /live} fragments app.js
   * fetches, whatever headers it sends) and the static files are not.
   */
  static boolean userActivity(Context ctx) {
    return !ctx.path().endsWith("/live") && !ctx.path().startsWith("/static/");
  }

  /**
   * Every form the app takes is a small url-encoded one: a body declared larger than {@link
   * #MAX_BODY}, or of any other type (a multipart upload among them), is refused from its
   * headers, so nothing of it is read, parsed or written anywhere. A body without a length
   * (chunked) is cut at the same size when it is read.
   */
  private static void checkBody(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_BODY) {
      dropBody(ctx);
      throw tooLarge();
    }
    String type = ctx.req().getContentType();
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!media.equals("application/x-www-form-urlencoded")) {
      dropBody(ctx);
      throw new Refusal(
          415,
          "Not a form",
          "This address takes only the forms of the app's own pages, not uploads or other"
              + " content.",
          "Home",
          "/");
    }
  }

  /**
   * Reads what is left of a refused body, up to {@link #MAX_DROPPED} bytes, and keeps none of it,
   * so that the refusal reaches the browser (see {@link #MAX_DROPPED}). A body declared larger is
   * not read at all. The server's idle timeout bounds the wait for a sender that stalls.
   */
  private static void dropBody(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_DROPPED) {
      return;
    }
    byte[] sink = new byte[8192];
    long left = MAX_DROPPED;
    try {
      InputStream in = ctx.req().getInputStream();
      int n;
      while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException | IllegalStateException e) {
      // the sender went away or the body was already taken: the refusal is all that is left
      LOG.debug("Stopped reading a refused body: {}", e.toString());
    }
  }

  /** The one check every route goes through: signed in, the action's role, and CSRF. */
  void authorize(Context ctx) {
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
    String h = host.toLowerCase(Locale.ROOT);
    if (config.redirectUri() != null && h.equals(authority(config.redirectUri()))) {
      return true;
    }
    if (!loopback(config.bindAddress())) {
      return false;
    }
    String p = ":" + port.getAsInt();
    return h.equals("localhost" + p) || h.equals("127.0.0.1" + p) || h.equals("[::1]" + p);
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
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    int p = u.getPort();
    boolean defaultPort =
        p == -1
            || p == 80 && "http".equalsIgnoreCase(u.getScheme())
            || p == 443 && "https".equalsIgnoreCase(u.getScheme());
    return defaultPort ? host : host + ":" + p;
  }

  static boolean loopback(String address) {
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

  // ---------------------------------------------------------------- the browser session

  Optional<Visit> visit(Context ctx) {
    return Optional.ofNullable(ctx.attribute("visit"));
  }

  Optional<User> user(Context ctx) {
    return visit(ctx).map(v -> v.user);
  }

  User signedIn(Context ctx) {
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

  /** @return the browser's session, started (and its cookie set) when it has none */
  Visit anonymousVisit(Context ctx) {
    Optional<Visit> v = visit(ctx);
    if (v.isPresent()) {
      return v.get();
    }
    Visit fresh = sessions.start();
    setCookie(ctx, fresh);
    ctx.attribute("visit", fresh);
    return fresh;
  }

  void setCookie(Context ctx, Visit v) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            COOKIE
                + "="
                + sessions.cookie(v)
                + "; Path=/; HttpOnly; SameSite=Lax"
                + (config.https() ? "; Secure" : ""));
  }

  void clearCookie(Context ctx) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            COOKIE
                + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                + (config.https() ? "; Secure" : ""));
  }

  // ---------------------------------------------------------------- drawing pages

  Layout layout(Context ctx, String title) {
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

  void render(Context ctx, String template, Object page) {
    StringOutput out = new StringOutput();
    templates.render(template, page, out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  void refuse(Context ctx, Refusal r) {
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

  /**
   * A refusal of the framework's own (no such address, a method the address does not take, a
   * body past the size read), drawn like the app's: a page, or a short text for a fragment.
   */
  void refuse(Context ctx, HttpResponseException e) {
    int status = e.getStatus();
    if (status < 400) {
      HttpResponseExceptionMapper.INSTANCE.handle(e, ctx);
      return;
    }
    String allowed =
        e.getDetails().getOrDefault("Available methods", e.getDetails().get("availableMethods"));
    if (status == 405 && allowed != null) {
      ctx.header("Allow", allowed);
    }
    refuse(
        ctx,
        switch (status) {
          case 404 ->
              new Refusal(404, "Not found", "There is no page at this address.", "Home", "/");
          case 405 ->
              new Refusal(
                  405,
                  "Not allowed here",
                  "This address does not take this kind of request"
                      + (allowed == null ? "." : "; it takes " + allowed + "."),
                  "Home",
                  "/");
          case 413 -> {
            dropBody(ctx);
            yield tooLarge();
          }
          default ->
              new Refusal(
                  status,
                  status >= 500 ? "Something went wrong" : "Bad request",
                  "The app could not take this request.",
                  "Home",
                  "/");
        });
  }

  private static Refusal tooLarge() {
    return new Refusal(
        413,
        "Too large",
        "This request is larger than the app takes: its forms are at most "
            + MAX_BODY / 1024
            + " KB.",
        "Home",
        "/");
  }

  void asset(Context ctx, String name, String type) throws IOException {
    try (InputStream in = Frame.class.getResourceAsStream("/web/" + name)) {
      if (in == null) {
        throw new Refusal(404, "Not found", "No such file.", "", "");
      }
      ctx.contentType(type + "; charset=utf-8")
          .header("Cache-Control", "max-age=300")
          .result(in.readAllBytes());
    }
  }

  // ---------------------------------------------------------------- roles

  /** @return the roles the groups map to through {@code ROLES} */
  Set<Role> roles(List<String> groupIds) {
    Set<Role> out = new TreeSet<>();
    config.roles().rolesFor(groupIds).forEach(t -> Role.fromTitle(t).ifPresent(out::add));
    return out;
  }

  static String rolesText(Set<Role> roles) {
    return roles.isEmpty()
        ? "none"
        : roles.stream().sorted().map(Role::title).collect(Collectors.joining(", "));
  }

  static String origin(URI u) {
    return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority();
  }
}
