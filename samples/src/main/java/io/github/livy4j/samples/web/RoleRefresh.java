package io.github.livy4j.samples.web;

import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraWebApp;
import io.github.livy4j.auth.entra.GraphException;
import io.github.livy4j.auth.entra.GraphGroups;
import io.github.livy4j.auth.entra.SignedInUser;
import io.github.livy4j.samples.web.WebSessions.Visit;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps signed-in users' roles current. On a user's first request after {@code ROLE_REFRESH}
 * (a page's background refresh included, so that an open tab does not keep roles the user lost),
 * the user's sign-in is renewed with Entra ID and their groups read again: from the new ID
 * token, or from Microsoft Graph when there are too many for it. Changed roles reach every
 * browser session of the user; with no role left, or a sign-in Entra no longer accepts, the user
 * is signed out (their Livy sessions handled as at sign-out) and every browser's next page says
 * why. When Entra or Graph cannot be reached the roles are kept, and read again a minute later.
 */
final class RoleRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(RoleRefresh.class);
  private static final Duration RETRY = Duration.ofMinutes(1);

  private final WebConfig config;
  private final Clock clock;
  private final Frame frame;
  private final WebSessions sessions;
  private final Workspaces workspaces;
  private final EntraWebApp entra;
  private final GraphGroups graph;
  private final String graphBase;
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  RoleRefresh(
      WebConfig config,
      Clock clock,
      Frame frame,
      WebSessions sessions,
      Workspaces workspaces,
      EntraWebApp entra,
      GraphGroups graph,
      String graphBase) {
    this.config = config;
    this.clock = clock;
    this.frame = frame;
    this.sessions = sessions;
    this.workspaces = workspaces;
    this.entra = entra;
    this.graph = graph;
    this.graphBase = graphBase;
  }

  /**
   * The group ids of a user who signed in or whose sign-in was renewed: the ID token's claim,
   * or Microsoft Graph's answer when the token left them out.
   *
   * @param su the user, from the ID token
   * @return the group ids
   * @throws GraphException when Graph cannot be read
   * @throws EntraAuthenticationException when no token for Graph can be had
   */
  List<String> groupIds(SignedInUser su) {
    List<String> ids = su.listClaim(config.groupClaim());
    if (ids.isEmpty() && su.groupsOverage()) {
      ids = graph.groupIds(entra.forUser(su.homeAccountId(), graphBase + "GroupMember.Read.All"));
    }
    return ids;
  }

  /** @return when the roles of a session's user are read again */
  Instant due(Visit v) {
    Instant due = v.rolesDue;
    return due != null ? due : v.created.plus(config.signIns().roleRefresh());
  }

  /**
   * Before every route, once the browser's session is known: a session that ended for a reason
   * says so, and a signed-in user's roles are read again when due.
   */
  void check(Context ctx) {
    Visit v = frame.visit(ctx).orElse(null);
    if (v == null || ctx.path().startsWith("/static/")) {
      return;
    }
    if (v.endedWhy == null) {
      User u = v.user;
      if (u == null || u.dev() || entra == null || clock.instant().isBefore(due(v))) {
        return;
      }
      if (refreshing.add(u.key())) {
        try {
          refresh(u);
        } finally {
          refreshing.remove(u.key());
        }
      }
    }
    String why = v.endedWhy;
    if (why == null) {
      return;
    }
    if (Frame.userActivity(ctx)) {
      // the page the user asked for says why, once; then the browser starts afresh
      sessions.end(v);
      frame.clearCookie(ctx);
      throw new Refusal(401, "You were signed out", why, "Home", "/");
    }
    // a page's background refresh: its page goes to the start page, which says why
    throw new Refusal(401, "Signed out", why, "", "");
  }

  private void refresh(User u) {
    Instant now = clock.instant();
    SignedInUser su;
    List<String> groups;
    try {
      su = entra.renewSignIn(u.key(), graphBase + "User.Read");
      groups = groupIds(su);
    } catch (EntraAuthenticationException e) {
      if (e.reason() == EntraAuthenticationException.Reason.SIGN_IN_REQUIRED) {
        LOG.info("Entra ID no longer accepts the sign-in of {}; signing them out", u.username());
        noAccess(
            u.key(),
            "Entra ID no longer accepts your sign-in, so you were signed out in every browser: "
                + e.getMessage());
        return;
      }
      keep(u, now, e.getMessage());
      return;
    } catch (GraphException e) {
      keep(u, now, e.getMessage());
      return;
    }
    Set<Role> roles = frame.roles(groups);
    if (roles.isEmpty()) {
      LOG.info("{} has no role any more; signing them out", u.username());
      noAccess(
          u.key(),
          "Your groups were read again from Entra ID, and none of your "
              + groups.size()
              + " groups maps to a role of this app any more (ROLES), so you were signed out in"
              + " every browser. Ask an administrator to add you to a group for Viewers, Editors"
              + " or Administrators.");
      return;
    }
    if (!roles.equals(u.roles())) {
      LOG.info("The roles of {} are now {}", u.username(), Frame.rolesText(roles));
    }
    User current =
        new User(
            u.key(),
            su.name().isEmpty() ? su.username() : su.name(),
            su.username(),
            roles,
            groups,
            false,
            User.claimValue(su, config.proxyUserClaim()),
            u.logoutHint());
    sessions.update(current, now.plus(config.signIns().roleRefresh()));
  }

  private void keep(User u, Instant now, String problem) {
    LOG.warn(
        "Could not read the roles of {} again, keeping them for a minute: {}",
        u.username(),
        problem);
    sessions.update(u, now.plus(RETRY));
  }

  /**
   * Signs a user who has no access out everywhere: every browser session ends (its next page
   * says why), their Livy sessions go as at sign-out, and their tokens are forgotten.
   *
   * @param userKey the user
   * @param why what each browser's next page says
   */
  void noAccess(String userKey, String why) {
    sessions.endAll(userKey, why);
    try {
      workspaces.signOut(userKey, config.keepSessionsOnSignOut());
    } finally {
      if (entra != null) {
        entra.signOut(userKey);
      }
    }
  }
}
