package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBodiesTest {
  @Test
  void livyMsgObject() {
    assertThat(ErrorBodies.parse("application/json", "{\"msg\":\"Session '5' not found.\"}")
        .message()).isEqualTo("Session '5' not found.");
  }

  @Test
  void bareJsonString_fromOldServersAndJacksonErrors() {
    ErrorBodies.Parsed p = ErrorBodies.parse("application/json;charset=utf-8",
        "\"Unrecognized field \\\"ttl\\\" (class x)\\n at [Source: y]\"");
    assertThat(p.message()).isEqualTo("Unrecognized field \"ttl\" (class x) at [Source: y]");
    assertThat(p.errorCode()).isNull();
  }

  @Test
  void fabricErrorObject() {
    ErrorBodies.Parsed p = ErrorBodies.parse("application/json", "{\"errorCode\":\"Throttled\","
        + "\"message\":\"Too many\",\"requestId\":\"abc\",\"moreDetails\":[]}");
    assertThat(p.message()).isEqualTo("Too many");
    assertThat(p.errorCode()).isEqualTo("Throttled");
    assertThat(p.requestId()).isEqualTo("abc");
  }

  @Test
  void jettyHtmlPage_givesTheReason() {
    String html = "<html>\n<head>\n<title>Error 400 </title>\n</head>\n<body>\n<h2>HTTP ERROR:"
        + " 400</h2>\n<p>Problem accessing /sessions. Reason:\n<pre>    Missing Required Header"
        + " for CSRF protection.</pre></p>\n</body>\n</html>";
    assertThat(ErrorBodies.parse("text/html;charset=iso-8859-1", html).message())
        .isEqualTo("Missing Required Header for CSRF protection.");
    assertThat(ErrorBodies.parse(null, "<html><title>Bad Gateway</title></html>").message())
        .isEqualTo("Bad Gateway");
  }

  @Test
  void plainTextAndEmptyAndBrokenJson() {
    assertThat(ErrorBodies.parse("text/plain", "  upstream\n timed out ").message())
        .isEqualTo("upstream timed out");
    assertThat(ErrorBodies.parse(null, "").message()).isEmpty();
    assertThat(ErrorBodies.parse("application/json", "{\"msg\": ").message())
        .isEqualTo("{\"msg\":");
  }

  @Test
  void longBodies_areTruncated() {
    String big = "x".repeat(10_000);
    assertThat(ErrorBodies.truncate(big)).hasSizeLessThan(4200).endsWith("(5904 more chars)");
    assertThat(ErrorBodies.parse("text/plain", big).message()).hasSize(503);
  }

  @Test
  void redaction_dropsUserInfoAndSensitiveQueryValues() {
    assertThat(Redaction.url(java.net.URI.create(
        "https://user:pw@host:8443/livy/sessions?from=0&size=10&code=abc&token=t")))
        .isEqualTo("https://host:8443/livy/sessions?from=0&size=10&code=***&token=***");
  }
}
