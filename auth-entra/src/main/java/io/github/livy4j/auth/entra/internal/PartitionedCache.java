package io.github.livy4j.auth.entra.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import io.github.livy4j.auth.entra.TokenCacheStore;
import java.util.Objects;

/**
 * Loads the partition of the account a call is for, and saves it back, cut down to that
 * account's entries, when it changed: one user's refresh token never sits in another user's
 * stored partition. (MSAL merges what it loads into the application's in-memory cache, so
 * which token a call gets rests on MSAL's own account filter; the stored partitions are what
 * this keeps apart.) Callers serialize their MSAL calls.
 */
public final class PartitionedCache implements ITokenCacheAccessAspect {
  /** The partition for calls that concern no account (a code being redeemed). */
  public static final String NO_ACCOUNT = "no-account";
  /** An empty MSAL cache document: loading it leaves no other partition's entries behind. */
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMPTY = "{\"AccessToken\":{},\"RefreshToken\":{},\"IdToken\":{},"
      + "\"Account\":{},\"AppMetadata\":{}}";

  private final TokenCacheStore store;

  /**
   * Creates the aspect.
   *
   * @param store where partitions are kept
   */
  public PartitionedCache(TokenCacheStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void beforeCacheAccess(ITokenCacheAccessContext ctx) {
    ctx.tokenCache().deserialize(store.load(key(ctx)).orElse(EMPTY));
  }

  @Override
  public void afterCacheAccess(ITokenCacheAccessContext ctx) {
    if (ctx.hasCacheChanged()) {
      String key = key(ctx);
      String data = ctx.tokenCache().serialize();
      store.save(key, key.equals(NO_ACCOUNT) ? data : onlyAccount(data, key));
    }
  }

  /**
   * Keeps only one account's entries: MSAL's in-memory cache is shared by every user of the
   * application, so what is saved for a user must be cut down to that user.
   */
  static String onlyAccount(String data, String homeAccountId) {
    try {
      JsonNode root = JSON.readTree(data);
      if (root instanceof ObjectNode o) {
        o.properties().forEach(section -> {
          if (section.getValue() instanceof ObjectNode entries) {
            entries.properties().removeIf(e -> e.getValue().has("home_account_id")
                && !homeAccountId.equals(e.getValue().path("home_account_id").asText()));
          }
        });
      }
      return JSON.writeValueAsString(root);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("MSAL's token cache is not JSON", e);
    }
  }

  /**
   * Moves what a call without an account stored (a redeemed sign-in code) into the account's
   * own partition. Call it under the same lock as the redemption.
   *
   * @param homeAccountId the account the redemption signed in
   */
  public void adoptRedemption(String homeAccountId) {
    store.load(NO_ACCOUNT).ifPresent(data ->
        store.save(homeAccountId, onlyAccount(data, homeAccountId)));
    store.delete(NO_ACCOUNT);
  }

  private static String key(ITokenCacheAccessContext ctx) {
    return ctx.account() == null ? NO_ACCOUNT : ctx.account().homeAccountId();
  }
}
