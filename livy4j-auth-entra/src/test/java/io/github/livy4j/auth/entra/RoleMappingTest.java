package io.github.livy4j.auth.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.NoSecretLeaks;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code ROLES} mapping, group claims, and group overage read from Microsoft Graph. */
@ExtendWith(NoSecretLeaks.class)
class RoleMappingTest {
  private static final String ADMINS = "aaaaaaaa-0000-4000-8000-000000000001";
  private static final String EDITORS = "aaaaaaaa-0000-4000-8000-000000000002";
  private static final String VIEWERS = "aaaaaaaa-0000-4000-8000-000000000003";
  private static final String OTHER = "aaaaaaaa-0000-4000-8000-000000000009";
  private static final String TOKEN = NoSecretLeaks.secret("graph-token-Xy7.secret");
  private static final String ROLES =
      "{\""
          + ADMINS
          + "\": \"Administrators\", \""
          + EDITORS
          + "\": [\"Editors\", \"Viewers\"], \""
          + VIEWERS
          + "\": \"Viewers\"}";

  @RegisterExtension
  static final WireMockExtension GRAPH =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TokenProvider token = TokenProviders.fixed(TOKEN);

  private static SignedInUser user(Map<String, Object> claims) {
    return new SignedInUser("oid.tid", "alice@contoso.test", "Alice", "tid", claims);
  }

  private GraphGroups graph(boolean transitive) {
    return GraphGroups.builder()
        .endpoint(URI.create(GRAPH.baseUrl() + "/v1.0/me/memberOf"))
        .transitive(transitive)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void parse_readsTheSeedsFormat_andAGroupMayMapToSeveralRoles() {
    RoleMapping m = RoleMapping.parse(ROLES);
    assertThat(m.roles()).containsExactlyInAnyOrder("Administrators", "Editors", "Viewers");
    assertThat(m.rolesFor(List.of(EDITORS, OTHER))).containsExactlyInAnyOrder("Editors", "Viewers");
    assertThat(m.rolesFor(List.of(OTHER))).isEmpty();
  }

  @Test
  void parse_refusesBadConfiguration_withAMessageThatNamesTheProblem() {
    assertThatThrownBy(() -> RoleMapping.parse("{\"g\": \"Editors\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ROLES is not valid" + " JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> RoleMapping.parse("{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maps no group");
    assertThatThrownBy(() -> RoleMapping.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ROLES is empty");
    assertThatThrownBy(() -> RoleMapping.parse("[\"Editors\"]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> RoleMapping.parse("{\"g\": 3}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group 'g' must map to a role name");
    assertThatThrownBy(() -> RoleMapping.parse("{\"g\": [\"Editors\", \" \"]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank role");
  }

  @Test
  void aGroupGivenTwice_isRefused_namingIt_ratherThanTheLastOneWinning() {
    assertThatThrownBy(() -> RoleMapping.parse("{\"g\": \"Viewers\", \"g\": \"Administrators\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ROLES names the group 'g' twice: give each group once, with a list of its roles,"
                + " such as {\"g\": [\"Viewers\", \"Editors\"]}");
  }

  @Test
  void rolesOf_readsTheRolesClaim_orTheGroupsClaim_withoutAskingGraph() {
    RoleMapping m = RoleMapping.parse(ROLES);
    SignedInUser u = user(Map.of("roles", List.of(ADMINS), "groups", List.of(VIEWERS)));
    assertThat(m.rolesOf(u, RoleMapping.GroupClaim.ROLES, graph(false), token))
        .containsExactly("Administrators");
    assertThat(m.rolesOf(u, RoleMapping.GroupClaim.GROUPS, graph(false), token))
        .containsExactly("Viewers");
    assertThat(GRAPH.getAllServeEvents()).isEmpty();
  }

  @Test
  void groupOverage_readsEveryPageFromGraph_withTheUsersToken_groupsOnly() {
    GRAPH.stubFor(
        get(urlPathEqualTo("/v1.0/me/transitiveMemberOf"))
            .withQueryParam("$select", equalTo("id"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"value\": ["
                            + "{\"@odata.type\": \"#microsoft.graph.directoryRole\", \"id\": \""
                            + ADMINS
                            + "\"},"
                            + "{\"@odata.type\": \"#microsoft.graph.group\", \"id\": \""
                            + OTHER
                            + "\"}],"
                            + "\"@odata.nextLink\": \""
                            + GRAPH.baseUrl()
                            + "/v1.0/me/page2\"}")));
    GRAPH.stubFor(
        get(urlPathEqualTo("/v1.0/me/page2"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"value\": ["
                            + "{\"@odata.type\": \"#microsoft.graph.group\", \"id\": \""
                            + EDITORS
                            + "\"}]}")));
    SignedInUser u = user(Map.of("_claim_names", Map.of("groups", "src1")));
    assertThat(u.groupsOverage()).isTrue();

    assertThat(
            RoleMapping.parse(ROLES).rolesOf(u, RoleMapping.GroupClaim.ROLES, graph(true), token))
        .containsExactlyInAnyOrder("Editors", "Viewers");
    GRAPH.verify(
        getRequestedFor(urlPathEqualTo("/v1.0/me/transitiveMemberOf"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    GRAPH.verify(getRequestedFor(urlPathEqualTo("/v1.0/me/page2")));
  }

  @Test
  void graphFailures_areClearErrors_neverAnEmptyRoleSet_andNeverShowTheToken() {
    SignedInUser u = user(Map.of("_claim_names", Map.of("groups", "src1")));
    RoleMapping m = RoleMapping.parse(ROLES);
    GRAPH.stubFor(
        get(urlPathEqualTo("/v1.0/me/memberOf"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"Authorization_RequestDenied\", \"message\":"
                            + " \"Insufficient privileges; token "
                            + TOKEN
                            + "\"}}")));
    assertThatThrownBy(() -> m.rolesOf(u, RoleMapping.GroupClaim.GROUPS, graph(false), token))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e)
                  .hasMessageContaining("Authorization_RequestDenied")
                  .hasMessageContaining("GroupMember.Read.All");
              NoSecretLeaks.assertClean(e);
            });

    GRAPH.stubFor(
        get(urlPathEqualTo("/v1.0/me/memberOf"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"value\": [],"
                            + " \"@odata.nextLink\": \"https://elsewhere.test/v1.0/me/memberOf?page=2\"}")));
    assertThatThrownBy(() -> m.rolesOf(u, RoleMapping.GroupClaim.GROUPS, graph(false), token))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("another host");

    GraphGroups down =
        GraphGroups.builder()
            .endpoint(URI.create("http://127.0.0.1:1/v1.0/me" + "/memberOf"))
            .timeout(Duration.ofSeconds(2))
            .build();
    assertThatThrownBy(() -> m.rolesOf(u, RoleMapping.GroupClaim.GROUPS, down, token))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.statusCode()).isZero())
        .hasMessageContaining("Could not reach Microsoft Graph");
    assertThatThrownBy(() -> GraphGroups.builder().endpoint(URI.create("http://graph.example/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }
}
