package io.github.livy4j.internal.http;

import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.internal.observe.Observers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The bearer token of each request: a fresh one from the provider per request, and once per
 * request a refreshed one after the server rejected it with 401, so that an expired token
 * costs one replay rather than a failure. Observers hear of new tokens and failed fetches.
 */
final class BearerAuth {
  private final TokenProvider tokens;
  private final Observers observers;

  /** The token the last request was sent with, to tell a new one from it. */
  private final AtomicReference<AccessToken> lastToken = new AtomicReference<>();

  /**
   * Creates the authentication.
   *
   * @param tokens the provider
   * @param observers who is told of new tokens and failures
   */
  BearerAuth(TokenProvider tokens, Observers observers) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.observers = Objects.requireNonNull(observers, "observers");
  }

  /**
   * Starts a request's tokens with one from the provider.
   *
   * @return the request's tokens
   */
  Grant start() {
    return new Grant(fetch(tokens::getToken, false));
  }

  /**
   * Gets a token from the provider, telling the observers of a new one and of a failure.
   *
   * @param get asks the provider
   * @param afterRejection whether the server rejected the last one
   * @return the token
   */
  private Optional<AccessToken> fetch(Supplier<Optional<AccessToken>> get, boolean afterRejection) {
    if (!observers.active()) {
      return get.get();
    }
    long start = System.nanoTime();
    Optional<AccessToken> t;
    try {
      t = get.get();
    } catch (RuntimeException e) {
      observers.tokenFailed(e);
      throw e;
    }
    if (t.isPresent()) {
      AccessToken before = lastToken.getAndSet(t.get());
      if (before != null && !before.equals(t.get())) {
        observers.tokenRefreshed(afterRejection, Duration.ofNanos(System.nanoTime() - start));
      }
    }
    return t;
  }

  /** One request's tokens: the first it was sent with, and the one it is sent with now. */
  final class Grant {
    private final Optional<AccessToken> first;
    private Optional<AccessToken> current;
    private boolean refreshed;

    private Grant(Optional<AccessToken> first) {
      this.first = first;
      this.current = first;
    }

    /** @return the token to send now, if there is one */
    Optional<AccessToken> current() {
      return current;
    }

    /** @return whether a 401 is answered by a refresh and a replay: once, with a token */
    boolean canRefresh() {
      return !refreshed && current.isPresent();
    }

    /** After a 401, refreshes the token to replay the request with. */
    void refresh() {
      refreshed = true;
      AccessToken rejected = current.get();
      current = fetch(() -> tokens.refresh(rejected), true);
    }

    /** @return every token the request was sent with, to hide in what comes back */
    List<String> sent() {
      List<String> out = new ArrayList<>(2);
      first.ifPresent(t -> out.add(t.token()));
      current.ifPresent(t -> out.add(t.token()));
      return out;
    }
  }
}
