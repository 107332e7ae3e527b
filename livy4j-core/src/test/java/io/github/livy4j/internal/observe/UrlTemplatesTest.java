package io.github.livy4j.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlTemplatesTest {

  @Test
  void apachePaths_nameTheirIds_andKeepTheirActions() {
    assertThat(UrlTemplates.of("/sessions")).isEqualTo("/sessions");
    assertThat(UrlTemplates.of("/sessions/12")).isEqualTo("/sessions/{sessionId}");
    assertThat(UrlTemplates.of("/sessions/12/state")).isEqualTo("/sessions/{sessionId}/state");
    assertThat(UrlTemplates.of("/sessions/12/statements/3/cancel"))
        .isEqualTo("/sessions/{sessionId}/statements/{statementId}/cancel");
    assertThat(UrlTemplates.of("/livy/batches/7/log")).isEqualTo("/livy/batches/{batchId}/log");
    assertThat(UrlTemplates.of("/version")).isEqualTo("/version");
  }

  @Test
  void fabricPaths_nameWorkspaceLakehouseAndSession_butNotTheApiVersion() {
    assertThat(
            UrlTemplates.of(
                "/v1/workspaces/11111111-2222-3333-4444-555555555555"
                    + "/lakehouses/66666666-7777-8888-9999-000000000000/livyApi/versions/2023-12-01"
                    + "/sessions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/statements/0"))
        .isEqualTo(
            "/v1/workspaces/{workspaceId}/lakehouses/{lakehouseId}/livyApi/versions"
                + "/2023-12-01/sessions/{sessionId}/statements/{statementId}");
  }

  @Test
  void fabricHighConcurrencyPaths_nameTheSharedSessionAndItsRepl_whateverTheirIdsLookLike() {
    String root =
        "/v1/workspaces/11111111-2222-3333-4444-555555555555"
            + "/lakehouses/66666666-7777-8888-9999-000000000000/livyApi/versions/2023-12-01";
    String named =
        "/v1/workspaces/{workspaceId}/lakehouses/{lakehouseId}/livyApi/versions/2023-12-01";
    assertThat(UrlTemplates.of(root + "/highConcurrencySessions"))
        .isEqualTo(named + "/highConcurrencySessions");
    assertThat(
            UrlTemplates.of(root + "/highConcurrencySessions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))
        .isEqualTo(named + "/highConcurrencySessions/{highConcurrencySessionId}");
    assertThat(
            UrlTemplates.of(
                root
                    + "/highConcurrencySessions/shared-7f3a_x/repls/repl-2b9c/statements/4/cancel"))
        .isEqualTo(
            named
                + "/highConcurrencySessions/{highConcurrencySessionId}/repls/{replId}"
                + "/statements/{statementId}/cancel");
    assertThat(UrlTemplates.of("/sessions/not-a-number/statements/abc"))
        .isEqualTo("/sessions/{sessionId}/statements/{statementId}");
  }

  @Test
  void otherIds_becomeId_andNothingIsLeftOfAnId() {
    assertThat(UrlTemplates.of("/gateway/42/sessions")).isEqualTo("/gateway/{id}/sessions");
    assertThat(UrlTemplates.of("/x/0f8fad5b-d9cb-469f-a165-70867728950e")).isEqualTo("/x/{id}");
    assertThat(UrlTemplates.of("")).isEqualTo("/");
    assertThat(UrlTemplates.of(null)).isEqualTo("/");
  }
}
