package com.suresoft.ams.operator.model.data;

import static com.suresoft.ams.operator.model.EnvVars.fromSecret;
import static com.suresoft.ams.operator.model.EnvVars.plain;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecretKeys;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How pods reach the S3 storage, the same in both modes: {@code S3_ENDPOINT}, {@code
 * S3_ACCESS_KEY}, {@code S3_SECRET_KEY}. Managed: the MinIO Service and the generated root
 * credentials. External: the user's Secret (keys endpoint, access-key, secret-key).
 */
public final class ObjectStorage {
  /** Keys of the user's Secret in External mode. */
  public static final String KEY_ENDPOINT = "endpoint";

  public static final String KEY_ACCESS_KEY = "access-key";
  public static final String KEY_SECRET_KEY = "secret-key";

  /** The bucket the backup CronJob writes to; created with the others when backups are on. */
  public static final String BACKUP_BUCKET = "ams-backups";

  private ObjectStorage() {}

  public static List<EnvVar> s3Env(InstanceModel m) {
    var os = m.spec().getObjectStorage();
    var env = new ArrayList<EnvVar>();
    if (os.getMode() == ObjectStorageMode.External) {
      String secret = os.getExternalSecretName();
      env.add(fromSecret("S3_ENDPOINT", secret, KEY_ENDPOINT));
      env.add(fromSecret("S3_ACCESS_KEY", secret, KEY_ACCESS_KEY));
      env.add(fromSecret("S3_SECRET_KEY", secret, KEY_SECRET_KEY));
    } else {
      env.add(plain("S3_ENDPOINT", MinioServer.endpoint(m)));
      env.add(fromSecret("S3_ACCESS_KEY", m.names().secrets(), SecretKeys.MINIO_ROOT_USER));
      env.add(fromSecret("S3_SECRET_KEY", m.names().secrets(), SecretKeys.MINIO_ROOT_PASSWORD));
    }
    return env;
  }

  /** The application's S3 settings: the connection plus its bucket (the first listed). */
  public static List<EnvVar> appEnv(InstanceModel m) {
    var env = new ArrayList<>(s3Env(m));
    var buckets = m.spec().getObjectStorage().getBuckets();
    if (!buckets.isEmpty()) {
      env.add(plain("S3_BUCKET", buckets.get(0)));
    }
    return env;
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
