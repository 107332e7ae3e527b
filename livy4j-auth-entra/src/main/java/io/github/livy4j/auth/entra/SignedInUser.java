package io.github.livy4j.auth.entra;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who signed in, from the validated ID token. Keep only {@link #homeAccountId()} in the web
 * session; tokens stay in the token cache.
 *
 * @param homeAccountId the user's key, {@code <oid>.<tid>} from the signed ID token's claims,
 *     for {@link EntraWebApp#forUser(String, String...)} and {@link EntraWebApp#signOut}
 * @param username the sign-in name, such as {@code alice@contoso.com}
 * @param name the display name, or empty
 * @param tenantId the user's tenant
 * @param claims every claim of the ID token ({@code roles}, {@code groups}, {@code _claim_names}...)
 */
public record SignedInUser(
    String homeAccountId,
    String username,
    String name,
    String tenantId,
    Map<String, Object> claims) {

  /** Validates and copies. */
  public SignedInUser {
    Objects.requireNonNull(homeAccountId, "homeAccountId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenantId, "tenantId");
    claims = Map.copyOf(claims);
  }

  /**
   * The user, with the names of the ID token's claims but not their values: they can be long
   * (hundreds of group ids) and hold single-use values such as the sign-in's nonce.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "SignedInUser[homeAccountId="
        + homeAccountId
        + ", username="
        + username
        + ", name="
        + name
        + ", tenantId="
        + tenantId
        + ", claims="
        + new java.util.TreeSet<>(claims.keySet())
        + "]";
  }

  /**
   * A list claim, such as {@code roles} or {@code groups}.
   *
   * @param claim the claim name
   * @return its values, or an empty list
   */
  public List<String> listClaim(String claim) {
    Object v = claims.get(claim);
    return v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /**
   * The ID token's {@code login_hint} claim: an opaque value that names the account to Entra ID.
   * It is there when the application registration lists {@code login_hint} among the ID token's
   * optional claims; pass it to {@link EntraWebApp#signOutUrl(java.net.URI, String)} so that Entra
   * signs the user out without asking which account.
   *
   * @return the claim, or empty when the token has none
   */
  public Optional<String> loginHint() {
    return claims.get("login_hint") instanceof String s && !s.isBlank()
        ? Optional.of(s)
        : Optional.empty();
  }

  /**
   * Whether the token left out the user's groups because there were too many (group overage):
   * the groups must then be read from Microsoft Graph.
   *
   * @return whether {@code _claim_names} names the {@code groups} claim
   */
  public boolean groupsOverage() {
    return Optional.ofNullable(claims.get("_claim_names"))
        .filter(Map.class::isInstance)
        .map(m -> ((Map<?, ?>) m).containsKey("groups"))
        .orElse(false);
  }
}
