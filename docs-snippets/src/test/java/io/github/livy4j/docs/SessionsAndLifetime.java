package io.github.livy4j.docs;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionListener;
import io.github.livy4j.SessionPool;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementResult;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.spi.LivyBackend;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sessions-and-lifetime guide's snippets. */
final class SessionsAndLifetime {
  private static final Logger log = LoggerFactory.getLogger(SessionsAndLifetime.class);

  private SessionsAndLifetime() {}

  static LivyClient lifetime(LivyBackend backend) {
    // tag::lifetime[]
    SessionSpec spec =
        SessionSpec.builder()
            .ttl(Duration.ofHours(4)) // deleted 4 h after creation, whatever it does
            .idleTimeout(Duration.ofMinutes(30)) // deleted after 30 min without a statement
            .keepAliveInterval(Duration.ofMinutes(5)) // the default; noKeepAlive() turns it off
            .recoverLostSessions() // opt-in: replace a session lost under work
            .build();
    LivyClient client =
        LivyClient.builder()
            .backend(backend)
            .sessionListener(
                new SessionListener() {
                  @Override
                  public void onExpired(SessionExpiredException e) {
                    log.info(e.getMessage());
                  }
                })
            .build();
    // end::lifetime[]
    return client;
  }

  static void deadlines(LivyBackend backend, LivySession session) {
    // tag::deadlines[]
    LivyClient client =
        LivyClient.builder()
            .backend(backend)
            .polling(
                PollingOptions.builder()
                    .sessionStartTimeout(Duration.ofMinutes(5)) // default 10 minutes
                    .statementTimeout(Duration.ofMinutes(10)) // default 30 minutes
                    .build())
            .closeTimeout(Duration.ofSeconds(30)) // the default
            .build();
    StatementResult r = session.execute(Code.sql("SELECT 1"), Duration.ofMinutes(2)); // this once
    // end::deadlines[]
  }

  static void pool(LivyClient client, SessionSpec spec) {
    // tag::pool[]
    try (SessionPool pool =
        SessionPool.builder(client, spec)
            .min(2)
            .max(8)
            .resetStatement(Code.sql("CLEAR CACHE"))
            .build()) {
      try (LivySession s = pool.borrow()) { // close() gives it back
        s.execute(Code.sql("SELECT 1"));
      }
      pool.borrowAsync(Duration.ofMinutes(2))
          .thenAccept(
              s -> {
                try (s) {
                  s.execute(Code.sql("SELECT 2"));
                }
              });
      SessionPool.Stats stats = pool.stats(); // idle, borrowed, starting, waiting, ...
    } // deletes every session of the pool
    // end::pool[]
  }

  static void attach(LivySession session, LivyClient otherClient) {
    // tag::attach[]
    SessionId id = session.detach(); // neither close() nor the client's close deletes it now
    // ... later, from another client or process:
    try (LivySession again = otherClient.attach(id)) {
      again.execute(Code.sql("SELECT 1"));
    } // deleted: the attaching client owns it
    // end::attach[]
  }

  static void orphans(LivyClient client) {
    // tag::orphans[]
    List<SessionInfo> mine = client.listSessions("etl-");
    List<SessionInfo> gone = client.deleteOrphans("etl-", Duration.ofHours(1), false);
    // end::orphans[]
  }
}
