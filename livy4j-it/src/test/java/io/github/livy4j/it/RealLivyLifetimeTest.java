package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionListener;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.Poller;
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
 * The automatic keep-alive on a real Livy 0.7.1 whose idle reaper is set to 10 s (it runs once a
 * minute, at times of its own): a session the client keeps alive outlives the reaper; one it
 * never kept alive, and one it kept alive and then let go, are reaped. The reaper takes idle
 * sessions whatever their state, starting ones too, so the test records activity on the three
 * while they start (as a client's calls would), and the reaper's timeout counts from when each
 * is ready. They meet the same pass of the reaper: about a minute of real time, two when slow
 * starts push them past a pass.
 */
class RealLivyLifetimeTest {
  private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(10);

  /** The reaper's timeout plus its one-minute period, plus a margin. */
  private static final Duration REAPED_WITHIN = Duration.ofSeconds(100);

  private static LocalLivy server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = LocalLivy.startOwn("lifetime", "--session-timeout", "10s");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void keepAlive_holdsASessionPastTheServersIdleTimeout_andASessionItLetsGoIsReaped()
      throws Exception {
    List<SessionId> keptAlive = new CopyOnWriteArrayList<>();
    LivyClient client =
        LivyClient.builder()
            .backend(ApacheLivy.at(server.uri()))
            .deleteSessionsOnShutdown(false)
            .sessionListener(
                new SessionListener() {
                  @Override
                  public void onKeepAlive(SessionId session) {
                    keptAlive.add(session);
                  }
                })
            .build();
    try {
      SessionSpec keep =
          SessionSpec.builder()
              .idleTimeout(Duration.ofMinutes(30))
              .keepAliveInterval(Duration.ofSeconds(3))
              .build();
      // the three start together: each start is a minute of CPU on a busy machine
      List<LivySession> ready =
          whileStarting(
              client,
              List.of(
                  keep,
                  keep,
                  SessionSpec.builder().idleTimeout(Duration.ofMinutes(30)).noKeepAlive().build()));
      LivySession kept = ready.get(0);
      LivySession letGo = ready.get(1);
      LivySession left = ready.get(2);

      // the client keeps the let-go session alive, then lets it go: no keep-alive any more
      awaitKeptAlive(keptAlive, letGo.id());
      letGo.detach();
      left.detach();

      awaitGone(left.id(), REAPED_WITHIN);
      awaitGone(letGo.id(), REAPED_WITHIN);
      assertThat(exists(kept.id()))
          .as("the kept session outlived the server's idle timeout")
          .isTrue();
      assertThat(keptAlive).contains(kept.id(), letGo.id()).doesNotContain(left.id());
      kept.close();
      assertThat(exists(kept.id())).as("the kept session, deleted by its close").isFalse();
    } finally {
      client.close();
    }
  }

  /**
   * Starts a session of each spec, all at once, and polls the starts until all are ready,
   * recording activity on every session of the server every two seconds meanwhile ({@code POST
   * /sessions/{id}/connect}): the reaper does not take a session while it starts. A start that
   * Livy 0.7.1 loses to the race in its driver handshake, which several starts at once on a busy
   * machine sometimes meet (the driver's log: "Closing channel due to exception in pipeline",
   * a cancelled promise), is begun again, at most twice in all: the session the race took is the
   * server's doing, not the client's, and the client has deleted it.
   *
   * @return the sessions, in the order of the specs
   */
  private static List<LivySession> whileStarting(LivyClient client, List<SessionSpec> specs)
      throws Exception {
    List<Poller<LivySession>> starts = new java.util.ArrayList<>();
    specs.forEach(spec -> starts.add(client.beginCreateSession(spec)));
    int raced = 0;
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (true) {
      assertThat(System.nanoTime()).as("the sessions start within 4 minutes").isLessThan(end);
      String list =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(server.uri() + "/sessions"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("\\{\"id\":(\\d+)").matcher(list);
          m.find(); ) {
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(server.uri() + "/sessions/" + m.group(1) + "/connect"))
                .timeout(Duration.ofSeconds(10))
                .header("X-Requested-By", "it")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
      }
      boolean allReady = true;
      for (int i = 0; i < starts.size(); i++) {
        Poller<LivySession> p = starts.get(i);
        try {
          if (!p.isDone()) {
            p.poll();
          }
          if (p.isDone()) {
            p.waitForCompletion();
          } else {
            allReady = false;
          }
        } catch (io.github.livy4j.SessionFailedException e) {
          if (raced++ >= 2 || !String.valueOf(e.getMessage()).contains("Closing channel")) {
            throw e;
          }
          starts.set(i, client.beginCreateSession(specs.get(i)));
          allReady = false;
        }
      }
      if (allReady) {
        List<LivySession> ready = new java.util.ArrayList<>();
        for (Poller<LivySession> p : starts) {
          ready.add(p.waitForCompletion());
        }
        return ready;
      }
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
    }
  }

  private static void awaitKeptAlive(List<SessionId> keptAlive, SessionId id) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!keptAlive.contains(id)) {
      assertThat(System.nanoTime())
          .as("session " + id + " kept alive within a minute")
          .isLessThan(end);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
  }

  private static boolean exists(SessionId id) throws Exception {
    HttpResponse<Void> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/sessions/" + id))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    return r.statusCode() == 200;
  }

  private static void awaitGone(SessionId id, Duration max) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    while (exists(id)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "session "
                + id
                + " still exists after "
                + max.toSeconds()
                + " s; the server reaps idle sessions after "
                + SERVER_TIMEOUT.toSeconds()
                + " s");
      }
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
    }
  }
}
