package io.github.livy4j.samples.web;

import io.javalin.security.RouteRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every route's action, and the roles it needs: the app's one access table. Each route is
 * registered with exactly one action, and one check before every handler enforces it, so a
 * route cannot be added without saying who may use it.
 */
public enum Action implements RouteRole {
  /** Pages anyone may see: the start page, sign-in, the callback, static files. */
  PUBLIC(),
  /** Signing out: any signed-in user, whatever their roles. */
  SIGN_OUT(Role.VIEWER, Role.EDITOR, Role.ADMINISTRATOR),
  /** The user's profile, groups, token and session time. */
  VIEW_PROFILE(Role.VIEWER, Role.EDITOR, Role.ADMINISTRATOR),
  /** The user's own sessions and their statements (live). */
  VIEW_OWN_SESSIONS(Role.VIEWER, Role.EDITOR, Role.ADMINISTRATOR),
  /** Creating a Livy session. */
  CREATE_SESSION(Role.EDITOR, Role.ADMINISTRATOR),
  /** Running code in one's own session. */
  RUN_CODE(Role.EDITOR, Role.ADMINISTRATOR),
  /** Cancelling a statement in one's own session. */
  CANCEL_STATEMENT(Role.EDITOR, Role.ADMINISTRATOR),
  /** Stopping one's own session. */
  STOP_OWN_SESSION(Role.EDITOR, Role.ADMINISTRATOR),
  /**
   * Seeing everyone's sessions and their statements and results, read-only: the team's work.
   * Acting on another user's session needs more: only {@link #STOP_ANY_SESSION} does.
   */
  VIEW_ALL_SESSIONS(Role.VIEWER, Role.EDITOR, Role.ADMINISTRATOR),
  /** Stopping any user's session (another user's only after a confirmation). */
  STOP_ANY_SESSION(Role.ADMINISTRATOR);

  private final Set<Role> roles;

  Action(Role... roles) {
    this.roles = roles.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(roles[0], roles));
  }

  /** @return the roles any one of which allows the action; empty for {@link #PUBLIC} */
  public Set<Role> roles() {
    return roles;
  }

  /**
   * @param userRoles a user's roles
   * @return whether a user with these roles may do this
   */
  public boolean allows(Set<Role> userRoles) {
    return this == PUBLIC || userRoles.stream().anyMatch(roles::contains);
  }
}
