package com.suresoft.ams.operator.model.data;

import static com.suresoft.ams.operator.model.EnvVars.fromSecret;
import static com.suresoft.ams.operator.model.EnvVars.plain;
import static com.suresoft.ams.operator.model.data.DataPods.mount;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.security.DataTls;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup CronJob {@code <name>-postgres-backup}: an init container dumps the database with
 * {@code pg_dump} (PostgreSQL image), then the MinIO client uploads the dump to the bucket {@code
 * ams-backups} (with managed MinIO as a user that may only add objects there; the bucket's
 * lifecycle expires dumps older than {@code retentionDays}). Two images, because neither has both
 * programs; the dump waits in an emptyDir in between.
 */
public final class BackupJob {
  public static final String BACKUP_DIR = "/backup";

  private BackupJob() {}

  public static CronJob cronJob(InstanceModel m) {
    var db = m.spec().getDatabase();
    var names = m.names();
    return new CronJobBuilder()
        .withNewMetadata()
        .withName(names.backup())
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.BACKUP, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withSchedule(db.getBackup().getSchedule())
        .withTimeZone("Etc/UTC")
        // A slow dump must not overlap the next one.
        .withConcurrencyPolicy("Forbid")
        .withSuccessfulJobsHistoryLimit(3)
        .withFailedJobsHistoryLimit(3)
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(Labels.claim(m.name(), Component.BACKUP))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(2)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.claim(m.name(), Component.BACKUP))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(PodSecurity.pod(PostgresCluster.UID))
        .addNewInitContainer()
        .withName("dump")
        .withImage(db.getImage())
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sh", PostgresCluster.CONFIG_DIR + "/" + PostgresCluster.BACKUP_DUMP)
        .withEnv(dumpEnv(m))
        .withSecurityContext(PodSecurity.container())
        .withVolumeMounts(
            mount("config", PostgresCluster.CONFIG_DIR, true),
            PostgresTls.caMount(PostgresTls.CA_VOLUME),
            mount("backup", BACKUP_DIR, false),
            mount("tmp", "/tmp", false))
        .endInitContainer()
        .addNewContainer()
        .withName("upload")
        .withImage(MinioServer.MC_IMAGE)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sh", PostgresCluster.CONFIG_DIR + "/" + PostgresCluster.BACKUP_UPLOAD)
        .withEnv(uploadEnv(m))
        .withSecurityContext(PodSecurity.container())
        .withVolumeMounts(uploadMounts(m))
        .endContainer()
        .withVolumes(volumes(m))
        .endSpec()
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /**
   * Inputs of backup-dump.sh: libpq's own variables, the primary, the application role, and TLS
   * that verifies the primary's certificate.
   */
  static List<EnvVar> dumpEnv(InstanceModel m) {
    var names = m.names();
    return List.of(
        plain("PGHOST", names.postgresReadWrite()),
        plain("PGPORT", Integer.toString(PostgresCluster.PORT)),
        fromSecret("PGUSER", names.secrets(), SecretKeys.POSTGRES_USER),
        plain("PGDATABASE", SecretKeys.DATABASE_NAME),
        fromSecret("PGPASSWORD", names.secrets(), SecretKeys.POSTGRES_PASSWORD),
        plain("PGSSLMODE", "verify-full"),
        plain("PGSSLROOTCERT", PostgresTls.CA_FILE),
        plain("BACKUP_DIR", BACKUP_DIR));
  }

  /**
   * Inputs of backup-upload.sh. Managed MinIO: the write-only backup user, and the retention is the
   * bucket's lifecycle (set by the bucket Job); external storage: the user's credentials, and the
   * script prunes old dumps itself ({@code PRUNE_DAYS}).
   */
  static List<EnvVar> uploadEnv(InstanceModel m) {
    var env = new ArrayList<EnvVar>();
    env.add(plain("BACKUP_DIR", BACKUP_DIR));
    env.add(plain("BACKUP_BUCKET", ObjectStorage.BACKUP_BUCKET));
    if (!DataTier.managedMinio(m)) {
      env.add(
          plain("PRUNE_DAYS", m.spec().getDatabase().getBackup().getRetentionDays().toString()));
    }
    env.add(plain("MC_CONFIG_DIR", "/tmp/.mc"));
    env.addAll(ObjectStorage.s3Env(m, ObjectStorage.Access.BACKUP));
    return env;
  }

  private static List<VolumeMount> uploadMounts(InstanceModel m) {
    var mounts =
        new ArrayList<>(
            List.of(
                mount("config", PostgresCluster.CONFIG_DIR, true),
                mount("backup", BACKUP_DIR, false),
                mount("tmp", "/tmp", false)));
    if (DataTier.managedMinio(m)) {
      mounts.add(mount(DataTls.CA_VOLUME, DataTls.CA_DIR, true));
    }
    return mounts;
  }

  private static List<Volume> volumes(InstanceModel m) {
    var volumes =
        new ArrayList<>(
            List.of(
                DataPods.configVolume("config", m.names().postgresConfig()),
                PostgresTls.caVolume(PostgresTls.CA_VOLUME, m.names().postgresTlsSecret()),
                DataPods.emptyDir("backup", false),
                DataPods.emptyDir("tmp", false)));
    if (DataTier.managedMinio(m)) {
      volumes.add(DataTls.caVolume(DataTls.CA_VOLUME, m.names().minioTlsSecret()));
    }
    return volumes;
  }
}
