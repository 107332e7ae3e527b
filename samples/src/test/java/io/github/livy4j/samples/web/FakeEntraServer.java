package io.github.livy4j.samples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stateful fake Microsoft Entra ID and Microsoft Graph on one loopback port: an authorize
 * page where a browser picks a user, the token endpoint (authorization code with PKCE, refresh
 * tokens), the tenant's signing keys, the end-session endpoint, and Graph's {@code /me} and
 * {@code /me/memberOf} (two pages, for users whose groups overflow the token).
 */
final class FakeEntraServer implements AutoCloseable {
  static final String TENANT = "6a1f5c3e-0000-4000-8000-00000000beef";
  static final String CLIENT = "web-client-id";
  static final String SECRET =
      io.github.livy4j.NoSecretLeaks.secret("web-client-secret-never-shown-0123456789");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A user of the fake tenant. */
  record Person(String oid, String name, List<String> groups, boolean overage) {}

  private final HttpServer server;
  private final KeyPair key;
  private final SecureRandom random = new SecureRandom();

  /** The tenant's users; {@link #person} again changes one (their groups, say). */
  private final Map<String, Person> people =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, Person> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Person> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, String> scopes = new ConcurrentHashMap<>();

  /** The users whose refresh tokens Entra no longer accepts (disabled, sessions revoked). */
  final Set<String> revoked = ConcurrentHashMap.newKeySet();

  /** Every credential the fake issued: none may ever reach a page. */
  final Set<String> issued = ConcurrentHashMap.newKeySet();

  /** The end-session requests, as their post-logout redirect URIs. */
  final List<String> signOuts = new CopyOnWriteArrayList<>();

  volatile int graphFailures;

  /** The end-session requests' {@code logout_hint}s, empty where there was none. */
  final List<String> signOutHints = new CopyOnWriteArrayList<>();

  /** Whether ID tokens carry the {@code login_hint} optional claim ({@code hint-<oid>}). */
  volatile boolean loginHints = true;

  private record Grant(Person who, String nonce, String challenge, String redirect) {}

  FakeEntraServer() throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      this.key = g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  FakeEntraServer person(String oid, String name, List<String> groups, boolean overage) {
    people.put(oid, new Person(oid, name, groups, overage));
    return this;
  }

  /** @return the authority host, as {@code AZURE_AUTHORITY_HOST} takes it */
  String authorityHost() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  String graph(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0" + path;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      Map<String, String> q = form(ex.getRequestURI().getRawQuery());
      String base = "/" + TENANT;
      if (path.equals(base + "/oauth2/v2.0/authorize")) {
        authorizePage(ex, q);
      } else if (path.equals(base + "/oauth2/v2.0/pick")) {
        pick(ex, q);
      } else if (path.equals(base + "/oauth2/v2.0/token")) {
        token(ex, form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      } else if (path.equals(base + "/discovery/v2.0/keys")) {
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        send(
            ex,
            200,
            "application/json",
            JSON.writeValueAsString(
                Map.of(
                    "keys",
                    List.of(
                        Map.of(
                            "kty",
                            "RSA",
                            "use",
                            "sig",
                            "kid",
                            "k1",
                            "alg",
                            "RS256",
                            "n",
                            b64(unsigned(pub.getModulus())),
                            "e",
                            b64(unsigned(pub.getPublicExponent())))))));
      } else if (path.equals(base + "/oauth2/v2.0/logout")) {
        String after = q.getOrDefault("post_logout_redirect_uri", "");
        signOuts.add(after);
        signOutHints.add(q.getOrDefault("logout_hint", ""));
        ex.getResponseHeaders().add("Location", after.isEmpty() ? "/" : after);
        send(ex, 302, "text/plain", "");
      } else if (path.startsWith("/v1.0/")) {
        graph(ex, path, q);
      } else {
        send(ex, 404, "text/plain", "no such endpoint: " + path);
      }
    }
  }

  private void authorizePage(HttpExchange ex, Map<String, String> q) throws IOException {
    if (!CLIENT.equals(q.get("client_id"))
        || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null
        || q.get("state") == null) {
      send(ex, 400, "text/plain", "bad authorize request: " + q.keySet());
      return;
    }
    StringBuilder html =
        new StringBuilder(
            "<!DOCTYPE html><html><head><title>Fake Entra"
                + " sign-in</title></head><body><h1>Fake Entra ID: pick an account</h1>");
    List<Person> everyone;
    synchronized (people) {
      everyone = List.copyOf(people.values());
    }
    for (Person p : everyone) {
      html.append("<form method=\"get\" action=\"pick\">");
      for (String k : List.of("state", "nonce", "code_challenge", "redirect_uri")) {
        html.append("<input type=\"hidden\" name=\"")
            .append(k)
            .append("\" value=\"")
            .append(q.getOrDefault(k, "").replace("&", "&amp;").replace("\"", "&quot;"))
            .append("\">");
      }
      html.append("<input type=\"hidden\" name=\"user\" value=\"")
          .append(p.oid())
          .append("\"><button type=\"submit\" id=\"pick-")
          .append(p.oid())
          .append("\">")
          .append(p.name())
          .append("</button></form>");
    }
    send(ex, 200, "text/html; charset=utf-8", html.append("</body></html>").toString());
  }

  /** The browser picked a user: a code goes back to the app. */
  private void pick(HttpExchange ex, Map<String, String> q) throws IOException {
    Person p = people.get(q.get("user"));
    String code = issue("code");
    codes.put(code, new Grant(p, q.get("nonce"), q.get("code_challenge"), q.get("redirect_uri")));
    ex.getResponseHeaders()
        .add("Location", redirectWithCode(q.get("redirect_uri"), code, q.get("state")));
    send(ex, 302, "text/plain", "");
  }

  /** For tests without a browser: the redirect a user's sign-in ends with. */
  String signInAs(URI authorizeUrl, String oid) {
    Map<String, String> q = form(authorizeUrl.getRawQuery());
    String code = issue("code");
    codes.put(
        code,
        new Grant(people.get(oid), q.get("nonce"), q.get("code_challenge"), q.get("redirect_uri")));
    return redirectWithCode(q.get("redirect_uri"), code, q.get("state"));
  }

  private static String redirectWithCode(String redirect, String code, String state) {
    return redirect + "?code=" + enc(code) + "&state=" + enc(state) + "&session_state=x";
  }

  private void token(HttpExchange ex, Map<String, String> f) throws IOException {
    if (!SECRET.equals(f.get("client_secret"))) {
      send(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
      return;
    }
    Person who;
    String nonce = null;
    if ("authorization_code".equals(f.get("grant_type"))) {
      Grant g = codes.remove(f.getOrDefault("code", ""));
      if (g == null
          || !g.redirect().equals(f.get("redirect_uri"))
          || !g.challenge().equals(s256(f.getOrDefault("code_verifier", "")))) {
        send(
            ex,
            400,
            "application/json",
            "{\"error\":\"invalid_grant\","
                + "\"error_description\":\"AADSTS70008: bad or used code, or wrong verifier\"}");
        return;
      }
      who = g.who();
      nonce = g.nonce();
    } else if ("refresh_token".equals(f.get("grant_type"))) {
      who = refreshTokens.get(f.getOrDefault("refresh_token", ""));
      // a renewal tells who the user is today: their groups as they are now
      who = who == null ? null : people.get(who.oid());
      if (who == null || revoked.contains(who.oid())) {
        send(
            ex,
            400,
            "application/json",
            "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50057: The user"
                + " account is disabled.\",\"error_codes\":[50057]}");
        return;
      }
    } else {
      send(ex, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
      return;
    }
    String at = issue("at");
    String rt = issue("rt");
    accessTokens.put(at, who);
    scopes.put(at, f.getOrDefault("scope", ""));
    refreshTokens.put(rt, who);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "Bearer");
    body.put("scope", f.getOrDefault("scope", ""));
    body.put("expires_in", 3600);
    body.put("ext_expires_in", 3600);
    body.put("access_token", at);
    body.put("refresh_token", rt);
    body.put("client_info", b64(JSON.writeValueAsBytes(Map.of("uid", who.oid(), "utid", TENANT))));
    body.put("id_token", idToken(who, nonce));
    send(ex, 200, "application/json", JSON.writeValueAsString(body));
  }

  private String idToken(Person who, String nonce) throws IOException {
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("aud", CLIENT);
    c.put("iss", authorityHost() + TENANT + "/v2.0");
    c.put("tid", TENANT);
    c.put("oid", who.oid());
    c.put("sub", "sub-" + who.oid());
    c.put("iat", now);
    c.put("nbf", now);
    c.put("exp", now + 3600);
    c.put("ver", "2.0");
    c.put("name", who.name());
    c.put("preferred_username", who.oid() + "@contoso.test");
    if (loginHints) {
      c.put("login_hint", "hint-" + who.oid());
    }
    if (nonce != null) {
      c.put("nonce", nonce);
    }
    if (who.overage()) {
      c.put("_claim_names", Map.of("groups", "src1"));
    } else {
      c.put("roles", who.groups());
    }
    String input =
        b64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "k1")))
            + "."
            + b64(JSON.writeValueAsBytes(c));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      String token = input + "." + b64(s.sign());
      issued.add(token);
      io.github.livy4j.NoSecretLeaks.secret(token);
      return token;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void graph(HttpExchange ex, String path, Map<String, String> q) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    Person who = auth == null ? null : accessTokens.get(auth.replaceFirst("^Bearer ", ""));
    who = who == null ? null : people.get(who.oid());
    if (who == null) {
      send(ex, 401, "application/json", "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}");
      return;
    }
    if (graphFailures > 0) {
      graphFailures--;
      send(
          ex,
          503,
          "application/json",
          "{\"error\":{\"code\":\"serviceNotAvailable\","
              + "\"message\":\"Graph is down for the test\"}}");
      return;
    }
    if (path.equals("/v1.0/me")) {
      send(
          ex,
          200,
          "application/json",
          JSON.writeValueAsString(
              Map.of(
                  "displayName",
                  who.name(),
                  "mail",
                  who.oid() + "@contoso.test",
                  "jobTitle",
                  "<b>Tester</b>")));
    } else if (path.equals("/v1.0/me/memberOf")) {
      List<String> all = who.groups();
      int from = Integer.parseInt(q.getOrDefault("page", "0"));
      int to = Math.min(all.size(), from + 2);
      List<Map<String, Object>> value = new ArrayList<>();
      for (String g : all.subList(from, to)) {
        value.add(
            Map.of("@odata.type", "#microsoft.graph.group", "id", g, "displayName", "Group " + g));
      }
      Map<String, Object> body = new HashMap<>();
      body.put("value", value);
      if (to < all.size()) {
        body.put("@odata.nextLink", graph("/me/memberOf") + "?page=" + to);
      }
      send(ex, 200, "application/json", JSON.writeValueAsString(body));
    } else {
      send(ex, 404, "application/json", "{}");
    }
  }

  /**
   * @param accessToken a token a resource server received
   * @return whose it is, if this fake issued it for that scope
   */
  java.util.Optional<Person> holder(String accessToken, String scope) {
    Person p = accessTokens.get(accessToken);
    return p != null && scopes.getOrDefault(accessToken, "").contains(scope)
        ? java.util.Optional.of(p)
        : java.util.Optional.empty();
  }

  private String issue(String kind) {
    byte[] b = new byte[18];
    random.nextBytes(b);
    String t = kind + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    issued.add(t);
    io.github.livy4j.NoSecretLeaks.secret(t);
    return t;
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
  }

  static Map<String, String> form(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      m.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return m;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String s256(String verifier) {
    try {
      return b64(
          MessageDigest.getInstance("SHA-256")
              .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
