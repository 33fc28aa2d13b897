package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PodDisruptionBudgets {@code <name>-<component>-pdb} for web, API, worker, PostgreSQL and Redis.
 *
 * <p>Each allows one voluntary disruption at a time ({@code maxUnavailable: 1}), and lets unhealthy
 * pods go ({@code unhealthyPodEvictionPolicy: AlwaysAllow}). Why this and not {@code minAvailable}:
 *
 * <ul>
 *   <li>With several replicas, a drain takes one pod at a time and waits until its replacement is
 *       ready, so web (3), API (HPA 3-10) and worker (2-8) keep serving on the rest. It follows the
 *       HPA's replica count without the operator having to.
 *   <li>With one replica (Local, Development, Redis, a single PostgreSQL), {@code minAvailable: 1}
 *       would block every drain of that node for ever: a PDB cannot add availability one pod does
 *       not have, it can only stop maintenance. {@code maxUnavailable: 1} lets the drain proceed (a
 *       short outage, as the tier accepts) instead of wedging the cluster upgrade.
 *   <li>A crash-looping pod must not block a drain either, hence AlwaysAllow.
 *   <li>PostgreSQL's primary is pod 0 of the same StatefulSet as its replicas; a budget that pinned
 *       the primary alone would block drains for ever as well, so the whole set shares one budget:
 *       replicas and the primary are never down together.
 * </ul>
 */
public final class DisruptionBudgets {
  static final List<Component> COMPONENTS =
      List.of(Component.WEB, Component.API, Component.WORKER, Component.POSTGRES, Component.REDIS);

  private DisruptionBudgets() {}

  public static Map<String, PodDisruptionBudget> desired(InstanceModel m) {
    var budgets = new LinkedHashMap<String, PodDisruptionBudget>();
    for (Component c : COMPONENTS) {
      if (c == Component.POSTGRES
          && m.spec().getDatabase().getMode()
              != com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode.Managed) {
        continue;
      }
      var pdb =
          new PodDisruptionBudgetBuilder()
              .withNewMetadata()
              .withName(m.names().podDisruptionBudget(c))
              .withNamespace(m.namespace())
              .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
              .endMetadata()
              .withNewSpec()
              .withMaxUnavailable(new IntOrString(1))
              .withUnhealthyPodEvictionPolicy("AlwaysAllow")
              .withNewSelector()
              .withMatchLabels(Labels.selector(m.name(), c))
              .endSelector()
              .endSpec()
              .build();
      budgets.put(pdb.getMetadata().getName(), pdb);
    }
    return budgets;
  }
}
