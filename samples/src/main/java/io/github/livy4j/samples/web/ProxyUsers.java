package io.github.livy4j.samples.web;

import io.github.livy4j.SessionInfo;
import java.util.Optional;

/**
 * Whose name each user's Spark sessions run as on Apache Livy ({@code LIVY_PROXY_USER_CLAIM}):
 * every session the app creates for a user carries Livy's {@code proxyUser} with that user's
 * {@link User#proxyUser()}, so that Spark runs as them rather than as the user Livy runs as. A
 * user without such a name gets a refusal, never a session as Livy's own user; and a session
 * the server started as someone else (Livy 0.7.1 drops {@code proxyUser} without a word unless
 * {@code livy.impersonation.enabled} is true) is deleted before any code runs in it.
 */
final class ProxyUsers {
  private static final int MAX_LENGTH = 256;

  private final String claim;

  /**
   * @param claim the claim the names come from ({@link WebConfig#proxyUserClaim()}), or {@code
   *     null}: sessions carry no {@code proxyUser}
   */
  ProxyUsers(String claim) {
    this.claim = claim;
  }

  /**
   * The {@code proxyUser} a new session of this user carries.
   *
   * @param user who creates the session
   * @return the name; empty when the setting is off
   * @throws Refusal when the setting is on and the user has no name that can be sent
   */
  Optional<String> forNewSession(User user) {
    if (claim == null) {
      return Optional.empty();
    }
    String name = user.proxyUser();
    if (name == null || name.isBlank()) {
      throw new Refusal(
          403,
          "No user name for Spark",
          "This app runs each user's Spark sessions under their own name on Livy, taken from the"
              + " '"
              + claim
              + "' claim of their sign-in, and yours carries no such claim. No session was"
              + " started: it would have run as the app's own Livy user. Ask an administrator to"
              + " add the claim to the app's ID token (App registration, Token configuration).",
          "Back",
          "/sessions");
    }
    if (name.length() > MAX_LENGTH || !name.codePoints().allMatch(ProxyUsers::allowed)) {
      throw new Refusal(
          403,
          "No user name for Spark",
          "This app runs each user's Spark sessions under their own name on Livy, taken from the"
              + " '"
              + claim
              + "' claim of their sign-in, and yours cannot be a user name: it holds spaces or"
              + " control characters, or is longer than "
              + MAX_LENGTH
              + " characters. No session was started.",
          "Back",
          "/sessions");
    }
    return Optional.of(name);
  }

  private static boolean allowed(int c) {
    return !Character.isWhitespace(c) && !Character.isISOControl(c) && !Character.isSpaceChar(c);
  }

  /**
   * Whether the server runs a session as the user it was asked to.
   *
   * @param asked the {@code proxyUser} the session was created with
   * @param started the session as the server reports it
   * @return why not, for the user to read; empty when it does
   */
  static Optional<String> notHonoured(String asked, SessionInfo started) {
    Optional<String> reported = started.proxyUser();
    if (reported.isPresent() && reported.get().equals(asked)) {
      return Optional.empty();
    }
    return Optional.of(
        "Livy did not start the session as "
            + asked
            + " (it reports "
            + reported.map(u -> "the user " + u).orElse("no proxyUser")
            + "): the server ignores proxyUser unless livy.impersonation.enabled is true. The"
            + " session was deleted before any code ran in it.");
  }
}
