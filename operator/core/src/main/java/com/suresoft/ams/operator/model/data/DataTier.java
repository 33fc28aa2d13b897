package com.suresoft.ams.operator.model.data;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every object of the data tier, per kind, as the modes decide: Managed PostgreSQL (+ PgBouncer, +
 * backups), External (nothing for the database), CloudNativePG (a CNPG Cluster and Pooler instead);
 * Redis always; MinIO unless object storage is External.
 */
public final class DataTier {
  private DataTier() {}

  /** A workload the app tier waits for. */
  public enum WorkloadKind {
    STATEFUL_SET,
    DEPLOYMENT
  }

  /** One workload of the data tier the app waits for, and how many pods it wants. */
  public record Workload(Component component, WorkloadKind kind, String name, int desired) {}

  /**
   * The Secrets the data tier reads but the operator does not write: the user's for an External
   * database or object storage, and CloudNativePG's app Secret.
   */
  public static java.util.Set<String> readSecrets(InstanceModel m) {
    var result = new java.util.TreeSet<String>();
    var db = m.spec().getDatabase();
    if (db.getMode() == DatabaseMode.External) {
      result.add(db.getExternalSecretName());
    }
    if (db.getMode() == DatabaseMode.CloudNativePG) {
      result.add(m.names().cnpgAppSecret());
    }
    var os = m.spec().getObjectStorage();
    if (os.getMode() == ObjectStorageMode.External) {
      result.add(os.getExternalSecretName());
    }
    return result;
  }

  public static boolean managedPostgres(InstanceModel m) {
    return m.spec().getDatabase().getMode() == DatabaseMode.Managed;
  }

  public static boolean managedPooler(InstanceModel m) {
    return managedPostgres(m) && m.spec().getDatabase().getPooler().getEnabled();
  }

  public static boolean managedMinio(InstanceModel m) {
    return m.spec().getObjectStorage().getMode() == ObjectStorageMode.Managed;
  }

  public static boolean cloudNativePg(InstanceModel m) {
    return m.spec().getDatabase().getMode() == DatabaseMode.CloudNativePG;
  }

  public static Map<String, ConfigMap> configMaps(InstanceModel m) {
    var result = new LinkedHashMap<String, ConfigMap>();
    if (managedPostgres(m)) {
      put(result, PostgresCluster.configMap(m));
    }
    if (managedPooler(m)) {
      put(result, PgBouncer.configMap(m));
    }
    put(result, RedisServer.configMap(m));
    if (managedMinio(m)) {
      put(result, MinioServer.configMap(m));
    }
    return result;
  }

  public static Map<String, StatefulSet> statefulSets(InstanceModel m, DataTierInputs inputs) {
    var result = new LinkedHashMap<String, StatefulSet>();
    if (managedPostgres(m)) {
      put(result, PostgresCluster.statefulSet(m, inputs));
    }
    put(result, RedisServer.statefulSet(m, inputs));
    if (managedMinio(m)) {
      put(result, MinioServer.statefulSet(m, inputs));
    }
    return result;
  }

  public static Map<String, Deployment> deployments(InstanceModel m) {
    var result = new LinkedHashMap<String, Deployment>();
    if (managedPooler(m)) {
      put(result, PgBouncer.deployment(m));
    }
    return result;
  }

  public static Map<String, Service> services(InstanceModel m) {
    var result = new LinkedHashMap<String, Service>();
    if (managedPostgres(m)) {
      result.putAll(PostgresCluster.services(m));
    }
    if (managedPooler(m)) {
      put(result, PgBouncer.service(m));
    }
    put(result, RedisServer.service(m));
    if (managedMinio(m)) {
      put(result, MinioServer.service(m));
    }
    return result;
  }

  public static Map<String, CronJob> cronJobs(InstanceModel m) {
    var result = new LinkedHashMap<String, CronJob>();
    if (ObjectStorage.backupsOn(m)) {
      put(result, BackupJob.cronJob(m));
    }
    return result;
  }

  public static Map<String, Job> jobs(InstanceModel m) {
    var result = new LinkedHashMap<String, Job>();
    if (managedMinio(m)) {
      put(result, MinioServer.bucketJob(m));
    }
    return result;
  }

  /** The workloads the app tier waits for (CloudNativePG's readiness is its Cluster's). */
  public static List<Workload> workloads(InstanceModel m) {
    var names = m.names();
    var result = new ArrayList<Workload>();
    if (managedPostgres(m)) {
      result.add(
          new Workload(
              Component.POSTGRES,
              WorkloadKind.STATEFUL_SET,
              names.postgres(),
              m.spec().getDatabase().getInstances()));
    }
    if (managedPooler(m)) {
      result.add(
          new Workload(
              Component.PGBOUNCER, WorkloadKind.DEPLOYMENT, names.pgbouncer(), PgBouncer.REPLICAS));
    }
    result.add(new Workload(Component.REDIS, WorkloadKind.STATEFUL_SET, names.redis(), 1));
    if (managedMinio(m)) {
      result.add(new Workload(Component.MINIO, WorkloadKind.STATEFUL_SET, names.minio(), 1));
    }
    return result;
  }

  private static <T extends HasMetadata> void put(Map<String, T> map, T object) {
    map.put(object.getMetadata().getName(), object);
  }
}
