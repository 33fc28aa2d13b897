package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretsProvider;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.SecretKeys;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The External Secrets Operator's {@code ExternalSecret} {@code <name>-secrets} (the seed's
 * recommended setup): it fills the Secret {@code <name>-secrets} from the named store, every key
 * read from under {@link #keyPrefix} (e.g. {@code ams/production/database-url}) and refreshed every
 * {@code refreshInterval}.
 *
 * <p>Whose keys an instance may read depends on the store. A namespaced {@code SecretStore} is its
 * namespace's own: whatever its credentials reach, the team could read with them anyway, so the
 * prefix is the team's to choose. A {@code ClusterSecretStore} is shared by every namespace and
 * reads with the platform's credentials: there the keys always lie under {@code
 * <remoteKeyPrefix>/<namespace>/<name>/}, so that no instance can name another's keys (namespace
 * and name cannot hold a '/', and the validator refuses {@code ..} segments in the prefix). The
 * platform opens a ClusterSecretStore to instances at all only by listing it ({@code
 * --allowed-cluster-secret-stores}).
 *
 * <p>The Secret is created with {@code creationPolicy: Orphan}, so deleting the ExternalSecret
 * (switching back to Generated, or deleting the instance) leaves it in place: it holds the
 * passwords of data that outlives both. It carries the operator's labels (through the template) so
 * that the operator sees it change and rolls the pods that use it.
 */
public final class ExternalSecrets {
  public static final String KIND = "ExternalSecret";
  public static final String CLUSTER_SECRET_STORE = "ClusterSecretStore";

  private ExternalSecrets() {}

  public static boolean enabled(InstanceModel m) {
    return m.spec().getSecrets().getProvider() == SecretsProvider.ExternalSecrets;
  }

  /**
   * The ExternalSecret in {@code apiVersion} (the version the cluster serves: {@code
   * external-secrets.io/v1}, or {@code v1beta1} where that is all an older ESO serves; the spec is
   * the same in both), or empty when secrets are generated.
   */
  public static Optional<GenericKubernetesResource> desired(InstanceModel m, String apiVersion) {
    if (!enabled(m)) {
      return Optional.empty();
    }
    var es = m.spec().getSecrets().getExternalSecrets();
    var data = new ArrayList<Map<String, Object>>();
    for (String key : remoteKeys(m)) {
      data.add(Map.of("secretKey", key, "remoteRef", Map.of("key", keyPrefix(m) + "/" + key)));
    }
    var template = new LinkedHashMap<String, Object>();
    template.put("engineVersion", "v2");
    // Merge: the fetched keys plus the constant ones below, rather than only the template's.
    template.put("mergePolicy", "Merge");
    template.put(
        "metadata",
        Map.of("labels", Labels.of(m.name(), Component.SECRETS, m.spec().getVersion())));
    template.put(
        "data",
        Map.of(
            SecretKeys.POSTGRES_USER,
            SecretKeys.DATABASE_USER,
            SecretKeys.POSTGRES_MONITOR_USER,
            SecretKeys.MONITOR_USER));
    var target = new LinkedHashMap<String, Object>();
    target.put("name", m.names().secrets());
    target.put("creationPolicy", "Orphan");
    target.put("deletionPolicy", "Retain");
    target.put("template", template);
    var spec = new LinkedHashMap<String, Object>();
    spec.put("refreshInterval", es.getRefreshInterval());
    spec.put(
        "secretStoreRef",
        Map.of("name", es.getSecretStoreRef().getName(), "kind", es.getSecretStoreRef().getKind()));
    spec.put("target", target);
    spec.put("data", data);
    return Optional.of(
        new GenericKubernetesResourceBuilder()
            .withApiVersion(apiVersion)
            .withKind(KIND)
            .withNewMetadata()
            .withName(m.names().externalSecret())
            .withNamespace(m.namespace())
            .withLabels(Labels.of(m.name(), Component.SECRETS, m.spec().getVersion()))
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", spec))
            .build());
  }

  /**
   * Where the instance's keys lie in the store: {@code <remoteKeyPrefix>} in a SecretStore of the
   * instance's namespace, {@code <remoteKeyPrefix>/<namespace>/<name>} in a ClusterSecretStore.
   */
  public static String keyPrefix(InstanceModel m) {
    var es = m.spec().getSecrets().getExternalSecrets();
    String prefix = es.getRemoteKeyPrefix();
    if (CLUSTER_SECRET_STORE.equals(es.getSecretStoreRef().getKind())) {
      return prefix + "/" + m.namespace() + "/" + m.name();
    }
    return prefix;
  }

  /**
   * The keys read from the store: what the app reads, and the credentials of the data tier the
   * operator runs (it cannot derive a URL from a password it does not write, so the store holds
   * both, consistently).
   */
  public static List<String> remoteKeys(InstanceModel m) {
    var keys = new ArrayList<String>();
    var db = m.spec().getDatabase();
    if (db.getMode() != DatabaseMode.External) {
      keys.add(SecretKeys.DATABASE_URL);
    }
    keys.add(SecretKeys.REDIS_URL);
    keys.add(SecretKeys.JWT_ACCESS_SECRET);
    keys.add(SecretKeys.JWT_REFRESH_SECRET);
    if (db.getMode() == DatabaseMode.Managed) {
      keys.add(SecretKeys.POSTGRES_PASSWORD);
      keys.add(SecretKeys.POSTGRES_REPLICATION_PASSWORD);
      keys.add(SecretKeys.POSTGRES_MONITOR_PASSWORD);
    }
    keys.add(SecretKeys.REDIS_PASSWORD);
    if (m.spec().getObjectStorage().getMode() == ObjectStorageMode.Managed) {
      keys.add(SecretKeys.MINIO_ROOT_USER);
      keys.add(SecretKeys.MINIO_ROOT_PASSWORD);
      // The least-privileged users the bucket Job creates for the app and the backups.
      keys.add(SecretKeys.MINIO_APP_USER);
      keys.add(SecretKeys.MINIO_APP_PASSWORD);
      keys.add(SecretKeys.MINIO_BACKUP_USER);
      keys.add(SecretKeys.MINIO_BACKUP_PASSWORD);
    }
    return keys;
  }
}
