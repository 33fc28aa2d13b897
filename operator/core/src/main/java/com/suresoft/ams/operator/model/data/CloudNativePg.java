package com.suresoft.ams.operator.model.data;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.SecretKeys;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudNativePG mode: a {@code postgresql.cnpg.io/v1} {@code Cluster} named {@code <name>-postgres}
 * (so CNPG's Services are {@code <name>-postgres-rw}/{@code -ro}, the Managed names) and, with the
 * pooler on, a {@code Pooler} {@code <name>-pgbouncer}. Built as generic objects: the operator
 * needs no CNPG classes and runs where CNPG is not installed.
 */
public final class CloudNativePg {
  public static final String GROUP = "postgresql.cnpg.io";
  public static final String VERSION = "v1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CLUSTER_KIND = "Cluster";
  public static final String POOLER_KIND = "Pooler";

  /** The CRD whose presence decides whether CloudNativePG mode can work. */
  public static final String CLUSTER_CRD = "clusters." + GROUP;

  /** CNPG's PostgreSQL 15 operand image (CNPG needs its own images, not postgres:15-alpine). */
  public static final String IMAGE = "ghcr.io/cloudnative-pg/postgresql:15";

  /** Keys of CNPG's app Secret {@code <cluster>-app}. */
  public static final String KEY_URI = "uri";

  public static final String KEY_USERNAME = "username";
  public static final String KEY_PASSWORD = "password";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private CloudNativePg() {}

  public static CnpgCluster cluster(InstanceModel m) {
    var db = m.spec().getDatabase();
    var spec = new LinkedHashMap<String, Object>();
    spec.put("instances", db.getInstances());
    spec.put("imageName", IMAGE);
    var storage = new LinkedHashMap<String, Object>();
    storage.put("size", db.getStorage().getSize());
    if (db.getStorage().getStorageClassName() != null) {
      storage.put("storageClass", db.getStorage().getStorageClassName());
    }
    spec.put("storage", storage);
    spec.put("resources", JSON.convertValue(db.getResources(), Map.class));
    // CNPG creates the role and database and writes their credentials into <cluster>-app.
    spec.put(
        "bootstrap",
        Map.of(
            "initdb",
            Map.of("database", SecretKeys.DATABASE_NAME, "owner", SecretKeys.DATABASE_USER)));
    return object(
        new CnpgCluster(), m, CLUSTER_KIND, m.names().postgres(), Component.POSTGRES, spec);
  }

  public static CnpgPooler pooler(InstanceModel m) {
    var pooler = m.spec().getDatabase().getPooler();
    var spec = new LinkedHashMap<String, Object>();
    spec.put("cluster", Map.of("name", m.names().postgres()));
    spec.put("instances", PgBouncer.REPLICAS);
    spec.put("type", "rw");
    spec.put(
        "pgbouncer",
        Map.of(
            "poolMode",
            "transaction",
            "parameters",
            Map.of(
                "max_client_conn",
                pooler.getMaxClientConnections().toString(),
                "default_pool_size",
                pooler.getDefaultPoolSize().toString())));
    return object(
        new CnpgPooler(), m, POOLER_KIND, m.names().pgbouncer(), Component.PGBOUNCER, spec);
  }

  private static <T extends GenericKubernetesResource> T object(
      T object,
      InstanceModel m,
      String kind,
      String name,
      Component component,
      Map<String, Object> spec) {
    object.setApiVersion(API_VERSION);
    object.setKind(kind);
    object.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(m.namespace())
            .withLabels(Labels.of(m.name(), component, m.spec().getVersion()))
            .build());
    object.setAdditionalProperty("spec", spec);
    return object;
  }
}
