package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the release commands reach the cluster, kubectl-style: the current kubeconfig context ({@code
 * KUBECONFIG} honoured), or {@code --kubeconfig FILE}; {@code -n} or the context's namespace.
 */
final class ClusterOptions {

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace of the instance (default: the kubeconfig context's namespace).")
  String namespace;

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  KubernetesClient client() throws IOException {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build();
    }
    Config config =
        Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  Resource<AmsInstance> instance(KubernetesClient client, String name) {
    return client.resources(AmsInstance.class).inNamespace(namespace(client)).withName(name);
  }

  String namespace(KubernetesClient client) {
    String ns = namespace != null ? namespace : client.getNamespace();
    return ns == null ? "default" : ns;
  }
}
