package io.github.livy4j.auth.entra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.auth.TokenProvider;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps Entra group object ids to an application's roles, as the {@code ROLES} variable does:
 * {@code {"<group object id>": "Administrators", "<group object id>": ["Editors", "Viewers"]}}.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * RoleMapping roles = RoleMapping.parse(System.getenv("ROLES"));
 * Set<String> mine = roles.rolesOf(user, RoleMapping.GroupClaim.ROLES, graph,
 *     app.forUser(user.homeAccountId(), GraphGroups.SCOPE));
 * }</pre>
 *
 * <p>The user's group ids come from the ID token's {@code roles} claim (an app registration
 * that emits groups as role claims, as the seed's does) or its {@code groups} claim. A user in
 * more groups than a token carries (group overage) gets none in the token; they are then read
 * from Microsoft Graph ({@link GraphGroups}), and a Graph failure is an exception that says so,
 * never an empty set that would look like "no access".
 */
public final class RoleMapping {
  /** Refuses a key given twice, which would otherwise silently keep the last. */
  private static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Which ID token claim carries the user's group ids. */
  public enum GroupClaim {
    /** {@code roles}: groups emitted as role claims. */
    ROLES("roles"),
    /** {@code groups}: the groups claim. */
    GROUPS("groups");

    private final String claim;

    GroupClaim(String claim) {
      this.claim = claim;
    }

    /** @return the claim's name in the token */
    public String claimName() {
      return claim;
    }
  }

  private final Map<String, Set<String>> byGroup;

  private RoleMapping(Map<String, Set<String>> byGroup) {
    this.byGroup = byGroup;
  }

  /**
   * Reads a mapping from JSON: an object whose keys are group object ids and whose values are a
   * role name or a list of role names.
   *
   * @param json the JSON text, such as the {@code ROLES} variable
   * @return the mapping
   * @throws IllegalArgumentException if the text is missing, not such an object, or maps no group,
   *     with a message that names the problem
   */
  public static RoleMapping parse(String json) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException(
          "ROLES is empty: it must map group object ids to roles,"
              + " such as {\"<group object id>\": \"Editors\"}");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      java.util.regex.Matcher twice =
          java.util.regex.Pattern.compile("Duplicate field '(.*)'").matcher(e.getOriginalMessage());
      if (twice.find()) {
        throw new IllegalArgumentException(
            "ROLES names the group '"
                + twice.group(1)
                + "' twice: give each group once, with a list of its roles, such as {\""
                + twice.group(1)
                + "\": [\"Viewers\", \"Editors\"]}");
      }
      // Jackson's own location text names no source here; ours follows
      throw new IllegalArgumentException(
          "ROLES is not valid JSON: "
              + e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*\\]\\)", "")
              + " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "ROLES must be a JSON object mapping group object ids"
              + " to roles, such as {\"<group object id>\": \"Editors\"}");
    }
    Map<String, Set<String>> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      Set<String> roles = new LinkedHashSet<>();
      JsonNode v = f.getValue();
      if (v.isTextual()) {
        roles.add(v.textValue());
      } else if (v.isArray()) {
        v.forEach(r -> roles.add(r.isTextual() ? r.textValue() : null));
      } else {
        roles.add(null);
      }
      if (roles.contains(null) || roles.isEmpty()) {
        throw new IllegalArgumentException(
            "ROLES: group '"
                + f.getKey()
                + "' must map to a role"
                + " name or a list of role names, not "
                + v);
      }
      map.put(f.getKey(), roles);
    }
    return of(map);
  }

  /**
   * A mapping from group object ids to roles.
   *
   * @param byGroup each group's roles
   * @return the mapping
   * @throws IllegalArgumentException if it maps no group, or a group id or role is blank
   */
  public static RoleMapping of(Map<String, ? extends Collection<String>> byGroup) {
    Objects.requireNonNull(byGroup, "byGroup");
    if (byGroup.isEmpty()) {
      throw new IllegalArgumentException("ROLES maps no group: no one could be given a role");
    }
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    byGroup.forEach(
        (group, roles) -> {
          if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("ROLES: a group object id is blank");
          }
          if (roles == null
              || roles.isEmpty()
              || roles.stream().anyMatch(r -> r == null || r.isBlank())) {
            throw new IllegalArgumentException("ROLES: group '" + group + "' maps to a blank role");
          }
          copy.put(group.strip(), Set.copyOf(new LinkedHashSet<>(roles)));
        });
    return new RoleMapping(Map.copyOf(copy));
  }

  /** @return every role the mapping gives */
  public Set<String> roles() {
    Set<String> all = new LinkedHashSet<>();
    byGroup.values().forEach(all::addAll);
    return Set.copyOf(all);
  }

  /**
   * The roles of a member of these groups.
   *
   * @param groupIds the user's group object ids
   * @return the roles their groups map to, empty when none does
   */
  public Set<String> rolesFor(Collection<String> groupIds) {
    Set<String> out = new LinkedHashSet<>();
    for (String g : groupIds) {
      Set<String> r = byGroup.get(g);
      if (r != null) {
        out.addAll(r);
      }
    }
    return Set.copyOf(out);
  }

  /**
   * The roles of a signed-in user: from the group ids in the token's claim, or, when the token
   * left the groups out (group overage), from Microsoft Graph with the user's delegated token.
   *
   * @param user the signed-in user
   * @param claim the claim that carries group ids
   * @param graph how to read the groups from Graph on overage
   * @param graphToken the user's token for Graph ({@link GraphGroups#SCOPE})
   * @return the roles, empty when none of the user's groups is mapped
   * @throws GraphException if the groups had to come from Graph and could not
   */
  public Set<String> rolesOf(
      SignedInUser user, GroupClaim claim, GraphGroups graph, TokenProvider graphToken) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(claim, "claim");
    List<String> ids = user.listClaim(claim.claimName());
    if (ids.isEmpty() && user.groupsOverage()) {
      Objects.requireNonNull(graph, "graph");
      ids = graph.groupIds(Objects.requireNonNull(graphToken, "graphToken"));
    }
    return rolesFor(ids);
  }

  @Override
  public String toString() {
    return "RoleMapping[" + byGroup.size() + " groups -> " + roles() + "]";
  }
}
