package io.github.livy4j.samples.web;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyEngine;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionListener;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.StatementPoller;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each signed-in user's Livy client and sessions. Every user has a client of their own (on
 * Fabric it carries that user's token), all of them on one {@link LivyEngine}, so that users
 * cost no threads of their own; and every session ("run") belongs to the user who created it.
 * Runs are found by a random id, and {@link #find} checks the owner, so a guessed id gives
 * nothing. Sessions are created, and sessions and statements waited for, through the
 * asynchronous API, which holds no thread while a request is in flight or a wait goes on; the
 * pages ask this class for the latest state.
 *
 * <p>One user's load must not delay another's: each user may have at most {@link
 * WebConfig#maxSessionsPerUser} sessions open and {@link WebConfig#maxRunningStatementsPerUser}
 * statements waiting or running. A place is taken before anything is sent to Livy, under the
 * user's lock, so that many requests at once cannot pass the limit together; one more is
 * refused with {@link Quota.LimitReached}.
 */
final class Workspaces implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workspaces.class);

  private final Function<User, LivyClient.Builder> clients;
  private final SessionSpec spec;
  private final Clock clock;
  private final ProxyUsers proxyUsers;
  private final int maxSessions;
  private final int maxStatements;
  private final Map<String, Workspace> byUser = new ConcurrentHashMap<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final LivyEngine engine = LivyEngine.create();
  private final SecureRandom random = new SecureRandom();

  /**
   * @param clients a client builder for a user (backend, credential, timeouts set)
   * @param spec the session spec every new session starts from
   * @param clock the clock
   * @param limits the settings, whose per-user limits this class keeps
   */
  Workspaces(
      Function<User, LivyClient.Builder> clients, SessionSpec spec, Clock clock, WebConfig limits) {
    this(
        clients,
        spec,
        clock,
        limits.proxyUserClaim(),
        limits.maxSessionsPerUser(),
        limits.maxRunningStatementsPerUser());
  }

  /**
   * @param clients a client builder for a user (backend, credential, timeouts set)
   * @param spec the session spec every new session starts from
   * @param clock the clock
   * @param proxyUserClaim {@link WebConfig#proxyUserClaim()}: when set, every session runs on
   *     Livy as its user ({@link ProxyUsers}); {@code null}: as Livy's own user
   * @param maxSessions the sessions one user may have open at once
   * @param maxStatements the statements one user may have waiting or running at once
   */
  Workspaces(
      Function<User, LivyClient.Builder> clients,
      SessionSpec spec,
      Clock clock,
      String proxyUserClaim,
      int maxSessions,
      int maxStatements) {
    this.clients = clients;
    this.spec = spec;
    this.clock = clock;
    this.proxyUsers = new ProxyUsers(proxyUserClaim);
    this.maxSessions = maxSessions;
    this.maxStatements = maxStatements;
  }

  /** One user's client, and how many sessions and statements they have now. */
  private final class Workspace {
    final User user;
    final LivyClient client;
    final Quota quota = new Quota(maxSessions, maxStatements);

    Workspace(User user) {
      this.user = user;
      this.client =
          clients
              .apply(user)
              .engine(engine)
              .sessionListener(
                  new SessionListener() {
                    @Override
                    public void onExpired(SessionExpiredException expiry) {
                      runs.values().stream()
                          .filter(r -> r.owner.equals(user.key()))
                          .filter(
                              r -> r.session != null && r.session.id().equals(expiry.sessionId()))
                          .forEach(r -> r.end("expired: " + expiry.getMessage()));
                    }
                  })
              .build();
    }
  }

  /**
   * Starts a session for a user; it is created and starts in the background, without a thread
   * held while it does.
   *
   * @param user the owner
   * @param kind the session's kind
   * @return the run
   * @throws Refusal when sessions run as their users and this user has no name for it
   * @throws Quota.LimitReached if the user has as many sessions open as they may
   */
  Run create(User user, CodeKind kind) {
    Optional<String> proxyUser = proxyUsers.forNewSession(user);
    SessionSpec.Builder wanted = spec.toBuilder().kind(kind);
    proxyUser.ifPresent(wanted::proxyUser);
    Workspace w = byUser.computeIfAbsent(user.key(), k -> new Workspace(user));
    w.quota.takeSession();
    Run run = new Run(randomId(), user, kind, w.quota, clock);
    runs.put(run.id, run);
    CompletableFuture<Poller<LivySession>> created;
    try {
      created = w.client.async().beginCreateSession(wanted.build());
    } catch (RuntimeException e) {
      created = CompletableFuture.failedFuture(e);
    }
    created.whenComplete(
        (p, e) -> {
          if (e != null) {
            failedToStart(run, e);
            return;
          }
          if (run.ended) {
            // stopped while the create was on its way: delete the session, off the thread
            // that completes everyone's waits
            CompletableFuture.runAsync(p::cancel)
                .exceptionally(
                    x -> {
                      LOG.warn(
                          "Could not delete a session of {} stopped while it was created: {}",
                          run.owner,
                          x.getMessage());
                      return null;
                    });
            return;
          }
          run.starting = p;
          run.startTask =
              p.waitAsync()
                  .whenComplete(
                      (s, failure) -> {
                        if (failure != null) {
                          failedToStart(run, failure);
                        } else {
                          started(run, s, proxyUser);
                        }
                      });
        });
    return run;
  }

  private static void started(Run run, LivySession s, Optional<String> proxyUser) {
    if (run.ended) {
      s.async().closeAsync(); // not on the thread completing everyone's waits
      return;
    }
    Optional<String> notAsAsked = proxyUser.flatMap(u -> ProxyUsers.notHonoured(u, s.info()));
    if (notAsAsked.isPresent()) {
      run.problem = notAsAsked.get();
      run.end("failed to start");
      s.async().closeAsync(); // before any code runs in it as someone else
      return;
    }
    run.session = s;
    run.state = s.info().rawState();
  }

  private static void failedToStart(Run run, Throwable failure) {
    Throwable e = failure instanceof CompletionException c ? c.getCause() : failure;
    if (run.ended) {
      return; // stopped: the failure is the stop's
    }
    run.problem = Incident.onPage("Starting a session for " + run.owner, e);
    run.end("failed to start");
  }

  /**
   * Runs code: submits it now (so a refusal shows at once) and waits in the background.
   *
   * @param run the run
   * @param code the code
   * @return the statement
   * @throws LivyException if the server refused the statement
   * @throws IllegalStateException if the session is not ready
   * @throws Quota.LimitReached if the user has as many statements waiting or running as they may
   */
  Stmt execute(Run run, Code code) {
    if (!run.ready()) {
      throw new IllegalStateException("the session is not ready (" + run.state + ")");
    }
    run.quota.takeStatement();
    Stmt st = new Stmt(run.numbers.incrementAndGet(), code.code(), code.kind(), run.quota);
    StatementPoller p;
    try {
      p = run.session.beginExecute(code);
    } catch (RuntimeException e) {
      st.release();
      throw e;
    }
    st.poller = p;
    st.state = p.latest().state() == null ? "waiting" : p.latest().state();
    p.addListener(
        r -> {
          st.progress = r.progressValue().orElse(st.progress);
          if (r.state() != null && !st.done()) {
            st.state = r.state();
          }
        });
    run.statements.add(st);
    st.wait =
        p.waitAsync()
            .whenComplete(
                (result, failure) -> {
                  SessionExpiredException expired = st.settle(result, failure);
                  if (expired != null) {
                    run.end("expired: " + expired.getMessage());
                  }
                });
    return st;
  }

  /**
   * Cancels a statement.
   *
   * @param st the statement
   */
  void cancel(Stmt st) {
    StatementPoller p = st.poller;
    if (p != null && !st.done()) {
      p.cancel();
      st.state = "cancelling";
    }
  }

  /**
   * Stops a run: deletes its Livy session, or the one starting.
   *
   * @param run the run
   */
  void stop(Run run) {
    run.end("stopped");
    CompletableFuture<LivySession> f = run.startTask;
    Poller<LivySession> starting = run.starting;
    LivySession s = run.session;
    try {
      if (s != null) {
        s.close();
      } else if (starting != null) {
        starting.cancel();
      }
    } finally {
      if (f != null && s == null) {
        f.cancel(true);
      }
    }
  }

  /**
   * A run the user may see.
   *
   * @param user who asks
   * @param runId the run's id
   * @param anyOwner whether the user may see others' runs
   * @return the run; empty when there is none or it is someone else's
   */
  Optional<Run> find(User user, String runId, boolean anyOwner) {
    Run r = runId == null ? null : runs.get(runId);
    if (r == null || !(anyOwner || r.owner.equals(user.key()))) {
      return Optional.empty();
    }
    return Optional.of(r);
  }

  /**
   * @param user the user
   * @return the user's runs, newest first
   */
  List<Run> of(User user) {
    return runs.values().stream()
        .filter(r -> r.owner.equals(user.key()))
        .sorted(Comparator.comparing((Run r) -> r.created).reversed())
        .toList();
  }

  /** @return every run, newest first */
  List<Run> all() {
    return runs.values().stream()
        .sorted(Comparator.comparing((Run r) -> r.created).reversed())
        .toList();
  }

  /** @return the users who have a client now */
  java.util.Set<String> users() {
    return java.util.Set.copyOf(byUser.keySet());
  }

  /**
   * Ends a user's work: stops their waits and deletes their sessions (or leaves them running,
   * detached), then closes their client.
   *
   * @param userKey the user
   * @param keepSessions whether to leave the sessions running on the server
   */
  void signOut(String userKey, boolean keepSessions) {
    Workspace w = byUser.remove(userKey);
    List<Run> mine = runs.values().stream().filter(r -> r.owner.equals(userKey)).toList();
    for (Run r : mine) {
      runs.remove(r.id);
      try {
        if (keepSessions && r.session != null) {
          r.end("kept running");
          r.session.detach();
        } else {
          stop(r);
        }
      } catch (LivyException e) {
        LOG.warn("Could not delete session {} of {}: {}", r.livyId(), userKey, e.getMessage());
      }
    }
    if (w != null) {
      w.client.close();
    }
  }

  @Override
  public void close() {
    for (String user : List.copyOf(byUser.keySet())) {
      signOut(user, false);
    }
    engine.close();
  }

  private String randomId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public String toString() {
    return "Workspaces[" + byUser.size() + " users, " + runs.size() + " sessions]";
  }
}
