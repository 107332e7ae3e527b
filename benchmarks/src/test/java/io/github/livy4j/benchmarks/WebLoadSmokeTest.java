package io.github.livy4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.samples.web.WebLoadRig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** A few users through the whole web load, quickly, so that the harness cannot rot. */
class WebLoadSmokeTest {
  @Test
  void fiveUsers_signInRunTheirStatementsAndSignOut_andTheReportShowsIt() throws Exception {
    WebLoad.Result r =
        WebLoad.run(
            WebLoad.Options.parse(
                new String[] {
                  "--users",
                  "5",
                  "--poll-ms",
                  "50",
                  "--session-startup-ms",
                  "50",
                  "--statement-ms",
                  "20"
                }));

    assertThat(r.failures()).isEmpty();
    assertThat(r.livySessionsLeft()).isZero();
    Map<String, Integer> counts =
        r.pages().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    PageTimes.Summary::kind, PageTimes.Summary::count));
    assertThat(counts)
        .containsEntry(WebUser.SIGN_IN, 5)
        .containsEntry(WebUser.CALLBACK, 5)
        .containsEntry(WebUser.CREATE, 5)
        .containsEntry(WebUser.RUN, 15) // three statements each
        .containsEntry(WebUser.SIGN_OUT, 5)
        .containsEntry(WebUser.ENTRA, 15) // authorize page, pick, logout
        .containsKeys(WebUser.PAGE, WebUser.LIVE);
    assertThat(r.threadPeaks().get("=app")).isPositive();
    assertThat(r.threadPeaks().keySet()).anyMatch(g -> g.startsWith("JettyServerThreadPool"));
    assertThat(r.heapBefore()).isPositive();
    String report = WebLoadReport.section(List.of(r, r));
    assertThat(report)
        .contains("## The web sample under load", "| 5 | ", WebUser.CALLBACK, "**app**")
        .contains("thread groups whose peak was higher with 5 users than with 5: none");
  }

  @Test
  void aUserTheSignInPageDoesNotOffer_failsNamingTheStep() throws Exception {
    try (WebLoadRig rig = WebLoadRig.start(1, Duration.ofMillis(10), Duration.ofMillis(10))) {
      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      WebUser stranger =
          new WebUser(
              7,
              rig.base(),
              http,
              new PageTimes(WebUser.KINDS),
              new WebUser.Settings(
                  Duration.ofMillis(50),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(10),
                  new Semaphore(1)));
      assertThatThrownBy(stranger::run)
          .isInstanceOf(WebUser.Failure.class)
          .hasMessage("user 8, authorize: the sign-in page does not offer load-user-00007");
    }
  }

  @Test
  void badOptions_areRefusedByName() {
    assertThatThrownBy(() -> WebLoad.Options.parse(new String[] {"--users", "none"}))
        .hasMessage("--users takes a positive number, not 'none'");
    assertThatThrownBy(() -> WebLoad.Options.parse(new String[] {"--user", "5"}))
        .hasMessageStartingWith("unknown option --user;");
    assertThatThrownBy(() -> WebLoad.Options.parse(new String[] {"--users"}))
        .hasMessage("--users needs a value");
    assertThatThrownBy(() -> WebLoad.Options.parse(new String[] {"--ramp-ms", "-1"}))
        .hasMessage("--ramp-ms takes a non-negative number, not '-1'");
  }

  @Test
  void growth_namesTheAppThreadGroupsThatPeakedHigherWithMoreUsers() {
    WebLoad.Result small =
        result(100, Map.of("JettyServerThreadPool-#", 20, "livy4j-worker-#", 4, "fake-livy-#", 5));
    WebLoad.Result large =
        result(500, Map.of("JettyServerThreadPool-#", 90, "livy4j-worker-#", 4, "fake-livy-#", 9));
    assertThat(WebLoadReport.growth(List.of(small, large)))
        .isEqualTo(
            "The app's thread groups whose peak was higher with 500 users than with 100:"
                + " `JettyServerThreadPool-#` (20 -> 90).\n");
  }

  private static WebLoad.Result result(int users, Map<String, Integer> peaks) {
    return new WebLoad.Result(
        users, 1000, 500, 200, 0, 1.0, List.of(), List.of(), Map.of(), peaks, Map.of(), Map.of(), 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, "", 1);
  }

  @Test
  void percentiles_areNearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(PageTimes.rank(sorted, 50)).isEqualTo(50);
    assertThat(PageTimes.rank(sorted, 95)).isEqualTo(95);
    assertThat(PageTimes.rank(sorted, 99)).isEqualTo(99);
    assertThat(PageTimes.rank(new long[] {7}, 99)).isEqualTo(7);
  }
}
