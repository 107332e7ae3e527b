package io.github.livy4j.samples.web;

import io.github.livy4j.auth.entra.SignedInUser;
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
 * @param proxyUser the name their Spark sessions run as on Apache Livy when the app sends one
 *     ({@code LIVY_PROXY_USER_CLAIM}): the value of that claim in their Entra sign-in (see {@link
 *     #claimValue}), or their {@code DEV_USERS} name; {@code null} when their sign-in carries none
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
    String proxyUser,
    String logoutHint) {
  User {
    roles = Set.copyOf(roles);
    groupIds = List.copyOf(groupIds);
  }

  /**
   * A user whose {@link #proxyUser()} is their sign-in name when they signed in with the
   * development sign-in, and none otherwise, and whose sign-in name is the hint at sign-out.
   *
   * @param key the user's key
   * @param name the display name
   * @param username the sign-in name
   * @param roles the roles
   * @param groupIds the group ids
   * @param dev whether they signed in with the development sign-in
   */
  User(
      String key,
      String name,
      String username,
      Set<Role> roles,
      List<String> groupIds,
      boolean dev) {
    this(key, name, username, roles, groupIds, dev, dev ? username : null, username);
  }

  boolean may(Action action) {
    return action.allows(roles);
  }

  /**
   * The value of a claim of an Entra sign-in, for {@link #proxyUser()}.
   *
   * @param signIn who signed in
   * @param claim the claim's name ({@link WebConfig#proxyUserClaim()}), or {@code null}
   * @return the claim's text, stripped; {@code null} when the claim is null, missing, blank or
   *     not text
   */
  static String claimValue(SignedInUser signIn, String claim) {
    Object v = claim == null ? null : signIn.claims().get(claim);
    return v instanceof String s && !s.isBlank() ? s.strip() : null;
  }
}
