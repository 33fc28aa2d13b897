package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.release.ReleasePlanner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** What render prints for the data tier: the seed's figures, and no credential anywhere. */
class DataTierRenderTest {

  private static List<HasMetadata> render(InstanceModel model) {
    // The generator's values would show up if anything put a credential into an object.
    return Stack.objects(
        model, ReleasePlanner.steady(model, Slot.blue), Map.of(), k -> "GENERATED-" + k);
  }

  private static List<HasMetadata> production() {
    return render(InstanceModel.of(TestInstances.sample("production")));
  }

  private static <T extends HasMetadata> T get(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static boolean has(List<HasMetadata> objects, String kind, String name) {
    return objects.stream()
        .anyMatch(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name));
  }

  private static EnvVar env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + c.getName()));
  }

  @Test
  void postgresIsAPrimaryWithTwoReplicasOnTheSeedsVolumeAndResources() {
    var sts = get(production(), StatefulSet.class, "ams-postgres");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("ams-postgres");
    var pod = sts.getSpec().getTemplate().getSpec();
    var c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("postgres:15-alpine");
    assertThat(c.getResources().getRequests())
        .containsEntry("memory", new Quantity("1Gi"))
        .containsEntry("cpu", new Quantity("500m"));
    assertThat(c.getResources().getLimits())
        .containsEntry("memory", new Quantity("2Gi"))
        .containsEntry("cpu", new Quantity("1000m"));
    var claim = sts.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("20Gi"));
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("ssd");
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Retain");
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .isEqualTo("Retain");
    assertThat(c.getReadinessProbe().getExec().getCommand()).startsWith("pg_isready");
    assertThat(c.getLivenessProbe().getExec().getCommand()).startsWith("pg_isready");
    assertThat(c.getCommand()).containsExactly("sh", "/etc/ams/postgres/postgres-entrypoint.sh");
    assertThat(env(c, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env(c, "PRIMARY_HOST").getValue()).isEqualTo("ams-postgres-rw");
    for (var secretEnv :
        Map.of(
                "POSTGRES_PASSWORD", "postgres-password",
                "POSTGRES_REPLICATION_PASSWORD", "postgres-replication-password")
            .entrySet()) {
      var ref = env(c, secretEnv.getKey()).getValueFrom().getSecretKeyRef();
      assertThat(ref.getName()).isEqualTo("ams-secrets");
      assertThat(ref.getKey()).isEqualTo(secretEnv.getValue());
    }
    assertRestricted(pod, 70);
  }

  @Test
  void postgresServicesSelectThePrimaryAndTheReplicas() {
    var objects = production();
    var headless = get(objects, Service.class, "ams-postgres");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    var rw = get(objects, Service.class, "ams-postgres-rw");
    assertThat(rw.getSpec().getSelector())
        .containsEntry("statefulset.kubernetes.io/pod-name", "ams-postgres-0")
        .containsEntry("app.kubernetes.io/component", "postgres");
    var ro = get(objects, Service.class, "ams-postgres-ro");
    // No selector: the operator's EndpointSlice lists the replicas (PostgresEndpointsTest), so no
    // pod needs a label only the operator could write.
    assertThat(ro.getSpec().getSelector()).isNullOrEmpty();
    for (var s : List.of(headless, rw, ro)) {
      assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(5432);
    }
  }

  @Test
  void pgbouncerTakesTwoHundredClientsInTransactionMode() {
    var objects = production();
    var d = get(objects, Deployment.class, "ams-pgbouncer");
    var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c, "MAX_CLIENT_CONN").getValue()).isEqualTo("200");
    assertThat(env(c, "DEFAULT_POOL_SIZE").getValue()).isEqualTo("20");
    assertThat(env(c, "DB_HOST").getValue()).isEqualTo("ams-postgres-rw");
    assertThat(env(c, "DB_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("postgres-password");
    var config = get(objects, ConfigMap.class, "ams-pgbouncer-config");
    assertThat(config.getData().get("pgbouncer.ini"))
        .contains("pool_mode = transaction")
        .contains("auth_file = @RUN_DIR@/userlist.txt");
    assertThat(get(objects, Service.class, "ams-pgbouncer").getSpec().getPorts().get(0).getPort())
        .isEqualTo(5432);
    assertRestricted(d.getSpec().getTemplate().getSpec(), 70);
  }

  @Test
  void backupsRunNightlyIntoTheBackupBucketWithTheTiersRetention() {
    var objects = production();
    var cron = get(objects, CronJob.class, "ams-postgres-backup");
    assertThat(cron.getSpec().getSchedule()).isEqualTo("0 2 * * *");
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    var dump = pod.getInitContainers().get(0);
    assertThat(dump.getCommand()).containsExactly("sh", "/etc/ams/postgres/backup-dump.sh");
    assertThat(env(dump, "PGHOST").getValue()).isEqualTo("ams-postgres-rw");
    var upload = pod.getContainers().get(0);
    assertThat(env(upload, "BACKUP_BUCKET").getValue()).isEqualTo("ams-backups");
    assertThat(env(upload, "S3_ENDPOINT").getValue()).isEqualTo("https://ams-minio:9000");
    assertThat(env(upload, "S3_CA_FILE").getValue()).isEqualTo("/etc/ams/data-ca/ca.crt");
    // The write-only backup user, never root; retention is the bucket's lifecycle, not a delete.
    assertThat(env(upload, "S3_ACCESS_KEY").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("minio-backup-user");
    assertThat(env(upload, "S3_SECRET_KEY").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("minio-backup-password");
    assertThat(upload.getEnv()).noneMatch(e -> e.getName().equals("PRUNE_DAYS"));
    assertThat(
            MinioServer.configMap(InstanceModel.of(TestInstances.sample("production")))
                .getData()
                .get("lifecycle-backups.json"))
        .contains("\"Days\" : 30");
    assertRestricted(pod, 70);
  }

  @Test
  void redisIsAppendOnlyWithThePasswordFromTheSecret() {
    var objects = production();
    var sts = get(objects, StatefulSet.class, "ams-redis");
    var c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("redis:7-alpine");
    assertThat(env(c, "REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("redis-password");
    assertThat(get(objects, ConfigMap.class, "ams-redis-config").getData().get("redis.conf"))
        .contains("appendonly yes");
    assertThat(get(objects, Service.class, "ams-redis").getSpec().getPorts().get(0).getPort())
        .isEqualTo(6379);
    assertRestricted(sts.getSpec().getTemplate().getSpec(), 999);
  }

  @Test
  void redisAppendOnlyFollowsTheSpec() {
    var model =
        InstanceModel.of(
            TestInstances.withSpec(
                "dev", "tier: Development\nversion: \"1.0.0\"\nredis:\n  appendOnly: false\n"));
    assertThat(RedisServer.files(model).get("redis.conf")).contains("appendonly no");
  }

  @Test
  void minioUsesGeneratedCredentialsAndCreatesTheBuckets() {
    var objects = production();
    var sts = get(objects, StatefulSet.class, "ams-minio");
    var c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c, "MINIO_ROOT_USER").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("ams-secrets");
    assertThat(env(c, "MINIO_ROOT_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("minio-root-password");
    assertThat(c.getCommand()).doesNotContain("--console-address");
    assertThat(get(objects, Service.class, "ams-minio").getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(9000);
    var job =
        objects.stream()
            .filter(Job.class::isInstance)
            .map(Job.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(job.getMetadata().getName()).matches("ams-minio-buckets-[0-9a-f]{8}");
    var jc = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(jc, "BUCKETS").getValue()).isEqualTo("ams-assets ams-backups");
    assertRestricted(sts.getSpec().getTemplate().getSpec(), 1000);
  }

  /** A Job's template is immutable: a change of anything in it must be a Job of its own. */
  @Test
  void theBucketJobIsRenamedWhenAnythingInItsTemplateChanges() {
    var managed = InstanceModel.of(TestInstances.sample("production"));
    var external =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                "tier: Production\nversion: \"1.0.0\"\ningress:\n  host: a.example\n"
                    + "objectStorage:\n  mode: External\n  externalSecretName: s3\n"));
    assertThat(ObjectStorage.buckets(external)).isEqualTo(ObjectStorage.buckets(managed));

    assertThat(MinioServer.bucketJob(external).getMetadata().getName())
        .isNotEqualTo(MinioServer.bucketJob(managed).getMetadata().getName());
  }

  @Test
  void theBucketJobIsRenamedWhenTheBucketsChange() {
    var a = InstanceModel.of(TestInstances.sample("production"));
    var b =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                "tier: Production\nversion: \"1.0.0\"\ningress:\n  host: a.example\n"
                    + "objectStorage:\n  buckets: [ams-assets, ams-exports]\n"));
    assertThat(MinioServer.bucketJob(a).getMetadata().getName())
        .isNotEqualTo(MinioServer.bucketJob(b).getMetadata().getName());
    assertThat(MinioServer.bucketJob(a).getMetadata().getName())
        .isEqualTo(
            MinioServer.bucketJob(InstanceModel.of(TestInstances.sample("production")))
                .getMetadata()
                .getName());
  }

  @Test
  void theConsoleIsExposedOnlyWhenAskedFor() {
    var model =
        InstanceModel.of(
            TestInstances.withSpec(
                "dev", "tier: Development\nversion: \"1.0.0\"\nobjectStorage:\n  console: true\n"));
    assertThat(MinioServer.service(model).getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(9000, 9001);
    assertThat(
            MinioServer.statefulSet(model, DataTierInputs.fresh())
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getCommand())
        .containsSubsequence("--console-address", ":9001");
  }

  @Test
  void noCredentialIsWrittenIntoAnyObjectButTheSecret() {
    var json = new KubernetesSerialization();
    for (var o : production()) {
      if (o.getKind().equals("Secret")) {
        continue;
      }
      String yaml = json.asYaml(o);
      assertThat(yaml)
          .as(o.getKind() + " " + o.getMetadata().getName())
          .doesNotContain("GENERATED-")
          .doesNotContain("minioadmin");
    }
    // Every credential a container gets is a reference to a Secret, never a value.
    for (var o : production()) {
      var pods = new java.util.ArrayList<PodSpec>();
      if (o instanceof StatefulSet s) {
        pods.add(s.getSpec().getTemplate().getSpec());
      } else if (o instanceof Deployment d) {
        pods.add(d.getSpec().getTemplate().getSpec());
      } else if (o instanceof Job j) {
        pods.add(j.getSpec().getTemplate().getSpec());
      } else if (o instanceof CronJob c) {
        pods.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
      }
      for (var pod : pods) {
        var containers = new java.util.ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
          containers.addAll(pod.getInitContainers());
        }
        for (var c : containers) {
          for (var e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (e.getName().matches(".*(PASSWORD|SECRET|ACCESS_KEY|_USER|_URL)$")) {
              assertThat(e.getValue())
                  .as(o.getMetadata().getName() + " " + c.getName() + " " + e.getName())
                  .isNull();
              assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull();
            }
          }
        }
      }
    }
  }

  @Test
  void existingClaimTemplatesKeepTheirSize() {
    var model = InstanceModel.of(TestInstances.sample("production"));
    var inputs =
        new DataTierInputs(Map.of(com.suresoft.ams.operator.model.Component.POSTGRES, "10Gi"));
    var sts = PostgresCluster.statefulSet(model, inputs);
    assertThat(
            sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("10Gi"));
  }

  @Test
  void externalDatabaseHasNoPostgresObjectsAndTheAppReadsTheUsersSecret() {
    var model =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                "tier: Development\nversion: \"1.0.0\"\n"
                    + "database:\n  mode: External\n  externalSecretName: my-db\n"));
    var objects = render(model);
    assertThat(objects)
        .noneMatch(
            o ->
                Objects.equals(
                    o.getMetadata().getLabels().get("app.kubernetes.io/component"), "postgres"));
    assertThat(objects).noneMatch(o -> o.getKind().equals("CronJob"));
    var api = get(objects, Deployment.class, "ams-api-blue").getSpec().getTemplate().getSpec();
    var ref = env(api.getContainers().get(0), "DATABASE_URL").getValueFrom().getSecretKeyRef();
    assertThat(ref.getName()).isEqualTo("my-db");
    assertThat(ref.getKey()).isEqualTo("database-url");
  }

  @Test
  void cloudNativePgEmitsAClusterAndPoolerAndTheAppUsesCnpgsSecret() {
    var model =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                "tier: Production\nversion: \"1.0.0\"\ningress:\n  host: a.example\n"
                    + "database:\n  mode: CloudNativePG\n"));
    var objects = render(model);
    assertThat(has(objects, "StatefulSet", "ams-postgres")).isFalse();
    assertThat(has(objects, "Deployment", "ams-pgbouncer")).isFalse();
    var cluster = get(objects, GenericKubernetesResource.class, "ams-postgres");
    assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
    assertThat(cluster.getKind()).isEqualTo("Cluster");
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("instances", 3);
    assertThat(spec.get("storage")).isEqualTo(Map.of("size", "20Gi", "storageClass", "ssd"));
    var pooler = get(objects, GenericKubernetesResource.class, "ams-pgbouncer");
    assertThat(pooler.getKind()).isEqualTo("Pooler");
    assertThat(json(pooler))
        .contains("max_client_conn: \"200\"")
        .contains("poolMode: \"transaction\"");
    var api = get(objects, Deployment.class, "ams-api-blue").getSpec().getTemplate().getSpec();
    var c = api.getContainers().get(0);
    assertThat(env(c, "AMS_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("ams-postgres-app");
    assertThat(env(c, "DATABASE_URL").getValue())
        .isEqualTo("postgresql://$(AMS_DB_USER):$(AMS_DB_PASSWORD)@ams-pgbouncer:5432/ams");
    // Kubernetes expands $(VAR) only from variables defined earlier in the list.
    assertThat(c.getEnv().indexOf(env(c, "AMS_DB_PASSWORD")))
        .isLessThan(c.getEnv().indexOf(env(c, "DATABASE_URL")));
  }

  @Test
  void cloudNativePgWithoutPoolerUsesTheUri() {
    var model =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                "tier: Development\nversion: \"1.0.0\"\ndatabase:\n  mode: CloudNativePG\n"));
    var api =
        get(render(model), Deployment.class, "ams-api-blue").getSpec().getTemplate().getSpec();
    var c = api.getContainers().get(0);
    var ref = env(c, "AMS_DB_URI").getValueFrom().getSecretKeyRef();
    assertThat(ref.getName()).isEqualTo("ams-postgres-app");
    assertThat(ref.getKey()).isEqualTo("uri");
    // CNPG's uri has no query: verify-full against CNPG's CA, of which only ca.crt is mounted.
    assertThat(env(c, "DATABASE_URL").getValue())
        .isEqualTo("$(AMS_DB_URI)?sslmode=verify-full&sslrootcert=/etc/ams/ca/ca.crt");
    assertThat(c.getEnv().indexOf(env(c, "AMS_DB_URI")))
        .isLessThan(c.getEnv().indexOf(env(c, "DATABASE_URL")));
    var ca =
        api.getVolumes().stream()
            .filter(v -> v.getName().equals("db-ca"))
            .findFirst()
            .orElseThrow();
    assertThat(ca.getSecret().getSecretName()).isEqualTo("ams-postgres-ca");
    assertThat(ca.getSecret().getItems()).singleElement().extracting("key").isEqualTo("ca.crt");
  }

  @Test
  void externalObjectStorageReplacesMinioWithTheUsersSecret() {
    var model =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                "tier: Production\nversion: \"1.0.0\"\ningress:\n  host: a.example\n"
                    + "objectStorage:\n  mode: External\n  externalSecretName: my-s3\n"));
    var objects = render(model);
    assertThat(has(objects, "StatefulSet", "ams-minio")).isFalse();
    assertThat(objects).noneMatch(o -> o.getKind().equals("Job"));
    for (String component : List.of("ams-api-blue", "ams-worker-blue")) {
      var c = get(objects, Deployment.class, component).getSpec().getTemplate().getSpec();
      var container = c.getContainers().get(0);
      for (var pair :
          Map.of(
                  "S3_ENDPOINT",
                  "endpoint",
                  "S3_ACCESS_KEY",
                  "access-key",
                  "S3_SECRET_KEY",
                  "secret-key")
              .entrySet()) {
        var ref = env(container, pair.getKey()).getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("my-s3");
        assertThat(ref.getKey()).isEqualTo(pair.getValue());
      }
      assertThat(env(container, "S3_BUCKET").getValue()).isEqualTo("ams-assets");
    }
    // Backups go to the same external storage.
    var upload =
        get(objects, CronJob.class, "ams-postgres-backup")
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(env(upload, "S3_ENDPOINT").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("my-s3");
    // There the upload prunes old dumps itself: no lifecycle of ours applies.
    assertThat(env(upload, "PRUNE_DAYS").getValue()).isEqualTo("30");
  }

  @Test
  void managedObjectStorageGivesTheAppMinio() {
    var c =
        get(production(), Deployment.class, "ams-worker-blue")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(env(c, "S3_ENDPOINT").getValue()).isEqualTo("https://ams-minio:9000");
    // The app's own user, limited to its buckets: root credentials never reach the app.
    assertThat(env(c, "S3_ACCESS_KEY").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("minio-app-user");
    assertThat(env(c, "S3_SECRET_KEY").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("minio-app-password");
    assertThat(env(c, "NODE_EXTRA_CA_CERTS").getValue()).isEqualTo("/etc/ams/data-ca/ca.crt");
  }

  private static String json(HasMetadata o) {
    return new KubernetesSerialization().asYaml(o);
  }

  private static void assertRestricted(PodSpec pod, long uid) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(uid);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var containers = new java.util.ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    for (var c : containers) {
      var sc = c.getSecurityContext();
      assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
      assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
      assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(sc.getCapabilities().getAdd()).isNull();
    }
  }

  @Test
  void noManagedPodPastesASecretIntoAUrl() {
    // A $(VAR) in a URL is pasted in unencoded: a password with @ : / # would rewrite the URL. The
    // pgbouncer exporter gets its role and password as libpq variables instead.
    var m = InstanceModel.of(TestInstances.sample("production"));
    var exporter = Exporters.pgbouncer(m);
    var env = new java.util.LinkedHashMap<String, EnvVar>();
    exporter.getEnv().forEach(e -> env.put(e.getName(), e));
    assertThat(env.get("PGBOUNCER_EXPORTER_CONNECTION_STRING").getValue())
        .doesNotContain("@")
        .doesNotContain("$(");
    assertThat(env.get("PGPASSWORD").getValue()).isNull();
    assertThat(env.get("PGPASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("postgres-monitor-password");
    assertThat(env.get("PGUSER").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("postgres-monitor-user");
  }
}
