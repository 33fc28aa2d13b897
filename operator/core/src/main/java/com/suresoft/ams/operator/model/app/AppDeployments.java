package com.suresoft.ams.operator.model.app;

import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.security.SecretRollout;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one Deployment builder for web, API and worker, per slot. */
public final class AppDeployments {

  private AppDeployments() {}

  /**
   * Every Deployment of the plan, keyed by name.
   *
   * @param secretData the decoded data of {@code <name>-secrets} as it is (empty when it does not
   *     exist yet); each pod template carries a digest of the keys it uses ({@link SecretRollout})
   */
  public static Map<String, Deployment> desired(
      InstanceModel m, AppTierPlan plan, Map<String, String> secretData) {
    var deployments = new LinkedHashMap<String, Deployment>();
    for (SlotPlan slot : plan.slots()) {
      var d = deployment(m, slot, secretData);
      deployments.put(d.getMetadata().getName(), d);
    }
    return deployments;
  }

  public static Deployment deployment(
      InstanceModel m, SlotPlan slot, Map<String, String> secretData) {
    var c = slot.component();
    var labels = Labels.of(m.name(), c, slot.slot(), slot.version());
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(m.names().deployment(c, slot.slot()))
            .withNamespace(m.namespace())
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withReplicas(slot.replicas())
            .withRevisionHistoryLimit(3)
            .withNewSelector()
            .withMatchLabels(Labels.selector(m.name(), c, slot.slot()))
            .endSelector()
            // Never below the wanted capacity during a rollout: surge first, then retire.
            .withNewStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withMaxUnavailable(new IntOrString(0))
            .withMaxSurge(new IntOrString("25%"))
            .endRollingUpdate()
            .endStrategy()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withSecurityContext(PodSecurity.pod(AppContainers.uid(c)))
            .withImagePullSecrets(
                m.spec().getImagePullSecrets().isEmpty() ? null : m.spec().getImagePullSecrets())
            .withContainers(AppContainers.container(m, c, slot.version()))
            .withVolumes(AppContainers.volumes(m, c))
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    var pod = deployment.getSpec().getTemplate().getSpec();
    var keys = SecretRollout.keysUsed(pod, m.names().secrets(), secretData.keySet());
    SecretRollout.digest(keys, secretData)
        .ifPresent(
            digest ->
                deployment
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .setAnnotations(Map.of(SecretRollout.ANNOTATION, digest)));
    return deployment;
  }
}
