package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of a serious chart expects (cert-manager's and CloudNativePG's are the measure): a
 * disruption budget and spread for the replicas, the usual extension points, name overrides, common
 * labels, image digests, a strict values schema, and a `helm test`.
 */
class ChartConventionsTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  @Test
  void twoReplicasGetABudgetThatLetsADrainEvictOneAtATime() {
    var objects = Chart.render(Map.of());
    var pdb = Chart.one(objects, PodDisruptionBudget.class);
    var deployment = Chart.one(objects, Deployment.class);
    assertThat(pdb.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
    assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void budgetFollowsItsValuesAndIsLeftOutForOneReplica() {
    var minAvailable =
        Chart.one(
            Chart.render(Map.of("podDisruptionBudget.minAvailable", "50%")),
            PodDisruptionBudget.class);
    assertThat(minAvailable.getSpec().getMinAvailable().getStrVal()).isEqualTo("50%");
    assertThat(minAvailable.getSpec().getMaxUnavailable()).isNull();

    // One pod: a budget would either block every drain or protect nothing.
    assertThat(Chart.all(Chart.render(Map.of("replicas", 1)), PodDisruptionBudget.class)).isEmpty();
    assertThat(
            Chart.all(
                Chart.render(Map.of("podDisruptionBudget.enabled", "false")),
                PodDisruptionBudget.class))
        .isEmpty();
  }

  @Test
  void replicasSpreadSoftlyOverNodesAndZones() throws IOException {
    var pod = podSpec(Chart.render(Map.of()));
    var selector = Chart.one(Chart.render(Map.of()), Deployment.class).getSpec().getSelector();
    assertThat(pod.getTopologySpreadConstraints())
        .extracting(TopologySpreadConstraint::getTopologyKey)
        .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    assertThat(pod.getTopologySpreadConstraints())
        .allSatisfy(
            c -> {
              assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
              assertThat(c.getMaxSkew()).isEqualTo(1);
              // The chart fills in the replicas' own selector.
              assertThat(c.getLabelSelector().getMatchLabels())
                  .isEqualTo(selector.getMatchLabels());
            });

    var custom =
        podSpec(
            render(
                """
                topologySpreadConstraints:
                  - maxSkew: 2
                    topologyKey: rack
                    whenUnsatisfiable: DoNotSchedule
                    labelSelector:
                      matchLabels:
                        team: a
                """));
    assertThat(custom.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getTopologyKey()).isEqualTo("rack");
              assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(Map.of("team", "a"));
            });
    assertThat(podSpec(render("topologySpreadConstraints: []\n")).getTopologySpreadConstraints())
        .isNullOrEmpty();
  }

  @Test
  void extensionPointsReachThePod() throws IOException {
    var objects =
        render(
            """
            priorityClassName: platform-critical
            extraEnv:
              - name: HTTPS_PROXY
                value: http://proxy:3128
              - name: FROM_SECRET
                valueFrom:
                  secretKeyRef: {name: s, key: k}
            extraArgs: ["--log-format=json"]
            extraVolumes:
              - name: ca
                configMap: {name: corporate-ca}
            extraVolumeMounts:
              - name: ca
                mountPath: /etc/ssl/corporate
                readOnly: true
            """);
    var pod = podSpec(objects);
    var container = pod.getContainers().get(0);
    assertThat(pod.getPriorityClassName()).isEqualTo("platform-critical");
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        // The chart's own first, the extra ones after.
        .containsSubsequence("POD_NAMESPACE", "HTTPS_PROXY", "FROM_SECRET");
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("FROM_SECRET"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s"));
    assertThat(container.getArgs()).last().isEqualTo("--log-format=json");
    assertThat(container.getArgs()).first().isEqualTo("run");
    assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("tmp", "ca");
    assertThat(container.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .containsExactly("/tmp", "/etc/ssl/corporate");

    var plain = podSpec(Chart.render(Map.of()));
    assertThat(plain.getPriorityClassName()).isNull();
    assertThat(plain.getVolumes()).extracting(Volume::getName).containsExactly("tmp");
  }

  @Test
  void nameOverridesNameEveryObject() {
    var fullname = Chart.render(Map.of("fullnameOverride", "ams-op"));
    assertThat(Chart.one(fullname, Deployment.class).getMetadata().getName()).isEqualTo("ams-op");
    assertThat(Chart.one(fullname, Service.class).getMetadata().getName())
        .isEqualTo("ams-op-metrics");
    assertThat(
            Chart.one(fullname, Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("ams-op");

    var name = Chart.render(Map.of("nameOverride", "operator"));
    var deployment = Chart.one(name, Deployment.class);
    assertThat(deployment.getMetadata().getName()).isEqualTo("ams-operator");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "operator");
  }

  @Test
  void commonLabelsLabelEveryObjectButCannotReplaceTheChartsOwn() {
    var objects =
        Chart.renderWithHooks(
            Map.of(
                "commonLabels.team", "platform",
                "commonLabels.app\\.kubernetes\\.io/name", "other",
                "prometheusRule.enabled", "true",
                "metrics.serviceMonitor.enabled", "true"));
    assertThat(objects).hasSizeGreaterThan(8).anyMatch(o -> o.getKind().equals("Pod"));
    assertThat(objects)
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .as("%s %s", o.getKind(), o.getMetadata().getName())
                    .containsEntry("team", "platform")
                    .containsEntry("app.kubernetes.io/name", "ams-operator"));
    var podLabels =
        Chart.one(objects, Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels)
        .containsEntry("team", "platform")
        .containsEntry("app.kubernetes.io/name", "ams-operator")
        // A chart upgrade alone must not restart the operator.
        .doesNotContainKeys("helm.sh/chart", "app.kubernetes.io/version");
  }

  @Test
  void aDigestWinsOverTheTag() {
    var pinned = operator(Chart.render(Map.of("image.digest", DIGEST, "image.tag", "1.2.3")));
    assertThat(pinned.getImage()).isEqualTo("ghcr.io/suresoft/ams-operator@" + DIGEST);
    var test = testPod(Chart.renderWithHooks(Map.of("tests.image.digest", DIGEST)));
    assertThat(test.getSpec().getContainers().get(0).getImage())
        .isEqualTo("docker.io/library/busybox@" + DIGEST);
    assertThatThrownBy(() -> Chart.render(Map.of("image.digest", "latest")))
        .hasMessageContaining("digest");
  }

  @Test
  void theSchemaRefusesAMisspeltKeyAtAnyLevel() {
    for (var typo :
        List.of(
            "replica",
            "image.tga",
            "crds.kep",
            "podDisruptionBudget.maxUnavaliable",
            "metrics.serviceMonitor.intervall",
            "tests.image.tagg",
            "livenessProbe.periodSecond")) {
      assertThatThrownBy(() -> Chart.render(Map.of(typo, "1")))
          .as(typo)
          .hasMessageContaining("Additional property")
          .hasMessageContaining(typo.substring(typo.lastIndexOf('.') + 1));
    }
  }

  @Test
  void moreThanOneReplicaWithoutLeaderElectionFailsToRender() {
    assertThatThrownBy(() -> Chart.render(Map.of("replicas", 2, "leaderElection.enabled", "false")))
        .hasMessageContaining("replicas: 2 needs leaderElection.enabled=true");
    // One replica without leader election is fine (ChartTest.leaderElectionOffDropsTheLeaseRole).
    assertThat(Chart.render(Map.of("replicas", 1, "leaderElection.enabled", "false")))
        .anyMatch(o -> o.getKind().equals("Deployment"));
  }

  @Test
  void helmTestAsksReadyzThroughTheMetricsServiceUnderTheRestrictedStandard() {
    // A hook: Helm keeps it out of the release and runs it on `helm test` only.
    assertThat(Chart.all(Chart.render(Map.of()), Pod.class)).isEmpty();
    var objects = Chart.renderWithHooks(Map.of());
    var pod = testPod(objects);
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("helm.sh/hook", "test")
        .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    var container = pod.getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("docker.io/library/busybox:1.37.0");
    String script = String.join(" ", container.getCommand());
    var service = Chart.one(objects, Service.class);
    assertThat(script)
        .contains(
            "wget -q -T 5 -O - http://"
                + service.getMetadata().getName()
                + "."
                + Chart.NAMESPACE
                + ".svc:8081/readyz");
    // The Service carries the health port to the operator's named container port.
    assertThat(service.getSpec().getPorts())
        .filteredOn(p -> p.getName().equals("health"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(8081);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("health");
            });
    assertThat(operator(objects).getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator(objects).getPorts())
        .anyMatch(p -> p.getName().equals("health") && p.getContainerPort() == 8081);
    // The restricted Pod Security Standard.
    var podSecurity = pod.getSpec().getSecurityContext();
    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isPositive();
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = container.getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();

    // Through the metrics Service only: without it, no test.
    assertThat(
            Chart.all(Chart.renderWithHooks(Map.of("metrics.service.enabled", "false")), Pod.class))
        .isEmpty();
    assertThat(Chart.all(Chart.renderWithHooks(Map.of("tests.enabled", "false")), Pod.class))
        .isEmpty();
    // The ServiceMonitor scrapes the metrics port only.
    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("metrics", "health");
  }

  @Test
  void everyOptionOnAtOnceRendersEveryKind() throws IOException {
    var objects =
        render(
            """
            metrics:
              serviceMonitor: {enabled: true}
            prometheusRule: {enabled: true, labels: {release: prometheus}}
            priorityClassName: platform
            commonLabels: {team: platform}
            image: {digest: "%s"}
            extraEnv: [{name: A, value: b}]
            extraArgs: ["--log-format=json"]
            extraVolumes: [{name: ca, emptyDir: {}}]
            extraVolumeMounts: [{name: ca, mountPath: /ca}]
            rbac: {scope: cluster}
            """
                .formatted(DIGEST));
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "CustomResourceDefinition",
            "Deployment",
            "PodDisruptionBudget",
            "Service",
            "ServiceAccount",
            "ServiceMonitor",
            "PrometheusRule",
            "Pod",
            "ClusterRole");
  }

  private List<HasMetadata> render(String valuesYaml) throws IOException {
    Path values = Files.writeString(Files.createTempFile(dir, "values", ".yaml"), valuesYaml);
    return Chart.renderWithHooks(t -> t.withValuesFile(values), Map.of());
  }

  private static PodSpec podSpec(List<HasMetadata> objects) {
    return Chart.one(objects, Deployment.class).getSpec().getTemplate().getSpec();
  }

  private static Container operator(List<HasMetadata> objects) {
    return podSpec(objects).getContainers().get(0);
  }

  private static Pod testPod(List<HasMetadata> objects) {
    return Chart.one(objects, Pod.class);
  }
}
