package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionListener;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The automatic keep-alive on a real Livy 0.7.1 whose idle reaper is set to 30 s (it runs once a
 * minute): a session the client keeps alive outlives the reaper; one it does not, and the kept
 * one once the client lets it go, are reaped. Real time: about three and a half minutes.
 */
class RealLivyLifetimeTest {
  private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(30);
  /** The reaper's timeout plus its one-minute period, plus a margin. */
  private static final Duration REAPED_WITHIN = Duration.ofSeconds(110);
  private static LocalLivy server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = LocalLivy.startOwn("lifetime", "--session-timeout", "30s");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void keepAlive_holdsASessionPastTheServersIdleTimeout_andItIsReapedOnceItStops()
      throws Exception {
    List<SessionId> keptAlive = new CopyOnWriteArrayList<>();
    LivyClient client = LivyClient.builder().backend(ApacheLivy.at(server.uri()))
        .deleteSessionsOnShutdown(false).sessionListener(new SessionListener() {
          @Override
          public void onKeepAlive(SessionId session) {
            keptAlive.add(session);
          }
        }).build();
    SessionId keptId;
    SessionId leftId;
    try {
      LivySession kept = client.createSession(SessionSpec.builder()
          .idleTimeout(Duration.ofMinutes(30)).keepAliveInterval(Duration.ofSeconds(10)).build());
      LivySession left = client.createSession(SessionSpec.builder()
          .idleTimeout(Duration.ofMinutes(30)).noKeepAlive().build());
      keptId = kept.id();
      leftId = left.id();

      awaitGone(leftId, REAPED_WITHIN);
      assertThat(exists(keptId)).as("the kept session outlived the server's idle timeout")
          .isTrue();
      assertThat(keptAlive).contains(keptId).doesNotContain(leftId);

      // the client lets it go: no keep-alive any more, and the server's reaper takes it
      kept.detach();
      left.detach();
      awaitGone(keptId, REAPED_WITHIN);
    } finally {
      client.close();
    }
  }

  private static boolean exists(SessionId id) throws Exception {
    HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(
        URI.create(server.uri() + "/sessions/" + id)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.discarding());
    return r.statusCode() == 200;
  }

  private static void awaitGone(SessionId id, Duration max) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    while (exists(id)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("session " + id + " still exists after " + max.toSeconds()
            + " s; the server reaps idle sessions after " + SERVER_TIMEOUT.toSeconds() + " s");
      }
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
    }
  }
}
