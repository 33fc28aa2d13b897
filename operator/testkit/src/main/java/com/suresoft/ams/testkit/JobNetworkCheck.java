package com.suresoft.ams.testkit;

import com.suresoft.ams.testkit.network.PodConnections;
import com.suresoft.ams.testkit.network.PodConnections.Neighbourhood;
import com.suresoft.ams.testkit.network.PodConnections.References;
import com.suresoft.ams.testkit.network.PodConnections.ServingPod;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a policy-enforcing network plugin (Calico, Cilium, kind's) does to a Job's pod: every
 * connection the pod is configured to make ({@link PodConnections}: its env and command, Secrets
 * and ConfigMaps resolved, hosts through the namespace's Services to the pods of its Deployments,
 * StatefulSets, Jobs and Pods) is judged against the namespace's NetworkPolicies; the denied ones
 * are returned. A namespace without NetworkPolicies isolates nothing, so nothing is denied there.
 */
final class JobNetworkCheck {
  private final KubernetesClient client;

  JobNetworkCheck(KubernetesClient client) {
    this.client = client;
  }

  /** The connections of {@code job}'s pod that the NetworkPolicies deny, described. */
  List<String> denied(Job job) {
    String namespace = job.getMetadata().getNamespace();
    List<NetworkPolicy> policies =
        client.network().v1().networkPolicies().inNamespace(namespace).list().getItems();
    if (policies.isEmpty()) {
      return List.of();
    }
    var workloads = new ArrayList<HasMetadata>();
    workloads.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
    workloads.addAll(client.apps().statefulSets().inNamespace(namespace).list().getItems());
    workloads.addAll(client.batch().v1().jobs().inNamespace(namespace).list().getItems());
    workloads.addAll(client.pods().inNamespace(namespace).list().getItems());
    var around =
        new Neighbourhood(
            namespace,
            policies,
            client.services().inNamespace(namespace).list().getItems(),
            workloads.stream().flatMap(w -> ServingPod.of(w).stream()).toList(),
            references(namespace));
    var template = job.getSpec().getTemplate();
    Map<String, String> labels =
        template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels();
    return PodConnections.denied(labels, template.getSpec(), around);
  }

  /** Secret and ConfigMap values as the kubelet reads them into the pod's environment. */
  private References references(String namespace) {
    return new References() {
      @Override
      public Optional<String> secret(String name, String key) {
        Secret s = client.secrets().inNamespace(namespace).withName(name).get();
        if (s == null) {
          return Optional.empty();
        }
        if (s.getStringData() != null && s.getStringData().containsKey(key)) {
          return Optional.of(s.getStringData().get(key));
        }
        return Optional.ofNullable(s.getData())
            .map(d -> d.get(key))
            .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
      }

      @Override
      public Optional<String> configMap(String name, String key) {
        ConfigMap c = client.configMaps().inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(c).map(ConfigMap::getData).map(d -> d.get(key));
      }
    };
  }
}
