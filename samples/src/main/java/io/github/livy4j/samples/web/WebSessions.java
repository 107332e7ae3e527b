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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser sessions, kept on the server. The cookie holds a random id and its HMAC under the
 * session secret; nothing else. A session signed in lasts 8 hours at most and ends after an hour
 * in which the user did nothing (a page's background refresh is not the user doing something);
 * one not signed in (a sign-in under way) lasts 15 minutes, and at most a set number of those
 * are kept: when full, the oldest goes first, and signed-in sessions are never pushed out.
 * Signing in always starts a new session (a fixed id cannot be planted before sign-in), and
 * signing out ends every session of the user. A session ended for a reason (the user lost
 * access) stays as long as one not signed in, so that the browser's next page can say why.
 */
final class WebSessions {
  static final Duration SIGNED_IN_LIFETIME = Duration.ofHours(8);
  static final Duration IDLE_LIMIT = Duration.ofHours(1);
  static final Duration ANONYMOUS_LIFETIME = Duration.ofMinutes(15);

  /** Every session, by id: read without a lock on each request. */
  private final Map<String, Visit> byId = new ConcurrentHashMap<>();

  /** The sessions not signed in, oldest first: the ones the cap pushes out. Guarded by this. */
  private final LinkedHashMap<String, Visit> anonymous = new LinkedHashMap<>();

  /** The signed-in sessions of each user. Guarded by this. */
  private final Map<String, Set<Visit>> byUser = new HashMap<>();

  private final int maxAnonymous;
  private final SecretKeySpec key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Each thread's HMAC under the secret: looking the algorithm up costs more than using it. */
  private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);

  /**
   * @param secret signs the cookies
   * @param clock the clock
   * @param maxAnonymous the most sessions not signed in kept at once, positive
   */
  WebSessions(byte[] secret, Clock clock, int maxAnonymous) {
    if (maxAnonymous < 1) {
      throw new IllegalArgumentException("maxAnonymous must be positive, was " + maxAnonymous);
    }
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.clock = clock;
    this.maxAnonymous = maxAnonymous;
  }

  /** One browser's session. */
  static final class Visit {
    final String id;
    final Instant created;
    final String csrf;

    /** When the user last did something: a page load or a form, not a background refresh. */
    volatile Instant lastActive;

    volatile User user;
    volatile AuthorizationRequest pendingSignIn;

    /** When the user's roles are next read again from Entra ID; {@code null} before the first. */
    volatile Instant rolesDue;

    /** Why the session was ended, for the browser's next page; {@code null} while it lives. */
    volatile String endedWhy;

    /** When it was ended, or when it started when it was never signed in. */
    volatile Instant anonymousSince;

    Visit(String id, Instant created, String csrf) {
      this.id = id;
      this.created = created;
      this.csrf = csrf;
      this.lastActive = created;
      this.anonymousSince = created;
    }

    Instant expiresAt() {
      if (user == null) {
        return anonymousSince.plus(ANONYMOUS_LIFETIME);
      }
      Instant idle = lastActive.plus(IDLE_LIMIT);
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
   * @param activity whether the request is the user's doing (a page load or a form), which keeps
   *     a signed-in session from idling out; a page's background refresh is not
   * @return the session
   */
  Optional<Visit> find(String cookie, boolean activity) {
    if (cookie == null) {
      return Optional.empty();
    }
    int dot = cookie.indexOf('.');
    if (dot <= 0 || !equal(sign(cookie.substring(0, dot)), cookie.substring(dot + 1))) {
      return Optional.empty();
    }
    Visit v = byId.get(cookie.substring(0, dot));
    if (v == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isAfter(v.expiresAt())) {
      end(v);
      return Optional.empty();
    }
    if (activity && v.user != null) {
      v.lastActive = now;
    }
    return Optional.of(v);
  }

  /**
   * A new session, not signed in. When as many as the cap are kept, the oldest goes: each call
   * costs the same however many there are.
   *
   * @return the session
   */
  synchronized Visit start() {
    Instant now = clock.instant();
    dropExpiredAnonymous(now);
    Visit v = create(now);
    admitAnonymous(v);
    return v;
  }

  /**
   * Signs a user in: the old session ends and a new one starts.
   *
   * @param old the session the sign-in ran in, or {@code null}
   * @param user who signed in
   * @return the new session
   */
  synchronized Visit signIn(Visit old, User user) {
    if (old != null) {
      end(old);
    }
    Visit v = create(clock.instant());
    v.user = user;
    byUser.computeIfAbsent(user.key(), k -> new HashSet<>()).add(v);
    return v;
  }

  /**
   * Gives every signed-in session of a user the user's current roles.
   *
   * @param user the user, as their roles now are
   * @param rolesDue when to read their roles again
   */
  synchronized void update(User user, Instant rolesDue) {
    for (Visit v : byUser.getOrDefault(user.key(), Set.of())) {
      v.user = user;
      v.rolesDue = rolesDue;
    }
  }

  /**
   * Ends every session of a user: signing out.
   *
   * @param userKey the user
   * @return how many ended
   */
  synchronized int endAll(String userKey) {
    List<Visit> mine = new ArrayList<>(byUser.getOrDefault(userKey, Set.of()));
    mine.forEach(this::end);
    return mine.size();
  }

  /**
   * Ends every session of a user for a reason that each browser's next page shows: the sessions
   * become ones not signed in, kept as long as those are, and count towards their cap.
   *
   * @param userKey the user
   * @param why what the next page says
   * @return how many ended
   */
  synchronized int endAll(String userKey, String why) {
    Set<Visit> mine = byUser.remove(userKey);
    if (mine == null) {
      return 0;
    }
    Instant now = clock.instant();
    for (Visit v : mine) {
      v.user = null;
      v.pendingSignIn = null;
      v.endedWhy = why;
      v.anonymousSince = now;
      admitAnonymous(v);
    }
    return mine.size();
  }

  /**
   * Forgets the sessions that expired.
   *
   * @return the users who still have a live session
   */
  synchronized Set<String> sweep() {
    Instant now = clock.instant();
    List<Visit> expired = byId.values().stream().filter(v -> now.isAfter(v.expiresAt())).toList();
    expired.forEach(this::end);
    return Set.copyOf(byUser.keySet());
  }

  /** @param v a session to end */
  synchronized void end(Visit v) {
    if (!byId.remove(v.id, v)) {
      return;
    }
    anonymous.remove(v.id);
    User u = v.user;
    if (u != null) {
      Set<Visit> mine = byUser.get(u.key());
      if (mine != null && mine.remove(v) && mine.isEmpty()) {
        byUser.remove(u.key());
      }
    }
  }

  /** @return how many sessions not signed in are kept */
  synchronized int anonymousCount() {
    return anonymous.size();
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

  private Visit create(Instant now) {
    String id = random();
    Visit v = new Visit(id, now, sign("csrf:" + id));
    byId.put(id, v);
    return v;
  }

  /** Keeps a session not signed in, pushing out the oldest when the cap is reached. */
  private void admitAnonymous(Visit v) {
    while (anonymous.size() >= maxAnonymous) {
      end(anonymous.values().iterator().next());
    }
    anonymous.put(v.id, v);
  }

  /**
   * Drops the expired sessions not signed in: they were kept in the order they started or
   * ended, which is the order they expire in, so only the head is looked at.
   */
  private void dropExpiredAnonymous(Instant now) {
    Iterator<Visit> it = anonymous.values().iterator();
    while (it.hasNext()) {
      Visit oldest = it.next();
      if (!now.isAfter(oldest.expiresAt())) {
        return;
      }
      it.remove();
      byId.remove(oldest.id, oldest);
    }
  }

  private String random() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private String sign(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(mac.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
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
