package io.github.livy4j.samples.web;

import io.github.livy4j.auth.entra.AuthorizationRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser sessions, kept on the server. The cookie holds a random id and its HMAC under the
 * session secret; nothing else. A session signed in lasts 8 hours at most and ends after an hour
 * without a request; one not signed in (a sign-in under way) lasts 15 minutes. Signing in always
 * starts a new session (a fixed id cannot be planted before sign-in), and signing out ends every
 * session of the user.
 */
final class WebSessions {
  static final Duration SIGNED_IN_LIFETIME = Duration.ofHours(8);
  static final Duration IDLE_LIMIT = Duration.ofHours(1);
  static final Duration ANONYMOUS_LIFETIME = Duration.ofMinutes(15);
  private static final int MAX_ANONYMOUS = 10_000;

  private final Map<String, Visit> byId = new ConcurrentHashMap<>();
  private final SecretKeySpec key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  WebSessions(byte[] secret, Clock clock) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.clock = clock;
  }

  /** One browser's session. */
  static final class Visit {
    final String id;
    final Instant created;
    final String csrf;
    volatile Instant lastSeen;
    volatile User user;
    volatile AuthorizationRequest pendingSignIn;

    Visit(String id, Instant created, String csrf) {
      this.id = id;
      this.created = created;
      this.csrf = csrf;
      this.lastSeen = created;
    }

    Instant expiresAt() {
      if (user == null) {
        return created.plus(ANONYMOUS_LIFETIME);
      }
      Instant idle = lastSeen.plus(IDLE_LIMIT);
      Instant absolute = created.plus(SIGNED_IN_LIFETIME);
      return idle.isBefore(absolute) ? idle : absolute;
    }

    @Override
    public String toString() {
      return "Visit[" + (user == null ? "anonymous" : user.key()) + "]";
    }
  }

  /**
   * The session a cookie names, if it is genuine and alive.
   *
   * @param cookie the cookie's value, or {@code null}
   * @return the session
   */
  Optional<Visit> find(String cookie) {
    if (cookie == null) {
      return Optional.empty();
    }
    int dot = cookie.indexOf('.');
    if (dot <= 0 || !equal(sign(cookie.substring(0, dot)), cookie.substring(dot + 1))) {
      return Optional.empty();
    }
    Visit v = byId.get(cookie.substring(0, dot));
    Instant now = clock.instant();
    if (v == null || now.isAfter(v.expiresAt())) {
      if (v != null) {
        byId.remove(v.id);
      }
      return Optional.empty();
    }
    v.lastSeen = now;
    return Optional.of(v);
  }

  /** @return a new session, not signed in */
  Visit start() {
    Instant now = clock.instant();
    if (byId.size() > MAX_ANONYMOUS) {
      byId.values().removeIf(v -> now.isAfter(v.expiresAt()));
    }
    String id = random();
    Visit v = new Visit(id, now, sign("csrf:" + id));
    byId.put(id, v);
    return v;
  }

  /**
   * Signs a user in: the old session ends and a new one starts.
   *
   * @param old the session the sign-in ran in, or {@code null}
   * @param user who signed in
   * @return the new session
   */
  Visit signIn(Visit old, User user) {
    if (old != null) {
      byId.remove(old.id);
    }
    Visit v = start();
    v.user = user;
    return v;
  }

  /**
   * Ends every session of a user.
   *
   * @param userKey the user
   * @return how many ended
   */
  int endAll(String userKey) {
    List<Visit> mine =
        byId.values().stream().filter(v -> v.user != null && v.user.key().equals(userKey)).toList();
    mine.forEach(v -> byId.remove(v.id));
    return mine.size();
  }

  /**
   * Forgets the sessions that expired.
   *
   * @return the users who still have a live session
   */
  java.util.Set<String> sweep() {
    Instant now = clock.instant();
    byId.values().removeIf(v -> now.isAfter(v.expiresAt()));
    java.util.Set<String> live = new java.util.HashSet<>();
    byId.values()
        .forEach(
            v -> {
              User u = v.user;
              if (u != null) {
                live.add(u.key());
              }
            });
    return live;
  }

  /** @param v a session to end */
  void end(Visit v) {
    byId.remove(v.id);
  }

  /**
   * @param v a session
   * @return the cookie value for it
   */
  String cookie(Visit v) {
    return v.id + "." + sign(v.id);
  }

  /**
   * @param v a session
   * @param presented the CSRF token a form sent
   * @return whether it is the session's
   */
  static boolean csrfMatches(Visit v, String presented) {
    return presented != null && equal(v.csrf, presented);
  }

  private String random() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private String sign(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is missing", e);
    }
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "WebSessions[" + byId.size() + "]";
  }
}
