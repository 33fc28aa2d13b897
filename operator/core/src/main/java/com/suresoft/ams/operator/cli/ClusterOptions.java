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
 * How the client commands reach the cluster, kubectl-style: the current kubeconfig context ({@code
 * KUBECONFIG} honoured), or {@code --kubeconfig FILE} and {@code --context NAME}; {@code -n} or the
 * context's namespace.
 */
public final class ClusterOptions {

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace of the instance (default: the kubeconfig context's namespace).")
  String namespace;

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      description = "Kubeconfig context to use (default: the current context).")
  String context;

  KubernetesClient client() throws IOException {
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(context)
            : Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
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
