package io.github.livy4j.samples.web;

import java.util.List;
import java.util.Set;

/**
 * A signed-in user as the app knows them: no token, only who they are and their roles.
 *
 * @param key the user's key: the Entra home account id, or {@code dev:<name>}
 * @param name the display name
 * @param username the sign-in name
 * @param roles the roles their groups map to
 * @param groupIds the group ids the roles came from
 * @param dev whether they signed in with the development sign-in
 * @param logoutHint what names the account to Entra ID at sign-out ({@code logout_hint}): the ID
 *     token's {@code login_hint} claim, or the sign-in name
 */
record User(
    String key,
    String name,
    String username,
    Set<Role> roles,
    List<String> groupIds,
    boolean dev,
    String logoutHint) {
  User {
    roles = Set.copyOf(roles);
    groupIds = List.copyOf(groupIds);
  }

  /** A user whose sign-in name is the hint at sign-out. */
  User(
      String key,
      String name,
      String username,
      Set<Role> roles,
      List<String> groupIds,
      boolean dev) {
    this(key, name, username, roles, groupIds, dev, username);
  }

  boolean may(Action action) {
    return action.allows(roles);
  }
}
