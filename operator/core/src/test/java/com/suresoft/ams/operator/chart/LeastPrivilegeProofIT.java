package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven from what the operator did rather than from what its code declares: every
 * request the operator sent to the embedded API server in the tests that run it ({@code
 * OperatorHarness} and {@code OperatorProcessIT}, recorded by {@link RecordedRequests}) is allowed
 * by the RBAC the chart renders for a cluster-wide install, and every (group, resource, verb) the
 * chart grants was used by at least one of them. The tests use many namespaces, so the proof
 * renders {@code rbac.scope=cluster}; the rules are the same ones ({@code _rbac.tpl}) in a Role per
 * namespace under the default {@code namespaced} scope.
 *
 * <p>It needs the other tests' records, so the build runs it on its own after them (the rbac-proof
 * execution in operator/core/pom.xml), and not when {@code -Dtest} picks tests.
 */
class LeastPrivilegeProofIT {

  /**
   * Grants no recorded request uses, each with the reason. Keep it tiny: a grant belongs here only
   * while no harness test can reach its code path (or, for the Lease, nothing sends the request).
   * An entry that a request does use fails the proof, so the list cannot go stale.
   */
  static final Map<String, String> NOT_REACHED = notReached();

  private static final Map<String, Object> CLUSTER = Map.of("rbac.scope", "cluster");

  private static Map<String, String> notReached() {
    var result = new TreeMap<String, String>();
    result.put(
        "coordination.k8s.io/leases:update",
        "JOSDK's start-up check (LeaderElectionManager) demands it in a SelfSubjectRulesReview;"
            + " fabric8's LeaseLock renews by patch");
    result.put(
        "cert-manager.io/issuers:delete",
        "the two Issuers of an instance are fixed; the set deletes one only if it dropped out of"
            + " the desired set, which never happens (owner references remove them with the"
            + " instance)");
    return result;
  }

  @Test
  void everyRecordedRequestIsAllowedAndEveryGrantWasUsed() throws Exception {
    var recorded = RecordedRequests.load();
    assertThat(recorded)
        .as("requests recorded by the harness tests under %s", RecordedRequests.DIRECTORY_PROPERTY)
        .hasSizeGreaterThan(50);
    var policy = RbacPolicy.of(Chart.render(CLUSTER));
    assertThat(policy.problems(recorded, NOT_REACHED)).isEmpty();
  }

  /**
   * Since every grant is used, taking away any rule of any bound role breaks a recorded request;
   * except a rule whose every grant is listed as not reached, which {@link RbacCoverageTest} holds
   * on to.
   */
  @Test
  void removingAnyRuleBreaksARecordedRequest() throws Exception {
    var recorded = RecordedRequests.load();
    var rendered = Chart.render(CLUSTER);
    var all = RbacPolicy.of(rendered).grants();
    for (var role : RbacPolicy.roles(rendered)) {
      for (int i = 0; i < RbacPolicy.rulesOf(role).size(); i++) {
        var fewer = RbacPolicy.of(RbacPolicy.withoutRule(rendered, role, i));
        boolean onlyNotReached =
            all.stream()
                .filter(g -> !fewer.grants().contains(g))
                .allMatch(g -> NOT_REACHED.containsKey(g.triple()));
        if (onlyNotReached) {
          continue;
        }
        assertThat(fewer.problems(recorded, NOT_REACHED))
            .as("without rule %d of %s", i, role.getMetadata().getName())
            .anyMatch(p -> p.startsWith("not allowed: "));
      }
    }
  }
}
