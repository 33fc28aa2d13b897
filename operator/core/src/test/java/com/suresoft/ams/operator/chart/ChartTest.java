package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** helm lint and golden checks of what the chart renders for the default, namespaced, HA values. */
class ChartTest {

  @Test
  void lintsStrictly() {
    var result = Chart.helm().lint().strict().call();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void defaultValuesRunTwoLeaderElectedReplicasInTheReleaseNamespace() {
    var objects = Chart.render(Map.of());
    var deployment = Chart.one(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    // The image's entrypoint (Jib's, see operator/core/pom.xml) stays: the chart passes arguments
    // only.
    assertThat(container.getCommand()).isNullOrEmpty();
    assertThat(container.getImage()).isEqualTo("ghcr.io/suresoft/ams-operator:0.1.0");
    assertThat(container.getArgs())
        .containsExactly(
            "run",
            "--leader-election=true",
            "--health-port=8081",
            "--metrics-port=8080",
            "--resync=PT10M",
            "--reconcile-threads=10",
            // Namespaced by default: the release's own namespace, nothing else.
            "--namespace=" + Chart.NAMESPACE,
            "--allowed-prometheus-urls=http://prometheus-operated.monitoring:9090",
            "--ingress-controller-namespaces=ingress-nginx",
            "--prometheus-namespaces=monitoring");
    assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("POD_NAMESPACE"));
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    // The restricted Pod Security Standard.
    var pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var sc = container.getSecurityContext();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");

    var sa = Chart.one(objects, ServiceAccount.class);
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(sa.getMetadata().getName());
    // The operator's rules in a Role of the release namespace; cluster-wide only the two reads of
    // cluster-scoped kinds, which hold no Secret and start no pod.
    assertThat(Chart.all(objects, ClusterRole.class))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getRules())
                    .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("get"))
                    .flatExtracting(PolicyRule::getResources)
                    .containsExactlyInAnyOrder("customresourcedefinitions", "storageclasses"));
    var binding = Chart.one(objects, ClusterRoleBinding.class);
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo(sa.getMetadata().getName());
    assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(Chart.NAMESPACE);
    var operator =
        Chart.all(objects, Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals("ams-ams-operator"))
            .findFirst()
            .orElseThrow();
    assertThat(operator.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(operator.getRules())
        .anyMatch(r -> r.getResources().contains("secrets"))
        .anyMatch(r -> r.getResources().contains("deployments"));
    assertThat(
            Chart.all(objects, RoleBinding.class).stream()
                .filter(b -> b.getRoleRef().getName().equals("ams-ams-operator")))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
              assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
            });

    // Leader election: a Role on Leases in the release namespace only.
    var lease =
        Chart.all(objects, Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(lease.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(r.getResources()).containsExactly("leases");
              assertThat(r.getVerbs())
                  .containsExactlyInAnyOrder("get", "create", "update", "patch");
            });
    assertThat(Chart.all(objects, RoleBinding.class))
        .anyMatch(b -> b.getRoleRef().getName().equals(lease.getMetadata().getName()));

    var metrics = Chart.one(objects, Service.class);
    assertThat(metrics.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
    assertThat(metrics.getSpec().getSelector())
        .containsAllEntriesOf(
            deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().stream()
                .filter(e -> e.getKey().startsWith("app.kubernetes.io/"))
                .collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    assertThat(objects).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
  }

  @Test
  void namespacedScopeGrantsARolePerWatchedNamespace() {
    var objects =
        Chart.render(
            Map.of(
                "rbac.scope",
                "namespaced",
                "watchNamespaces[0]",
                "team-a",
                "watchNamespaces[1]",
                "team-b"));
    var container =
        Chart.one(objects, Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getArgs()).contains("--namespace=team-a", "--namespace=team-b");
    var roles = Chart.all(objects, Role.class);
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b", Chart.NAMESPACE);
    var teamA =
        roles.stream().filter(r -> r.getMetadata().getNamespace().equals("team-a")).findFirst();
    assertThat(teamA.orElseThrow().getRules())
        .anyMatch(r -> r.getResources().contains("amsinstances"));
    assertThat(Chart.all(objects, RoleBinding.class)).hasSize(3);
    // Only the cluster-scoped reads stay cluster-wide.
    var clusterRole = Chart.one(objects, ClusterRole.class);
    assertThat(clusterRole.getRules())
        .flatExtracting(PolicyRule::getResources)
        .containsExactlyInAnyOrder("customresourcedefinitions", "storageclasses");
  }

  /**
   * No role of either scope writes pods: with patch on pods a compromised operator could swap the
   * image of any running pod (the -ro Service's endpoints are an EndpointSlice instead).
   */
  @Test
  void noScopeGrantsAWriteOnPods() {
    for (var values : List.<Map<String, Object>>of(Map.of(), Map.of("rbac.scope", "cluster"))) {
      var objects = Chart.render(values);
      var rules = new java.util.ArrayList<PolicyRule>();
      Chart.all(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
      Chart.all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
      assertThat(rules)
          .as("%s", values)
          .filteredOn(r -> r.getApiGroups().contains("") && r.getResources().contains("pods"))
          .singleElement()
          .satisfies(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("list", "watch"));
      assertThat(rules)
          .as("%s", values)
          .noneMatch(r -> r.getResources().stream().anyMatch(res -> res.startsWith("pods/")))
          .noneMatch(r -> r.getResources().contains("*") || r.getVerbs().contains("*"));
    }
  }

  @Test
  void clusterScopeIsAnExplicitChoiceThatWatchesEveryNamespace() {
    var objects = Chart.render(Map.of("rbac.scope", "cluster"));
    var args =
        Chart.one(objects, Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    assertThat(args).noneMatch(a -> a.startsWith("--namespace"));
    var clusterRole = Chart.one(objects, ClusterRole.class);
    assertThat(clusterRole.getMetadata().getName()).isEqualTo("ams-ams-operator");
    assertThat(clusterRole.getRules())
        .anyMatch(r -> r.getResources().contains("secrets"))
        .anyMatch(r -> r.getResources().contains("deployments"));
    assertThat(Chart.one(objects, ClusterRoleBinding.class).getRoleRef().getName())
        .isEqualTo("ams-ams-operator");
    // Only the Lease's Role is namespaced.
    assertThat(Chart.one(objects, Role.class).getMetadata().getName()).endsWith("-leader-election");
  }

  @Test
  void schemaRejectsAnUnknownScope() {
    assertThatThrownBy(() -> Chart.render(Map.of("rbac.scope", "everything")))
        .hasMessageContaining("scope");
  }

  @Test
  void haValuesWithServiceMonitor() {
    var objects =
        Chart.render(
            Map.of(
                "replicas", 3,
                "metrics.serviceMonitor.enabled", "true",
                "image.tag", "1.2.3"));
    var deployment = Chart.one(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/suresoft/ams-operator:1.2.3");
    var monitor = objects.stream().filter(o -> o.getKind().equals("ServiceMonitor")).toList();
    assertThat(monitor).hasSize(1);
  }

  @Test
  void leaderElectionOffDropsTheLeaseRole() {
    var objects = Chart.render(Map.of("leaderElection.enabled", "false", "replicas", 1));
    assertThat(Chart.all(objects, Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("ams-ams-operator");
    assertThat(
            Chart.one(objects, Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .contains("--leader-election=false");
  }
}
