package com.suresoft.ams.operator.model.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.suresoft.ams.operator.model.InstanceModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MinIO policies (IAM policy JSON, as {@code mc admin policy create} reads it) and the backup
 * bucket's lifecycle (as {@code mc ilm import} reads it) that the bucket Job applies, so that no
 * pod but MinIO and that Job holds the root credentials:
 *
 * <ul>
 *   <li>{@value #APP_POLICY}: the app's user may list, read, write and delete objects in the app's
 *       buckets only ({@link ObjectStorage#appBuckets}), and is explicitly denied everything on the
 *       backup bucket, so a compromised app cannot read or destroy the backups.
 *   <li>{@value #BACKUP_POLICY}: the backup user may only add objects (and abort its own multipart
 *       uploads) under the backup bucket: it can neither read, list, overwrite irrecoverably nor
 *       delete a backup, as the bucket is versioned (an overwrite keeps the previous version).
 *   <li>The backup bucket's lifecycle replaces the old {@code mc rm --older-than}, which needed
 *       delete rights: dumps expire after {@code retentionDays}, and versions an overwrite or
 *       expiry left behind are removed the same number of days later.
 * </ul>
 */
public final class MinioPolicies {
  public static final String APP_POLICY = "ams-app";
  public static final String BACKUP_POLICY = "ams-backup";

  /** File names in the ConfigMap {@code <name>-minio-config}. */
  public static final String APP_POLICY_FILE = "policy-app.json";

  public static final String BACKUP_POLICY_FILE = "policy-backup.json";
  public static final String BACKUP_LIFECYCLE_FILE = "lifecycle-backups.json";

  /** Where the backup CronJob writes in the backup bucket. */
  public static final String BACKUP_PREFIX = "postgres/";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MinioPolicies() {}

  /** The policy and lifecycle files, keyed by file name. */
  public static Map<String, String> files(InstanceModel m) {
    var files = new LinkedHashMap<String, String>();
    files.put(APP_POLICY_FILE, json(appPolicy(m)));
    if (ObjectStorage.backupsOn(m)) {
      files.put(BACKUP_POLICY_FILE, json(backupPolicy()));
      files.put(BACKUP_LIFECYCLE_FILE, json(backupLifecycle(m)));
    }
    return files;
  }

  static Map<String, Object> appPolicy(InstanceModel m) {
    var statements = new ArrayList<Map<String, Object>>();
    var buckets = ObjectStorage.appBuckets(m);
    if (!buckets.isEmpty()) {
      statements.add(
          statement(
              "Allow",
              List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"),
              buckets.stream().map(MinioPolicies::bucketArn).toList()));
      statements.add(
          statement(
              "Allow",
              List.of(
                  "s3:GetObject",
                  "s3:PutObject",
                  "s3:DeleteObject",
                  "s3:AbortMultipartUpload",
                  "s3:ListMultipartUploadParts"),
              buckets.stream().map(b -> bucketArn(b) + "/*").toList()));
    }
    // An explicit Deny wins over any Allow, should the policy ever be widened.
    statements.add(
        statement(
            "Deny",
            List.of("s3:*"),
            List.of(
                bucketArn(ObjectStorage.BACKUP_BUCKET),
                bucketArn(ObjectStorage.BACKUP_BUCKET) + "/*")));
    return policy(statements);
  }

  static Map<String, Object> backupPolicy() {
    return policy(
        List.of(
            statement(
                "Allow",
                List.of("s3:PutObject", "s3:AbortMultipartUpload"),
                List.of(bucketArn(ObjectStorage.BACKUP_BUCKET) + "/" + BACKUP_PREFIX + "*"))));
  }

  static Map<String, Object> backupLifecycle(InstanceModel m) {
    int days = m.spec().getDatabase().getBackup().getRetentionDays();
    var rule = new LinkedHashMap<String, Object>();
    rule.put("ID", "ams-backup-retention");
    rule.put("Status", "Enabled");
    rule.put("Filter", Map.of("Prefix", BACKUP_PREFIX));
    rule.put("Expiration", Map.of("Days", days));
    rule.put("NoncurrentVersionExpiration", Map.of("NoncurrentDays", days));
    return Map.of("Rules", List.of(rule));
  }

  private static Map<String, Object> policy(List<Map<String, Object>> statements) {
    var policy = new LinkedHashMap<String, Object>();
    policy.put("Version", "2012-10-17");
    policy.put("Statement", statements);
    return policy;
  }

  private static Map<String, Object> statement(
      String effect, List<String> actions, List<String> resources) {
    var statement = new LinkedHashMap<String, Object>();
    statement.put("Effect", effect);
    statement.put("Action", actions);
    statement.put("Resource", resources);
    return statement;
  }

  static String bucketArn(String bucket) {
    return "arn:aws:s3:::" + bucket;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
