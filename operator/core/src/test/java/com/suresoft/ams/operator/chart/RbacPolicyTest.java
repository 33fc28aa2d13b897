package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.testkit.ApiRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The parts of the RBAC proof ({@link LeastPrivilegeProofIT}) on their own: how a logged request
 * becomes what RBAC authorizes, how the chart's rules decide, and that the check reports a removed
 * rule and an unused one.
 */
class RbacPolicyTest {
  private static final Map<String, Object> CLUSTER = Map.of("rbac.scope", "cluster");
  private static final String SSA = "application/apply-patch+yaml";

  @Test
  void requestsBecomeWhatRbacAuthorizes() {
    assertThat(attributes("GET", "/api/v1/namespaces/ams/pods/p", "", null, 200))
        .containsExactly("get core/pods in ams");
    assertThat(attributes("GET", "/apis/apps/v1/deployments", "labelSelector=x", null, 200))
        .containsExactly("list apps/deployments (cluster-wide)");
    assertThat(attributes("GET", "/apis/apps/v1/deployments", "watch=true", null, 200))
        .containsExactly("watch apps/deployments (cluster-wide)");
    assertThat(attributes("POST", "/api/v1/namespaces/ams/events", "", "application/json", 201))
        .containsExactly("create core/events in ams");
    assertThat(
            attributes("PUT", "/apis/coordination.k8s.io/v1/namespaces/s/leases/l", "", null, 200))
        .containsExactly("update coordination.k8s.io/leases in s");
    assertThat(attributes("DELETE", "/api/v1/namespaces/ams/services/s", "", null, 200))
        .containsExactly("delete core/services in ams");
    assertThat(attributes("DELETE", "/api/v1/namespaces/ams/services", "", null, 200))
        .containsExactly("deletecollection core/services in ams");
    // A subresource is authorized as resource/subresource.
    String status = "/apis/ams.suresoft.com/v1alpha1/namespaces/ams/amsinstances/a/status";
    assertThat(attributes("PATCH", status, "", SSA, 200))
        .containsExactly("patch ams.suresoft.com/amsinstances/status in ams");
    // A server-side apply that created its object needs create as well as patch.
    String configMap = "/api/v1/namespaces/ams/configmaps/c";
    assertThat(attributes("PATCH", configMap, "fieldManager=m", SSA, 201))
        .containsExactly("patch core/configmaps in ams", "create core/configmaps in ams");
    assertThat(attributes("PATCH", configMap, "", "application/merge-patch+json", 201))
        .containsExactly("patch core/configmaps in ams");
    assertThat(attributes("GET", "/apis/monitoring.coreos.com/v1", "", null, 200))
        .containsExactly("get /apis/monitoring.coreos.com/v1");
  }

  @Test
  void boundRolesDecideAndRolesHoldInTheirNamespaceOnly() {
    // The default, namespaced install: the operator's rules hold in the release namespace only.
    var namespaced = RbacPolicy.of(Chart.render(Map.of()));
    assertThat(namespaced.allows(RbacRequest.resource("list", "", "secrets", Chart.NAMESPACE)))
        .isTrue();
    assertThat(namespaced.allows(RbacRequest.resource("list", "", "secrets", "ams"))).isFalse();
    assertThat(namespaced.allows(RbacRequest.resource("list", "", "secrets", null))).isFalse();
    assertThat(namespaced.allows(RbacRequest.resource("create", "apps", "deployments", "ams")))
        .isFalse();
    assertThat(
            namespaced.allows(
                RbacRequest.resource(
                    "get", "apiextensions.k8s.io", "customresourcedefinitions", null)))
        .isTrue();

    var policy = RbacPolicy.of(Chart.render(CLUSTER));
    assertThat(policy.allows(RbacRequest.resource("list", "apps", "deployments", null))).isTrue();
    assertThat(policy.allows(RbacRequest.resource("patch", "", "secrets", "ams"))).isTrue();
    assertThat(policy.allows(RbacRequest.resource("delete", "", "secrets", "ams"))).isFalse();
    assertThat(policy.allows(RbacRequest.resource("list", "", "nodes", null))).isFalse();
    // The Lease Role is in the release namespace only.
    assertThat(
            policy.allows(
                RbacRequest.resource("patch", "coordination.k8s.io", "leases", Chart.NAMESPACE)))
        .isTrue();
    assertThat(policy.allows(RbacRequest.resource("patch", "coordination.k8s.io", "leases", "ams")))
        .isFalse();
    // What every authenticated user may do, whatever the chart says.
    assertThat(policy.allows(new RbacRequest("get", null, null, null, "/apis/apps/v1"))).isTrue();
    assertThat(
            policy.allows(
                RbacRequest.resource(
                    "create", "authorization.k8s.io", "selfsubjectrulesreviews", null)))
        .isTrue();
    assertThat(policy.allows(new RbacRequest("get", null, null, null, "/metrics"))).isFalse();
  }

  @Test
  void aRemovedRuleAndAnUnusedGrantAreReported() {
    var rendered = Chart.render(CLUSTER);
    var policy = RbacPolicy.of(rendered);
    // One request per grant: exactly what the rules allow, nothing left over.
    var everyGrantOnce = new TreeMap<RbacRequest, String>();
    for (var grant : policy.grants()) {
      everyGrantOnce.put(
          RbacRequest.resource(
              grant.verb(),
              grant.group(),
              grant.resource(),
              grant.namespace() == null ? "ams" : grant.namespace()),
          "test");
    }
    assertThat(policy.problems(everyGrantOnce, Map.of())).isEmpty();

    for (var role : RbacPolicy.roles(rendered)) {
      for (int i = 0; i < RbacPolicy.rulesOf(role).size(); i++) {
        var rule = RbacPolicy.rulesOf(role).get(i);
        var fewer = RbacPolicy.of(RbacPolicy.withoutRule(rendered, role, i));
        assertThat(fewer.problems(everyGrantOnce, Map.of()))
            .as("without %s %s", rule.getApiGroups(), rule.getResources())
            .isNotEmpty()
            .allMatch(p -> p.startsWith("not allowed: "));
      }
    }

    var claims = RbacRequest.resource("get", "", "persistentvolumeclaims", "ams");
    var withoutClaimReads = new TreeMap<>(everyGrantOnce);
    withoutClaimReads.remove(claims);
    assertThat(policy.problems(withoutClaimReads, Map.of()))
        .containsExactly("granted but never used: core/persistentvolumeclaims:get");
    assertThat(
            policy.problems(
                withoutClaimReads, Map.of("core/persistentvolumeclaims:get", "a reason")))
        .isEmpty();
    assertThat(
            policy.problems(everyGrantOnce, Map.of("core/persistentvolumeclaims:get", "a reason")))
        .containsExactly(
            "used, so drop it from the not-reached list: core/persistentvolumeclaims:get");
  }

  private static List<String> attributes(
      String method, String path, String query, String contentType, int status) {
    var request =
        new ApiRequest(0, Instant.EPOCH, method, path, query, contentType, "ams-operator", status);
    return RbacRequest.of(request).stream().map(RbacRequest::toString).toList();
  }
}
