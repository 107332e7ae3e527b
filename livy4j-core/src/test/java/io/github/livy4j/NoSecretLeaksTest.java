package io.github.livy4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The leak check itself: what it masks, and that every test's log lines reach it. */
class NoSecretLeaksTest {
  @Test
  void credentialShapedValues_areMasked_andRedactedOnesAreNot() {
    for (String leak :
        new String[] {
          "Authorization: Bearer eyJ0eXAiOiJKV1Qi.abc",
          "authorization: basic dXNlcjpwYXNzd29yZA==",
          "grant_type=refresh_token" + "&refresh_token=0.AXYA-secret-value&scope=x",
          "client_secret=s3cr3t-v4lue",
          "{\"access_token\": \"at-1234567\"}",
          "code_verifier=abcdefghijklmnop"
        }) {
      assertThat(NoSecretLeaks.masked(leak)).as(leak).isNotEqualTo(leak).contains("<credential of");
    }
    for (String clean :
        new String[] {
          "Authorization: Bearer <redacted>",
          "GET http://host/sessions/1 answered 401",
          "grant_type=refresh_token&scope=x",
          "{\"access_token\": \"<redacted>\"}",
          "the token was refused"
        }) {
      assertThat(NoSecretLeaks.masked(clean)).as(clean).isEqualTo(clean);
    }
    NoSecretLeaks.secret("registered-secret-42");
    assertThat(NoSecretLeaks.masked("x registered-secret-42 y"))
        .isEqualTo("x <secret of 20" + " chars> y");
  }

  @Test
  void everyLogLine_atTrace_reachesTheCheck() {
    long mark = CapturedLogs.mark();
    LoggerFactory.getLogger("io.github.livy4j.probe").trace("a trace line");
    assertThat(CapturedLogs.since(mark))
        .containsExactly("TRACE io.github.livy4j.probe a trace" + " line");
    assertThat(CapturedLogs.leaksSince(mark)).isEmpty();
    LoggerFactory.getLogger("io.github.livy4j.probe").debug("sent client_secret=abcdefghijklmnop");
    assertThat(CapturedLogs.leaksSince(mark)).hasSize(1);
    // forget it again, so that this test's own check passes
    CapturedLogs.forgetLeaksSince(mark);
  }
}
