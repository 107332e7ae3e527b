package io.github.livy4j.internal.client;

import io.github.livy4j.LivyException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.http.CallScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and deletes the sessions an earlier process left behind: those of a name prefix that no
 * client here owns, older than a given age (which their names tell) or already finished.
 */
final class OrphanSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);

  private final ClientContext ctx;
  private final OwnedSessions owned;

  /**
   * Creates the sweeper of one client.
   *
   * @param ctx the client's context
   * @param owned the sessions the client owns, which are never orphans
   */
  OrphanSweeper(ClientContext ctx, OwnedSessions owned) {
    this.ctx = ctx;
    this.owned = owned;
  }

  /**
   * The sessions whose name starts with a prefix.
   *
   * @param sessions the sessions
   * @param prefix the prefix
   * @return those of them
   */
  static List<SessionInfo> withPrefix(List<SessionInfo> sessions, String prefix) {
    return sessions.stream()
        .filter(s -> s.name().map(n -> n.startsWith(prefix)).orElse(false))
        .toList();
  }

  /**
   * Deletes the orphans of a prefix, or lists them.
   *
   * @param namePrefix the prefix
   * @param olderThan how old an orphan is at least
   * @param dryRun whether only to list them
   * @param call the scope of the sweep's requests
   * @param list lists the server's sessions
   * @return the sessions deleted, or that would be
   */
  List<SessionInfo> sweep(
      String namePrefix,
      Duration olderThan,
      boolean dryRun,
      CallScope call,
      Supplier<List<SessionInfo>> list) {
    String prefix = SessionNames.prefix(namePrefix);
    Objects.requireNonNull(olderThan, "olderThan");
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative, was " + olderThan);
    }
    Set<SessionId> mine = new HashSet<>();
    owned.all().forEach(s -> mine.add(s.id()));
    Instant now = ctx.config.clock().instant();
    List<SessionInfo> orphans = new ArrayList<>();
    for (SessionInfo s : withPrefix(list.get(), prefix)) {
      if (mine.contains(s.id())) {
        continue;
      }
      Optional<Instant> created =
          SessionNames.createdAt(s.name().orElseThrow().substring(prefix.length()));
      boolean oldEnough =
          s.state().isFinished()
              || olderThan.isZero()
              || created.map(c -> !c.plus(olderThan).isAfter(now)).orElse(false);
      if (oldEnough) {
        orphans.add(s);
      } else if (created.isEmpty()) {
        LOG.debug(
            "Session {} ({}) has no age livy4j can read; left alone", s.id(), s.name().orElse(""));
      }
    }
    if (dryRun) {
      return orphans;
    }
    List<SessionInfo> deleted = new ArrayList<>();
    List<SessionId> failedIds = new ArrayList<>();
    List<LivyException> failures = new ArrayList<>();
    for (SessionInfo s : orphans) {
      try {
        ctx.backend.deleteSession(ctx.transport(call), s.id());
        deleted.add(s);
        LOG.info("Deleted orphaned session {} ({})", s.id(), s.name().orElse(""));
      } catch (SessionNotFoundException e) {
        deleted.add(s); // gone meanwhile
      } catch (LivyException e) {
        failedIds.add(s.id());
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      LivyException e =
          new LivyException(
              "Deleted "
                  + deleted.size()
                  + " orphaned session(s)"
                  + " but could not delete "
                  + failedIds,
              failures.get(0));
      failures.subList(1, failures.size()).forEach(x -> Failures.suppress(e, x));
      throw e;
    }
    return deleted;
  }
}
