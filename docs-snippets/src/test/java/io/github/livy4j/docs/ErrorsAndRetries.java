package io.github.livy4j.docs;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivySession;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionNotReadyException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.Table;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.polling.StatementPoller;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The errors-and-retries guide's snippets. */
final class ErrorsAndRetries {
  private static final Logger log = LoggerFactory.getLogger(ErrorsAndRetries.class);

  private final LivyClient client;
  private final SessionSpec spec;
  private LivySession session;

  ErrorsAndRetries(LivyClient client, SessionSpec spec) {
    this.client = client;
    this.spec = spec;
    this.session = client.createSession(spec);
  }

  void show(Table t) {
    log.info("{}", t);
  }

  void retryLater(Duration wait) {
    log.info("again in {}", wait);
  }

  void reconcile(SessionId id) {
    log.info("look at {}'s statements before running the code again", id);
  }

  void handle(String query) {
    // tag::handling[]
    StatementPoller p = session.beginExecute(Code.sql(query));
    try {
      show(p.waitForCompletion(Duration.ofMinutes(5)).table());
    } catch (StatementFailedException e) { // the code raised: fix the code or the data
      log.warn("{}: {}", e.errorName(), e.errorValue());
    } catch (PollingTimeoutException e) { // still running on the server
      p.cancel(); // or wait again, longer
    } catch (ThrottledException e) { // 429 after the client's own retries, or
      retryLater(e.retryAfter().orElse(Duration.ofMinutes(1))); // a Retry-After past the deadline
    } catch (LivyClientException e) { // no usable answer
      if (e.outcomeUnknown()) { // the server may have acted: look before redoing
        reconcile(session.id());
      }
    } catch (SessionExpiredException | SessionFailedException e) {
      session = client.createSession(spec); // this session is over: start another
    }
    // end::handling[]
  }

  // tag::retry[]
  /** Runs a query, again after the failures that say it may be tried again, 3 times at most. */
  static Table query(LivySession session, String sql) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return session.execute(Code.sql(sql)).table();
      } catch (ThrottledException e) { // 429: wait as the server asked
        if (attempt == 3) {
          throw e;
        }
        Thread.sleep(e.retryAfter().orElse(Duration.ofSeconds(30)).toMillis());
      } catch (SessionNotReadyException e) { // the session changed state just before the submit
        if (attempt == 3) {
          throw e;
        }
      } catch (LivyClientException e) { // no usable answer
        if (e.outcomeUnknown() || attempt == 3) {
          throw e; // the server may have run it: never blindly again
        }
      }
    }
  }
  // end::retry[]
}
