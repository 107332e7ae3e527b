package io.github.livy4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BaseUrlsTest {
  private static URI check(String url) {
    return BaseUrls.check(URI.create(url), "Base URL", "https://example.com/api", "with a token");
  }

  @Test
  void quote_showsTheUrlAsGiven_withoutUserInfoOrCredentialValues() {
    assertThat(BaseUrls.quote(URI.create("localhost:8998"))).isEqualTo("localhost:8998");
    assertThat(BaseUrls.quote(URI.create("HTTP://Host:1//x/?a=b#c")))
        .isEqualTo("HTTP://Host:1//x/?a=b#c");
    assertThat(BaseUrls.quote(URI.create("http://bob:pw-123@h/x?access_token=t0k3n&a=b")))
        .isEqualTo("http://<redacted>@h/x?access_token=<redacted>&a=b");
  }

  @Test
  void check_dropsTrailingSlashes_andKeepsTheRest() {
    assertThat(check("http://h:8998")).isEqualTo(URI.create("http://h:8998"));
    assertThat(check("http://h:8998///")).isEqualTo(URI.create("http://h:8998"));
    assertThat(check("https://gw/livy/")).isEqualTo(URI.create("https://gw/livy"));
    assertThat(check("https://gw/a%20b/")).isEqualTo(URI.create("https://gw/a%20b"));
    assertThat(check("HTTPS://[::1]:1/x")).isEqualTo(URI.create("HTTPS://[::1]:1/x"));
  }

  @Test
  void check_suggestsTheExamplesScheme_forAUrlWithout() {
    assertThatThrownBy(() -> check("h:8998"))
        .hasMessage("Base URL 'h:8998' has no scheme: use https://h:8998");
    assertThatThrownBy(() -> check("mailto:x@y"))
        .hasMessage(
            "Base URL 'mailto:x@y' has scheme 'mailto': use http:// or https://, such as"
                + " https://example.com/api");
    assertThatThrownBy(() -> check(""))
        .hasMessage("Base URL '' is not a whole URL: give one such as https://example.com/api");
  }

  @Test
  void stripTrailingSlashes_andWithPath() {
    assertThat(BaseUrls.stripTrailingSlashes("///")).isEmpty();
    assertThat(BaseUrls.stripTrailingSlashes("/a//")).isEqualTo("/a");
    assertThat(BaseUrls.withPath(URI.create("http://u:p@h:1/x?q#f"), "/y"))
        .isEqualTo(URI.create("http://h:1/y"));
  }
}
