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
 */
record User(
    String key, String name, String username, Set<Role> roles, List<String> groupIds, boolean dev) {
  User {
    roles = Set.copyOf(roles);
    groupIds = List.copyOf(groupIds);
  }

  boolean may(Action action) {
    return action.allows(roles);
  }
}
