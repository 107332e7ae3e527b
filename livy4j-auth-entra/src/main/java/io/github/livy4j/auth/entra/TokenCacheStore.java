package io.github.livy4j.auth.entra;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@link EntraWebApp} keeps each signed-in user's serialized MSAL token cache, one
 * partition per user keyed by {@link SignedInUser#homeAccountId()}. A partition is written only
 * after a sign-in passed every check, holds that user's entries only, and is deleted by
 * {@link EntraWebApp#signOut}; a user without one gets no token. The data holds refresh tokens:
 * keep it encrypted at rest and never log it. Implementations must be thread-safe.
 */
public interface TokenCacheStore {

  /**
   * @param key the partition
   * @return its data, when there is any
   */
  Optional<String> load(String key);

  /**
   * @param key the partition
   * @param data its new data
   */
  void save(String key, String data);

  /**
   * @param key the partition to forget
   */
  void delete(String key);

  /** @return a store in this process's memory */
  static TokenCacheStore inMemory() {
    ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
    return new TokenCacheStore() {
      @Override
      public Optional<String> load(String key) {
        return Optional.ofNullable(map.get(key));
      }

      @Override
      public void save(String key, String data) {
        map.put(key, data);
      }

      @Override
      public void delete(String key) {
        map.remove(key);
      }

      @Override
      public String toString() {
        return "TokenCacheStore.inMemory[" + map.size() + " partitions]";
      }
    };
  }
}
