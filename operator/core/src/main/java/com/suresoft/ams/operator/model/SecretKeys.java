package com.suresoft.ams.operator.model;

import java.util.List;

/** Keys of the Secret {@code <name>-secrets}. */
public final class SecretKeys {
  public static final String DATABASE_URL = "database-url";
  public static final String REDIS_URL = "redis-url";
  public static final String JWT_ACCESS_SECRET = "jwt-access-secret";
  public static final String JWT_REFRESH_SECRET = "jwt-refresh-secret";
  public static final String POSTGRES_USER = "postgres-user";
  public static final String POSTGRES_PASSWORD = "postgres-password";
  public static final String POSTGRES_REPLICATION_PASSWORD = "postgres-replication-password";

  /** Name of the monitoring role ({@link #MONITOR_USER}), written like {@link #POSTGRES_USER}. */
  public static final String POSTGRES_MONITOR_USER = "postgres-monitor-user";

  /** Password of the monitoring role the exporters log in as ({@link #MONITOR_USER}). */
  public static final String POSTGRES_MONITOR_PASSWORD = "postgres-monitor-password";

  public static final String REDIS_PASSWORD = "redis-password";
  public static final String MINIO_ROOT_USER = "minio-root-user";
  public static final String MINIO_ROOT_PASSWORD = "minio-root-password";

  /** The app's MinIO user: read and write on the app's buckets, nothing on the backups. */
  public static final String MINIO_APP_USER = "minio-app-user";

  public static final String MINIO_APP_PASSWORD = "minio-app-password";

  /** The backup CronJob's MinIO user: may only add objects to the backup bucket. */
  public static final String MINIO_BACKUP_USER = "minio-backup-user";

  public static final String MINIO_BACKUP_PASSWORD = "minio-backup-password";

  /**
   * Random values, generated once. Never regenerated: a new database password would lock the app
   * out of its data.
   */
  public static final List<String> GENERATED =
      List.of(
          JWT_ACCESS_SECRET,
          JWT_REFRESH_SECRET,
          POSTGRES_PASSWORD,
          POSTGRES_REPLICATION_PASSWORD,
          POSTGRES_MONITOR_PASSWORD,
          REDIS_PASSWORD,
          MINIO_ROOT_USER,
          MINIO_ROOT_PASSWORD,
          MINIO_APP_USER,
          MINIO_APP_PASSWORD,
          MINIO_BACKUP_USER,
          MINIO_BACKUP_PASSWORD);

  /** The MinIO user names among {@link #GENERATED}: access keys, not passwords. */
  public static final List<String> MINIO_USERS =
      List.of(MINIO_ROOT_USER, MINIO_APP_USER, MINIO_BACKUP_USER);

  /** The database user and database name of the app (the seed's {@code ams}). */
  public static final String DATABASE_USER = "ams";

  public static final String DATABASE_NAME = "ams";

  /**
   * The role the exporters log in as: {@code pg_monitor} and PgBouncer's {@code stats_users},
   * nothing else (not the owner of the application's data).
   */
  public static final String MONITOR_USER = "ams_monitor";

  private SecretKeys() {}
}
