package com.suresoft.ams.operator.validation;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ComponentSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.GatewayParentRef;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretsProvider;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.model.platform.AllowList;
import com.suresoft.ams.operator.model.platform.ImageReferences;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.model.platform.PrometheusUrls;
import java.util.List;
import java.util.Objects;

/**
 * The platform's allow-lists applied to one instance: everything the instance names that lies
 * outside its namespace (a ClusterSecretStore, a Prometheus URL the operator will send requests to,
 * a ClusterIssuer, an IngressClass, another namespace's Gateway, an image registry). Values are
 * checked as they will be used, tier defaults included (an unset className is still {@code nginx}
 * on the Ingress), and only where they are used (a Prometheus URL without a canary is never
 * queried). Each refusal names the field the user would change.
 */
final class AllowListChecks {
  private final Platform platform;
  private final AmsInstanceSpec written;
  private final AmsInstanceSpec resolved;
  private final String namespace;
  private final List<FieldError> errors;

  AllowListChecks(
      Platform platform,
      AmsInstanceSpec written,
      AmsInstanceSpec resolved,
      String namespace,
      List<FieldError> errors) {
    this.platform = platform;
    this.written = written;
    this.resolved = resolved;
    this.namespace = namespace;
    this.errors = errors;
  }

  void run() {
    secretStore();
    prometheus();
    ingress();
    images();
  }

  private void secretStore() {
    var s = resolved.getSecrets();
    if (s.getProvider() != SecretsProvider.ExternalSecrets) {
      return;
    }
    var ref = s.getExternalSecrets().getSecretStoreRef();
    if (ref.getName() != null
        && "ClusterSecretStore".equals(ref.getKind())
        && !platform.clusterSecretStores().allows(ref.getName())) {
      refuse(
          "spec.secrets.externalSecrets.secretStoreRef.name",
          "ClusterSecretStore " + ref.getName(),
          "--allowed-cluster-secret-stores",
          platform.clusterSecretStores(),
          "; a ClusterSecretStore is shared by every namespace, so only the platform can open one"
              + " to instances (a SecretStore in the instance's namespace needs no listing)");
    }
    String prefix = s.getExternalSecrets().getRemoteKeyPrefix();
    if (prefix != null && List.of(prefix.split("/", -1)).stream().anyMatch(AllowListChecks::odd)) {
      errors.add(
          new FieldError(
              "spec.secrets.externalSecrets.remoteKeyPrefix",
              "\"" + prefix + "\" has an empty, '.' or '..' path segment"));
    }
  }

  private static boolean odd(String segment) {
    return segment.isEmpty() || segment.equals(".") || segment.equals("..");
  }

  private void prometheus() {
    var release = resolved.getRelease();
    if (release.getStrategy() != ReleaseStrategy.Canary
        || release.getCanary() == null
        || release.getCanary().getAnalysis() == null) {
      return;
    }
    String url = release.getCanary().getAnalysis().getPrometheusUrl();
    if (url == null) {
      return;
    }
    String path = "spec.release.canary.analysis.prometheusUrl";
    var malformed = PrometheusUrls.malformed(url);
    if (malformed.isPresent()) {
      errors.add(new FieldError(path, "\"" + url + "\" " + malformed.get()));
    } else if (!PrometheusUrls.allowed(platform.prometheusUrls(), url)) {
      refuse(
          path,
          url,
          "--allowed-prometheus-urls",
          platform.prometheusUrls(),
          "; the operator sends its metric queries from its own pod, so only the platform"
              + " decides which addresses it may reach");
    }
  }

  private void ingress() {
    var ingress = resolved.getIngress();
    if (!ingress.getEnabled()) {
      return;
    }
    var gateway = ingress.getGateway();
    if (gateway == null) {
      if (ingress.getTls().getEnabled()
          && ingress.getTls().getClusterIssuer() != null
          && !platform.clusterIssuers().allows(ingress.getTls().getClusterIssuer())) {
        refuse(
            "spec.ingress.tls.clusterIssuer",
            "ClusterIssuer " + ingress.getTls().getClusterIssuer() + defaulted(writtenIssuer()),
            "--allowed-cluster-issuers",
            platform.clusterIssuers(),
            "");
      }
      if (!platform.ingressClasses().allows(ingress.getClassName())) {
        refuse(
            "spec.ingress.className",
            "IngressClass " + ingress.getClassName() + defaulted(writtenClassName()),
            "--allowed-ingress-classes",
            platform.ingressClasses(),
            "");
      }
    } else {
      List<GatewayParentRef> refs =
          gateway.getParentRefs() == null ? List.of() : gateway.getParentRefs();
      for (int i = 0; i < refs.size(); i++) {
        var ref = refs.get(i);
        String ns = ref.getNamespace() == null ? namespace : ref.getNamespace();
        String id = ns + "/" + ref.getName();
        // A file checked offline may name no namespace: the Gateway's is then unknown here, and
        // the operator, which always knows it, judges the parentRef.
        if (ref.getName() != null && ns != null && !platform.gateways().allows(id)) {
          refuse(
              "spec.ingress.gateway.parentRefs[" + i + "]",
              "Gateway " + id,
              "--allowed-gateways",
              platform.gateways(),
              "");
        }
      }
    }
    var release = resolved.getRelease();
    if (release.getStrategy() == ReleaseStrategy.Canary
        && release.getCanary() != null
        && release.getCanary().getTrafficRouter() == TrafficRouter.Istio
        && release.getCanary().getIstio() != null
        && release.getCanary().getIstio().getGateways() != null) {
      var gateways = release.getCanary().getIstio().getGateways();
      for (int i = 0; i < gateways.size(); i++) {
        String id = gateways.get(i);
        if (id != null && !platform.gateways().allows(id)) {
          refuse(
              "spec.release.canary.istio.gateways[" + i + "]",
              "Istio Gateway " + id,
              "--allowed-gateways",
              platform.gateways(),
              "");
        }
      }
    }
  }

  private String writtenIssuer() {
    var i = written.getIngress();
    return i == null || i.getTls() == null ? null : i.getTls().getClusterIssuer();
  }

  private String writtenClassName() {
    return written.getIngress() == null ? null : written.getIngress().getClassName();
  }

  /** Registries of every image the spec decides, defaults included. */
  private void images() {
    AllowList registries = platform.imageRegistries();
    if (registries.any()) {
      return;
    }
    app("spec.web", "ams-web", resolved.getWeb(), written.getWeb());
    app("spec.api", "ams-api", resolved.getApi(), written.getApi());
    app("spec.worker", "ams-api", resolved.getWorker(), written.getWorker());
    if (resolved.getDatabase().getMode() != DatabaseMode.External) {
      image(
          "spec.database.image",
          resolved.getDatabase().getImage(),
          written.getDatabase() == null ? null : written.getDatabase().getImage());
    }
    image(
        "spec.redis.image",
        resolved.getRedis().getImage(),
        written.getRedis() == null ? null : written.getRedis().getImage());
    if (resolved.getObjectStorage().getMode() == ObjectStorageMode.Managed) {
      image(
          "spec.objectStorage.image",
          resolved.getObjectStorage().getImage(),
          written.getObjectStorage() == null ? null : written.getObjectStorage().getImage());
    }
  }

  private void app(String path, String repository, ComponentSpec c, ComponentSpec writtenC) {
    if (c.getImage() != null) {
      image(path + ".image", c.getImage(), writtenC == null ? null : writtenC.getImage());
      return;
    }
    // <imageRegistry>/ams-web:<version>: one error for the registry, not one per component.
    String image = resolved.getImageRegistry() + "/" + repository;
    boolean reported = errors.stream().anyMatch(e -> e.field().equals("spec.imageRegistry"));
    if (!reported && !ImageReferences.allowed(platform.imageRegistries(), image)) {
      refuse(
          "spec.imageRegistry",
          "registry " + resolved.getImageRegistry() + defaulted(written.getImageRegistry()),
          "--allowed-image-registries",
          platform.imageRegistries(),
          "");
    }
  }

  private void image(String path, String image, String writtenImage) {
    if (image != null && !ImageReferences.allowed(platform.imageRegistries(), image)) {
      refuse(
          path,
          "image "
              + image
              + " ("
              + ImageReferences.repository(image)
              + ")"
              + defaulted(writtenImage),
          "--allowed-image-registries",
          platform.imageRegistries(),
          "");
    }
  }

  /** Says so when the value is a default: the user has to set the field to something allowed. */
  private static String defaulted(String written) {
    return written == null ? " (the default)" : "";
  }

  private void refuse(String path, String what, String option, AllowList list, String why) {
    Objects.requireNonNull(list);
    errors.add(
        new FieldError(
            path,
            what
                + " is not allowed by the platform ("
                + option
                + ": "
                + list.describe()
                + ")"
                + why));
  }
}
