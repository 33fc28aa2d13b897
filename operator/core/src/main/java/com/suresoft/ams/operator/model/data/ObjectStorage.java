package com.suresoft.ams.operator.model.data;

import static com.suresoft.ams.operator.model.EnvVars.fromSecret;
import static com.suresoft.ams.operator.model.EnvVars.plain;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.security.DataTls;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How pods reach the S3 storage, the same in both modes: {@code S3_ENDPOINT}, {@code
 * S3_ACCESS_KEY}, {@code S3_SECRET_KEY}. Managed: the MinIO Service over HTTPS ({@code S3_CA_FILE}
 * names the CA certificate to trust), with the credentials of the user each pod needs (see {@link
 * Access}). External: the user's Secret (keys endpoint, access-key, secret-key), for every pod.
 */
public final class ObjectStorage {
  /** Keys of the user's Secret in External mode. */
  public static final String KEY_ENDPOINT = "endpoint";

  public static final String KEY_ACCESS_KEY = "access-key";
  public static final String KEY_SECRET_KEY = "secret-key";

  /** The bucket the backup CronJob writes to; created with the others when backups are on. */
  public static final String BACKUP_BUCKET = "ams-backups";

  /** Which managed MinIO user a pod acts as; each has only the rights its pods need. */
  public enum Access {
    /** The root user: only MinIO itself and the bucket Job, which creates the other users. */
    ROOT(SecretKeys.MINIO_ROOT_USER, SecretKeys.MINIO_ROOT_PASSWORD),
    /** The app (API, worker): read and write on its buckets; nothing on the backups. */
    APP(SecretKeys.MINIO_APP_USER, SecretKeys.MINIO_APP_PASSWORD),
    /** The backup CronJob: may add objects to the backup bucket, not read, list or delete them. */
    BACKUP(SecretKeys.MINIO_BACKUP_USER, SecretKeys.MINIO_BACKUP_PASSWORD);

    private final String userKey;
    private final String passwordKey;

    Access(String userKey, String passwordKey) {
      this.userKey = userKey;
      this.passwordKey = passwordKey;
    }

    public String userKey() {
      return userKey;
    }

    public String passwordKey() {
      return passwordKey;
    }
  }

  private ObjectStorage() {}

  /**
   * The connection for a pod acting as {@code access}. With managed MinIO, {@code S3_CA_FILE} is
   * the CA certificate the pod must mount ({@link DataTls#CA_FILE}).
   */
  public static List<EnvVar> s3Env(InstanceModel m, Access access) {
    var os = m.spec().getObjectStorage();
    var env = new ArrayList<EnvVar>();
    if (os.getMode() == ObjectStorageMode.External) {
      String secret = os.getExternalSecretName();
      env.add(fromSecret("S3_ENDPOINT", secret, KEY_ENDPOINT));
      env.add(fromSecret("S3_ACCESS_KEY", secret, KEY_ACCESS_KEY));
      env.add(fromSecret("S3_SECRET_KEY", secret, KEY_SECRET_KEY));
    } else {
      env.add(plain("S3_ENDPOINT", MinioServer.endpoint(m)));
      env.add(fromSecret("S3_ACCESS_KEY", m.names().secrets(), access.userKey()));
      env.add(fromSecret("S3_SECRET_KEY", m.names().secrets(), access.passwordKey()));
      env.add(plain("S3_CA_FILE", DataTls.CA_FILE));
    }
    return env;
  }

  /** The application's S3 settings: the connection as the app user, plus its first bucket. */
  public static List<EnvVar> appEnv(InstanceModel m) {
    var env = new ArrayList<>(s3Env(m, Access.APP));
    var buckets = m.spec().getObjectStorage().getBuckets();
    if (!buckets.isEmpty()) {
      env.add(plain("S3_BUCKET", buckets.get(0)));
    }
    return env;
  }

  /** The app's buckets: the spec's, never the backup bucket (the app may not touch backups). */
  public static List<String> appBuckets(InstanceModel m) {
    return m.spec().getObjectStorage().getBuckets().stream()
        .filter(b -> !b.equals(BACKUP_BUCKET))
        .distinct()
        .toList();
  }

  /** Whether the backup CronJob runs: Managed PostgreSQL with backups on. */
  public static boolean backupsOn(InstanceModel m) {
    var db = m.spec().getDatabase();
    return db.getMode() == DatabaseMode.Managed && db.getBackup().getEnabled();
  }

  /** Buckets the bucket Job creates: the spec's, plus the backup bucket when backups run. */
  public static List<String> buckets(InstanceModel m) {
    var buckets = new LinkedHashSet<>(m.spec().getObjectStorage().getBuckets());
    if (backupsOn(m)) {
      buckets.add(BACKUP_BUCKET);
    }
    return List.copyOf(buckets);
  }
}
