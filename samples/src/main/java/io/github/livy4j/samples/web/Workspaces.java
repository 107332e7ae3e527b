package io.github.livy4j.samples.web;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyEngine;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionListener;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.StatementPoller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each signed-in user's Livy client and sessions. Every user has a client of their own (on
 * Fabric it carries that user's token), all of them on one {@link LivyEngine}, so that users
 * cost no threads of their own; and every session ("run") belongs to the user who created it.
 * Runs are found by a random id, and {@link #find} checks the owner, so a guessed id gives
 * nothing. Sessions and statements are waited for through the asynchronous API, which holds no
 * thread while it waits; the pages ask this class for the latest state.
 */
final class Workspaces implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workspaces.class);
  private static final int MAX_ROWS_SHOWN = 1_000;
  private static final int MAX_TEXT_SHOWN = 200_000;
  private static final Duration STATE_MAX_AGE = Duration.ofSeconds(2);

  private final Function<User, LivyClient.Builder> clients;
  private final SessionSpec spec;
  private final Clock clock;
  private final ProxyUsers proxyUsers;
  private final Map<String, Workspace> byUser = new ConcurrentHashMap<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final LivyEngine engine = LivyEngine.create();
  private final SecureRandom random = new SecureRandom();

  /**
   * @param clients a client builder for a user (backend, credential, timeouts set)
   * @param spec the session spec every new session starts from
   * @param clock the clock
   */
  Workspaces(Function<User, LivyClient.Builder> clients, SessionSpec spec, Clock clock) {
    this(clients, spec, clock, null);
  }

  /**
   * @param clients a client builder for a user (backend, credential, timeouts set)
   * @param spec the session spec every new session starts from
   * @param clock the clock
   * @param proxyUserClaim {@link WebConfig#proxyUserClaim()}: when set, every session runs on
   *     Livy as its user ({@link ProxyUsers}); {@code null}: as Livy's own user
   */
  Workspaces(
      Function<User, LivyClient.Builder> clients,
      SessionSpec spec,
      Clock clock,
      String proxyUserClaim) {
    this.clients = clients;
    this.spec = spec;
    this.clock = clock;
    this.proxyUsers = new ProxyUsers(proxyUserClaim);
  }

  /** One user's client and runs. */
  private final class Workspace {
    final User user;
    final LivyClient client;

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

  /** A Livy session created through the app. */
  final class Run {
    final String id;
    final String owner;
    final String ownerName;
    final CodeKind kind;
    final Instant created;
    final List<Stmt> statements = new CopyOnWriteArrayList<>();
    final AtomicInteger numbers = new AtomicInteger();
    private final ReentrantLock refreshing = new ReentrantLock();
    volatile LivySession session;
    volatile Poller<LivySession> starting;
    volatile CompletableFuture<LivySession> startTask;
    volatile String state = "starting";
    volatile String problem;
    volatile boolean ended;
    private volatile Instant checked = Instant.EPOCH;

    Run(String id, Workspace w, CodeKind kind) {
      this.id = id;
      this.owner = w.user.key();
      this.ownerName = w.user.name();
      this.kind = kind;
      this.created = clock.instant();
    }

    /** @return the Livy session's id, or "" while it starts */
    String livyId() {
      LivySession s = session;
      return s == null ? "" : s.id().toString();
    }

    /** @return the session's name */
    String name() {
      LivySession s = session;
      return s == null ? "" : s.info().name().orElse("");
    }

    /** @return whether code can run now */
    boolean ready() {
      return session != null && !ended;
    }

    /** @return whether any statement is still running */
    boolean busy() {
      return statements.stream().anyMatch(s -> !s.done());
    }

    /** @return the state, asked again when the last answer is older than 2 s */
    String liveState() {
      LivySession s = session;
      if (s == null || ended) {
        return state;
      }
      Instant now = clock.instant();
      if (Duration.between(checked, now).compareTo(STATE_MAX_AGE) >= 0 && refreshing.tryLock()) {
        try {
          state = s.refresh().rawState();
        } catch (SessionNotFoundException e) {
          end("gone: the server no longer knows this session");
        } catch (LivyException e) {
          problem = e.getMessage();
        } finally {
          checked = now;
          refreshing.unlock();
        }
      }
      return state;
    }

    void end(String why) {
      ended = true;
      state = why;
      statements.forEach(s -> s.stop("the session ended"));
    }
  }

  /** A statement run through the app. */
  static final class Stmt {
    final int number;
    final String code;
    final CodeKind kind;
    volatile String state = "waiting";
    volatile double progress;
    volatile String text;
    volatile List<String> columns;
    volatile List<List<String>> rows;
    volatile String note;
    volatile String error;
    volatile StatementPoller poller;
    volatile CompletableFuture<StatementResult> wait;

    Stmt(int number, String code, CodeKind kind) {
      this.number = number;
      this.code = code;
      this.kind = kind;
    }

    boolean done() {
      return state.equals("available")
          || state.equals("error")
          || state.equals("cancelled")
          || state.equals("stopped");
    }

    void stop(String why) {
      if (!done()) {
        state = "stopped";
        error = why;
        CompletableFuture<StatementResult> f = wait;
        if (f != null) {
          f.cancel(true);
        }
      }
    }

    int percent() {
      return (int) Math.round(progress * 100);
    }
  }

  /**
   * Starts a session for a user; it starts in the background.
   *
   * @param user the owner
   * @param kind the session's kind
   * @return the run
   * @throws Refusal when sessions run as their users and this user has no name for it
   */
  Run create(User user, CodeKind kind) {
    Optional<String> proxyUser = proxyUsers.forNewSession(user);
    SessionSpec.Builder wanted = spec.toBuilder().kind(kind);
    proxyUser.ifPresent(wanted::proxyUser);
    Workspace w = byUser.computeIfAbsent(user.key(), k -> new Workspace(user));
    Run run = new Run(randomId(), w, kind);
    runs.put(run.id, run);
    w.client
        .async()
        .beginCreateSession(wanted.build())
        .whenComplete(
            (p, e) -> {
              if (e != null) {
                failedToStart(run, e);
                return;
              }
              if (run.ended) {
                p.cancel(); // stopped while the create was on its way: delete the session
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
      s.close();
      return;
    }
    Optional<String> notAsAsked = proxyUser.flatMap(u -> ProxyUsers.notHonoured(u, s.info()));
    if (notAsAsked.isPresent()) {
      run.problem = notAsAsked.get();
      run.end("failed to start");
      s.close(); // before any code runs in it as someone else
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
    if (e instanceof LivyException) {
      run.problem = e.getMessage();
    } else {
      LOG.warn("Starting a session for {} failed", run.owner, e);
      run.problem = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
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
   */
  Stmt execute(Run run, Code code) {
    if (!run.ready()) {
      throw new IllegalStateException("the session is not ready (" + run.state + ")");
    }
    Stmt st = new Stmt(run.numbers.incrementAndGet(), code.code(), code.kind());
    StatementPoller p = run.session.beginExecute(code);
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
                  Throwable e = failure instanceof CompletionException c ? c.getCause() : failure;
                  if (e == null) {
                    show(st, result);
                    st.state = "available";
                    st.progress = 1;
                  } else if (e instanceof StatementFailedException f) {
                    st.error =
                        f.errorName()
                            + ": "
                            + f.errorValue()
                            + (f.traceback().isEmpty()
                                ? ""
                                : "\n" + String.join("", f.traceback()));
                    st.state = f.getMessage().contains("cancel") ? "cancelled" : "error";
                  } else if (e instanceof SessionExpiredException x) {
                    run.end("expired: " + x.getMessage());
                  } else if (!st.done()) {
                    st.error = e.getMessage();
                    st.state =
                        e instanceof java.util.concurrent.CancellationException
                            ? "cancelled"
                            : "error";
                  }
                });
    return st;
  }

  private static void show(Stmt st, StatementResult r) {
    Table t = null;
    try {
      t = r.table();
    } catch (IllegalStateException e) {
      // not a table
    }
    if (t != null) {
      List<String> cols = t.columns().stream().map(Table.Column::name).toList();
      List<List<String>> rows = new ArrayList<>();
      for (Table.Row row : t.rows()) {
        if (rows.size() == MAX_ROWS_SHOWN) {
          break;
        }
        List<String> cells = new ArrayList<>(cols.size());
        for (int i = 0; i < cols.size(); i++) {
          Object v = row.get(i);
          cells.add(v == null ? "NULL" : v.toString());
        }
        rows.add(cells);
      }
      st.columns = cols;
      st.rows = rows;
      st.note =
          t.size()
              + (t.size() == 1 ? " row" : " rows")
              + (t.size() > MAX_ROWS_SHOWN ? ", the first " + MAX_ROWS_SHOWN + " shown" : "")
              + (t.truncated()
                  ? "; the server cut the result at " + t.rowLimit().orElse(t.size()) + " rows"
                  : "");
      return;
    }
    String text =
        r.text()
            .or(() -> r.json().map(Object::toString))
            .or(() -> r.image().map(b -> "(an image/png of " + b.length + " bytes)"))
            .orElse("(no output)");
    if (text.length() > MAX_TEXT_SHOWN) {
      st.note = "the first " + MAX_TEXT_SHOWN + " of " + text.length() + " characters shown";
      text = text.substring(0, MAX_TEXT_SHOWN);
    }
    st.text = text;
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
