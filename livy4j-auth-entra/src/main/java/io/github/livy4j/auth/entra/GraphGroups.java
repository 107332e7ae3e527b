package io.github.livy4j.auth.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.spi.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a signed-in user's groups from Microsoft Graph with the user's delegated token, for
 * users in more groups than an ID token carries (group overage): {@code GET /me/memberOf}, or
 * {@code /me/transitiveMemberOf} to count the groups of groups, following
 * {@code @odata.nextLink} through every page. Thread-safe.
 *
 * <pre>{@code
 * GraphGroups graph = GraphGroups.builder()
 *     .endpoint(URI.create(System.getenv("GRAPH_MEMBER_ENDPOINT")))  // .../v1.0/me/memberOf
 *     .transitive(true).build();
 * List<String> groupIds = graph.groupIds(app.forUser(userKey, GraphGroups.SCOPE));
 * }</pre>
 */
public final class GraphGroups {
  /** The delegated permission the app needs to read a user's group memberships. */
  public static final String SCOPE = "https://graph.microsoft.com/GroupMember.Read.All";

  /** Graph's public-cloud endpoint for the user's direct memberships. */
  public static final URI DEFAULT_ENDPOINT =
      URI.create("https://graph.microsoft.com/v1.0/me/memberOf");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 1_000;

  private final URI endpoint;
  private final Duration timeout;
  private final HttpClient http;

  private GraphGroups(Builder b) {
    URI e = b.endpoint;
    if (b.transitive) {
      String s = e.toString();
      e = URI.create(s.replaceFirst("/memberOf(?=$|\\?)", "/transitiveMemberOf"));
    }
    this.endpoint = e;
    this.timeout = b.timeout;
    this.http =
        b.http != null
            ? b.http
            : HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
  }

  /** @return a builder for the public cloud's direct memberships */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the endpoint asked, after {@link Builder#transitive(boolean)} */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * The object ids of the user's groups (directory roles and other members of the list are
   * left out).
   *
   * @param tokens the user's delegated token for Graph ({@link #SCOPE})
   * @return the group ids, in Graph's order
   * @throws GraphException if Graph refused the token or the permission, did not answer, or
   *     answered with something that is not a member list
   */
  public List<String> groupIds(TokenProvider tokens) {
    return read(tokens, "id").stream().map(Group::id).toList();
  }

  /**
   * The user's groups with their display names, every page read.
   *
   * @param tokens the user's delegated token for Graph ({@link #SCOPE})
   * @return the groups, in Graph's order
   * @throws GraphException as {@link #groupIds}
   */
  public List<Group> groups(TokenProvider tokens) {
    return read(tokens, "id,displayName");
  }

  /**
   * A group the user is a member of.
   *
   * @param id the group's object id
   * @param displayName its display name, empty when Graph gave none
   */
  public record Group(String id, String displayName) {
    /** Checks the fields. */
    public Group {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(displayName, "displayName");
    }
  }

  private List<Group> read(TokenProvider tokens, String select) {
    Objects.requireNonNull(tokens, "tokens");
    AccessToken token =
        tokens
            .getToken()
            .orElseThrow(
                () ->
                    new GraphException(
                        0,
                        "No token for Microsoft Graph: the user must sign in with the scope "
                            + SCOPE,
                        null));
    Redactor redactor = Redactor.of(List.of(token.token()));
    List<Group> groups = new ArrayList<>();
    URI page = withSelect(endpoint, select);
    for (int n = 0; n < MAX_PAGES && page != null; n++) {
      JsonNode body = get(page, token, redactor);
      JsonNode value = body.get("value");
      if (value == null || !value.isArray()) {
        throw new GraphException(
            200,
            "Microsoft Graph's answer from " + where(page) + " has no member list (\"value\")",
            null);
      }
      for (JsonNode member : value) {
        String type = member.path("@odata.type").asText("#microsoft.graph.group");
        if (type.equals("#microsoft.graph.group") && member.hasNonNull("id")) {
          groups.add(new Group(member.get("id").asText(), member.path("displayName").asText("")));
        }
      }
      JsonNode next = body.get("@odata.nextLink");
      page = next == null || next.isNull() ? null : sameHost(next.asText());
    }
    if (page != null) {
      throw new GraphException(
          200,
          "Microsoft Graph listed more than " + MAX_PAGES + " pages of the user's groups",
          null);
    }
    return List.copyOf(groups);
  }

  private JsonNode get(URI uri, AccessToken token, Redactor redactor) {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token.token())
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GraphException(
          0,
          "Could not reach Microsoft Graph at "
              + where(uri)
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " (" + redactor.redact(e.getMessage()) + ")"),
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GraphException(
          0, "Interrupted while reading the user's groups from Microsoft" + " Graph", null);
    }
    String body = redactor.redact(r.body() == null ? "" : r.body());
    if (r.statusCode() >= 300) {
      throw failure(r.statusCode(), body, uri);
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new GraphException(
          r.statusCode(), "Microsoft Graph's answer from " + where(uri) + " is not JSON", null);
    }
  }

  private static GraphException failure(int status, String body, URI uri) {
    String code = "";
    String message = "";
    try {
      JsonNode err = JSON.readTree(body).path("error");
      code = err.path("code").asText("");
      message = err.path("message").asText("");
    } catch (IOException | RuntimeException e) {
      message = body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
    String said =
        status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message);
    String hint =
        switch (status) {
          case 401 -> "; the user's token was refused: sign in again";
          case 403 ->
              "; the app registration needs the delegated permission GroupMember.Read.All"
                  + " (or Directory.Read.All), with consent";
          case 429, 503, 504 -> "; Graph is busy: try again later";
          default -> "";
        };
    return new GraphException(
        status,
        "Microsoft Graph could not list the user's groups at "
            + where(uri)
            + " ("
            + said
            + ")"
            + hint,
        null);
  }

  /** A next page only on Graph's own host: the user's token goes nowhere else. */
  private URI sameHost(String next) {
    URI n;
    try {
      n = URI.create(next);
    } catch (IllegalArgumentException e) {
      throw new GraphException(200, "Microsoft Graph gave a next page that is not a URL", null);
    }
    if (!endpoint.getScheme().equalsIgnoreCase(n.getScheme() == null ? "" : n.getScheme())
        || !endpoint.getHost().equalsIgnoreCase(n.getHost() == null ? "" : n.getHost())
        || endpoint.getPort() != n.getPort()) {
      throw new GraphException(
          200,
          "Microsoft Graph's next page is on another host ("
              + n.getHost()
              + "): not sending the user's token there",
          null);
    }
    return n;
  }

  private static URI withSelect(URI e, String select) {
    String q = e.getRawQuery();
    if (q != null && q.toLowerCase(Locale.ROOT).contains("$select")) {
      return e;
    }
    return URI.create(e + (q == null ? "?" : "&") + "$select=" + select);
  }

  private static String where(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + uri.getRawPath();
  }

  /** Builds {@link GraphGroups}. */
  public static final class Builder {
    private URI endpoint = DEFAULT_ENDPOINT;
    private boolean transitive;
    private Duration timeout = Duration.ofSeconds(30);
    private HttpClient http;

    private Builder() {}

    /**
     * The member list to read, such as the seed's {@code GRAPH_MEMBER_ENDPOINT}
     * ({@code https://graph.microsoft.com/v1.0/me/memberOf}); a sovereign cloud's Graph host
     * works the same way.
     *
     * @param endpoint an https URL (http only for this machine)
     * @return this builder
     */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme();
      boolean local =
          "localhost".equalsIgnoreCase(endpoint.getHost())
              || "127.0.0.1".equals(endpoint.getHost());
      if (!scheme.equalsIgnoreCase("https") && !(scheme.equalsIgnoreCase("http") && local)) {
        throw new IllegalArgumentException(
            "the Graph endpoint must be an https URL, was " + endpoint);
      }
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Whether to count groups of groups: {@code transitiveMemberOf} instead of
     * {@code memberOf}. Default {@code false}.
     *
     * @param transitive whether to
     * @return this builder
     */
    public Builder transitive(boolean transitive) {
      this.transitive = transitive;
      return this;
    }

    /**
     * @param timeout the longest wait for one Graph answer, positive; default 30 s
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Uses a preconfigured JDK HTTP client (a proxy, TLS settings).
     *
     * @param http the client
     * @return this builder
     */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** @return the reader */
    public GraphGroups build() {
      return new GraphGroups(this);
    }
  }
}
