package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBodiesTest {
  @Test
  void livyMsgObject() {
    assertThat(
            ErrorBodies.parse("application/json", "{\"msg\":\"Session '5' not found.\"}").message())
        .isEqualTo("Session '5' not found.");
  }

  @Test
  void bareJsonString_fromOldServersAndJacksonErrors() {
    ErrorBodies.Parsed p =
        ErrorBodies.parse(
            "application/json;charset=utf-8",
            "\"Unrecognized field \\\"ttl\\\" (class x)\\n at [Source: y]\"");
    assertThat(p.message()).isEqualTo("Unrecognized field \"ttl\" (class x) at [Source: y]");
    assertThat(p.errorCode()).isNull();
  }

  @Test
  void fabricErrorObject() {
    ErrorBodies.Parsed p =
        ErrorBodies.parse(
            "application/json",
            "{\"errorCode\":\"Throttled\","
                + "\"message\":\"Too many\",\"requestId\":\"abc\",\"moreDetails\":[]}");
    assertThat(p.message()).isEqualTo("Too many");
    assertThat(p.errorCode()).isEqualTo("Throttled");
    assertThat(p.requestId()).isEqualTo("abc");
  }

  @Test
  void jettyHtmlPage_givesTheReason() {
    String html =
        "<html>\n<head>\n<title>Error 400 </title>\n</head>\n<body>\n<h2>HTTP ERROR:"
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
  void nestedErrorObject_givesItsMessageAndCode_unlessTheTopLevelHasThem() {
    ErrorBodies.Parsed nested =
        ErrorBodies.parse(
            "application/json",
            "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Expired\"}}");
    assertThat(nested.message()).isEqualTo("Expired");
    assertThat(nested.errorCode()).isEqualTo("InvalidAuthenticationToken");
    ErrorBodies.Parsed top =
        ErrorBodies.parse(
            "application/json",
            "{\"msg\":\"top\","
                + "\"code\":\"TopCode\",\"error\":{\"code\":\"Inner\",\"message\":\"inner\"}}");
    assertThat(top.message()).isEqualTo("top");
    assertThat(top.errorCode()).isEqualTo("TopCode");
    ErrorBodies.Parsed oauth =
        ErrorBodies.parse(
            null,
            "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\","
                + "\"request_id\":\"r-9\"}");
    assertThat(oauth.message()).isEqualTo("code expired");
    assertThat(oauth.requestId()).isEqualTo("r-9");
  }

  @Test
  void jsonWithoutAMessage_isShownWhole_andBlankFieldsAreSkipped() {
    ErrorBodies.Parsed p =
        ErrorBodies.parse(
            "application/json", "{\"msg\":\"  \",\"errorCode\":\"\",\"code\":\"C1\"}");
    assertThat(p.message()).isEqualTo("{\"msg\":\" \",\"errorCode\":\"\",\"code\":\"C1\"}");
    assertThat(p.errorCode()).isEqualTo("C1");
    assertThat(p.requestId()).isNull();
  }

  @Test
  void htmlIsRecognisedByItsContentTypeOrItsFirstTag_andOnlyThen() {
    // an HTML fragment named by its content type loses its tags
    assertThat(ErrorBodies.parse("text/html", "<h1>Service <b>Unavailable</b></h1>").message())
        .isEqualTo("Service Unavailable");
    // a page without a content type is known by its doctype; no <pre>: its title
    assertThat(
            ErrorBodies.parse(
                    null,
                    "<!DOCTYPE html><html><head><title>502 Bad Gateway"
                        + "</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>")
                .message())
        .isEqualTo("502 Bad Gateway");
    // no <pre> and no title: the text of the page
    assertThat(
            ErrorBodies.parse(null, "<HTML><body><h1>Gateway  Timeout</h1></body></HTML>")
                .message())
        .isEqualTo("Gateway Timeout");
    // plain text that holds an angle bracket is not HTML
    assertThat(ErrorBodies.parse("text/plain", "expected <int> but got <str>").message())
        .isEqualTo("expected <int> but got <str>");
  }

  @Test
  void lengthLimits_keepWhatFitsExactly() {
    String body = "y".repeat(ErrorBodies.MAX_BODY);
    assertThat(ErrorBodies.truncate(body)).isEqualTo(body);
    assertThat(ErrorBodies.truncate(body + "z")).isEqualTo(body + "... (1 more chars)");
    assertThat(ErrorBodies.truncate(null)).isEmpty();
    String message = "m".repeat(500);
    assertThat(ErrorBodies.parse("text/plain", message).message()).isEqualTo(message);
    assertThat(ErrorBodies.parse("text/plain", message + "n").message()).isEqualTo(message + "...");
  }

  @Test
  void redaction_dropsUserInfoAndSensitiveQueryValues() {
    assertThat(
            Redaction.url(
                java.net.URI.create(
                    "https://user:pw@host:8443/livy/sessions?from=0&size=10&code=abc&token=t")))
        .isEqualTo("https://host:8443/livy/sessions?from=0&size=10&code=***&token=***");
  }

  @Test
  void redaction_hidesAValueWithoutAKey_andKeepsAnExplicitPortOrNone() {
    assertThat(Redaction.url(java.net.URI.create("http://host:0/s?=bare-value&flag&SIZE=5")))
        .isEqualTo("http://host:0/s?=***&flag&SIZE=5");
    assertThat(Redaction.url(java.net.URI.create("https://host/s?"))).isEqualTo("https://host/s");
    assertThat(Redaction.url(java.net.URI.create("/relative/path?token=t")))
        .isEqualTo("/relative/path?token=***");
  }
}
