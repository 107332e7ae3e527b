package io.github.livy4j.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final String SECRET = "pa$$ w/rd\"<x>&y='z'+é";

  @Test
  void aSecret_isHidden_inEveryEncodingItCanComeBackIn() {
    Redactor r = Redactor.of(List.of(SECRET));
    String json = "\"pa$$ w\\/rd\\\"<x>&y='z'+é\"";
    String gson = "pa$$ w/rd\\u0022\\u003cx\\u003e\\u0026y\\u003d\\u0027z\\u0027+\\u00e9";
    String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    String html = "pa$$ w/rd&quot;&lt;x&gt;&amp;y=&#39;z&#39;+é";
    String b64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    for (String echoed :
        List.of(
            SECRET,
            json,
            gson,
            form,
            form.replace("+", "%20"),
            form.toLowerCase(java.util.Locale.ROOT),
            html,
            b64)) {
      String out = r.redact("before " + echoed + " after");
      assertThat(out)
          .as(echoed)
          .startsWith("before ")
          .endsWith(" after")
          .contains(Redactor.MASK)
          .doesNotContain("w/rd")
          .doesNotContain("w\\/rd")
          .doesNotContain("w%2Frd")
          .doesNotContain("w%2frd")
          .doesNotContain(b64);
    }
  }

  @Test
  void credentialShapedValues_areHidden_withoutKnowingThem() {
    Redactor r = Redactor.patternsOnly();
    String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    assertThat(r.redact("token " + jwt + " end")).isEqualTo("token <redacted> end");
    assertThat(r.redact("Authorization: Bearer abc.def-ghi_jkl"))
        .isEqualTo("Authorization: Bearer <redacted>");
    assertThat(r.redact("Authorization: Basic YWxpY2U6c2VjcmV0"))
        .isEqualTo("Authorization: Basic <redacted>");
    assertThat(
            r.redact(
                "client_id=c1&client_secret=abc%2Bdef&code=AQAB-code&code_verifier=v1"
                    + "&refresh_token=rt-1&grant_type=authorization_code"))
        .isEqualTo(
            "client_id=c1"
                + "&client_secret=<redacted>&code=<redacted>&code_verifier=<redacted>"
                + "&refresh_token=<redacted>&grant_type=authorization_code");
    assertThat(r.redact("{\"refresh_token\": \"rt-2\", \"password\":\"pw\"}"))
        .isEqualTo("{\"refresh_token\": \"<redacted>\", \"password\":\"<redacted>\"}");
    assertThat(r.redact("{\\\"access_token\\\":\\\"at-3\\\"}")).doesNotContain("at-3");
  }

  @Test
  void ordinaryText_isLeftAlone() {
    Redactor r = Redactor.of(List.of("s3cret", "ab"));
    String text =
        "{\"errorCode\":\"InvalidRequest\",\"code\":\"Conflict\",\"msg\":\"Session "
            + "7 is ab dead\",\"error_codes\":[7000215]}";
    assertThat(r.redact(text)).isEqualTo(text);
    assertThat(r.matches(text)).isFalse();
    assertThat(r.matches("you sent s3cret")).isTrue();
    assertThat(r.redact(null)).isNull();
    assertThat(r.toString()).doesNotContain("s3cret");
  }

  @Test
  void and_addsSecrets_keepingTheOldOnes() {
    Redactor r = Redactor.of(List.of("first-secret")).and(List.of("second-secret"));
    assertThat(r.redact("first-secret second-secret")).isEqualTo("<redacted> <redacted>");
  }

  @Test
  void aLongerSecret_isHiddenWhole_evenWhenAShorterOneStartsIt() {
    Redactor r = Redactor.of(List.of("prefix-secret", "prefix-secret-and-more"));
    assertThat(r.redact("a prefix-secret-and-more b")).isEqualTo("a <redacted> b");
    assertThat(r).hasToString("Redactor[2 secrets]");
  }

  @Test
  void theShortestSecretKept_isTheMinimumLength() {
    String shortest = "k".repeat(Redactor.MIN_SECRET_LENGTH);
    String tooShort = "q".repeat(Redactor.MIN_SECRET_LENGTH - 1);
    Redactor r = Redactor.of(List.of(shortest, tooShort));
    assertThat(r.redact("[" + shortest + "] [" + tooShort + "]"))
        .isEqualTo("[<redacted>] [" + tooShort + "]");
  }

  @Test
  void escapedForms_keepWhatNeedsNoEscape_andLowerCaseOnlyTheHexDigits() {
    Redactor r = Redactor.of(List.of("Tok~EN/\"x"));
    // a serializer escaping all but printable ASCII leaves the tilde alone
    assertThat(r.redact("Tok~EN/\\u0022x")).isEqualTo(Redactor.MASK);
    // percent-encoded with lower-case hex digits, the letters as they were
    assertThat(r.redact("Tok%7eEN%2f%22x")).isEqualTo(Redactor.MASK);
  }
}
