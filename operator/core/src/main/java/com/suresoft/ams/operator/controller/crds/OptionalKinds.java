package com.suresoft.ams.operator.controller.crds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Tells a client the coordinates (group, version, kind, plural) of the optional kinds the operator
 * writes as {@link GenericKubernetesResource}s. Without them fabric8 looks a kind up through API
 * discovery, which fails while the CRD is missing; JOSDK builds a dependent's informer even to
 * deactivate it, so that failure would fail every reconciliation of a cluster without, say, the
 * Prometheus Operator. The classes are still GenericKubernetesResources, so nothing else changes.
 */
public final class OptionalKinds {
  private OptionalKinds() {}

  public static void register(KubernetesClient client) {
    var serialization = client.getKubernetesSerialization();
    serialization.registerKubernetesResource(ServiceMonitor.class);
    serialization.registerKubernetesResource(PrometheusRule.class);
    serialization.registerKubernetesResource(ExternalSecret.class);
    serialization.registerKubernetesResource(ExternalSecretV1beta1.class);
    serialization.registerKubernetesResource(Certificate.class);
    serialization.registerKubernetesResource(Issuer.class);
  }

  /** cert-manager.io/v1 Certificate (the data tier's certificates). */
  @Group("cert-manager.io")
  @Version("v1")
  @Kind("Certificate")
  @Plural("certificates")
  public static final class Certificate extends GenericKubernetesResource implements Namespaced {}

  /** cert-manager.io/v1 Issuer (the data tier's CA). */
  @Group("cert-manager.io")
  @Version("v1")
  @Kind("Issuer")
  @Plural("issuers")
  public static final class Issuer extends GenericKubernetesResource implements Namespaced {}

  /** monitoring.coreos.com/v1 ServiceMonitor. */
  @Group("monitoring.coreos.com")
  @Version("v1")
  @Kind("ServiceMonitor")
  @Plural("servicemonitors")
  public static final class ServiceMonitor extends GenericKubernetesResource
      implements Namespaced {}

  /** monitoring.coreos.com/v1 PrometheusRule. */
  @Group("monitoring.coreos.com")
  @Version("v1")
  @Kind("PrometheusRule")
  @Plural("prometheusrules")
  public static final class PrometheusRule extends GenericKubernetesResource
      implements Namespaced {}

  /** external-secrets.io/v1 ExternalSecret (ESO 0.16 and later). */
  @Group("external-secrets.io")
  @Version("v1")
  @Kind("ExternalSecret")
  @Plural("externalsecrets")
  public static final class ExternalSecret extends GenericKubernetesResource
      implements Namespaced {}

  /** external-secrets.io/v1beta1 ExternalSecret (ESO before 0.17, the only version before 0.16). */
  @Group("external-secrets.io")
  @Version("v1beta1")
  @Kind("ExternalSecret")
  @Plural("externalsecrets")
  public static final class ExternalSecretV1beta1 extends GenericKubernetesResource
      implements Namespaced {}
}
