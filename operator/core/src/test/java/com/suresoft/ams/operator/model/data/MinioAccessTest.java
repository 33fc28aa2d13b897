package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecureRandomSecretValues;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Who may do what in the managed MinIO. MinIO cannot run here (no binary), so the policies are
 * evaluated as MinIO's IAM evaluates them (an explicit Deny wins, else an Allow is needed; {@code
 * *} and {@code ?} match in actions and resources), and the bucket Job's and backup upload's
 * scripts run against a recording stand-in for {@code mc}.
 */
class MinioAccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InstanceModel PRODUCTION =
      InstanceModel.of(TestInstances.sample("production"));

  /** IAM policy evaluation for one action on one resource (no conditions are used). */
  static boolean allowed(JsonNode policy, String action, String resource) {
    boolean allow = false;
    for (JsonNode st : policy.get("Statement")) {
      if (matchesAny(st.get("Action"), action) && matchesAny(st.get("Resource"), resource)) {
        if (st.get("Effect").asText().equals("Deny")) {
          return false;
        }
        allow |= st.get("Effect").asText().equals("Allow");
      }
    }
    return allow;
  }

  private static boolean matchesAny(JsonNode patterns, String value) {
    for (JsonNode p : patterns) {
      String regex = Pattern.quote(p.asText()).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
      if (value.matches(regex)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode file(String name) throws Exception {
    String text = MinioServer.configMap(PRODUCTION).getData().get(name);
    assertThat(text).as(name).isNotNull();
    var policy = JSON.readTree(text);
    return policy;
  }

  @Test
  void theAppMayUseItsBucketsButNeitherTheBackupsNorAnythingElse() throws Exception {
    var policy = file(MinioPolicies.APP_POLICY_FILE);
    assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
    // The spec lists ams-backups among its buckets (the default); the app's are the others.
    assertThat(PRODUCTION.spec().getObjectStorage().getBuckets()).contains("ams-backups");
    var buckets = ObjectStorage.appBuckets(PRODUCTION);
    assertThat(buckets).containsExactly("ams-assets");
    for (String bucket : buckets) {
      String object = "arn:aws:s3:::" + bucket + "/uploads/a.pdf";
      for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
        assertThat(allowed(policy, action, object)).as(action + " " + object).isTrue();
      }
      assertThat(allowed(policy, "s3:ListBucket", "arn:aws:s3:::" + bucket)).isTrue();
      assertThat(allowed(policy, "s3:DeleteBucket", "arn:aws:s3:::" + bucket)).isFalse();
      assertThat(allowed(policy, "s3:PutBucketPolicy", "arn:aws:s3:::" + bucket)).isFalse();
    }
    for (String action :
        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion")) {
      assertThat(allowed(policy, action, "arn:aws:s3:::ams-backups/postgres/ams-1.dump"))
          .as(action + " on a backup")
          .isFalse();
    }
    assertThat(allowed(policy, "s3:ListBucket", "arn:aws:s3:::ams-backups")).isFalse();
    assertThat(allowed(policy, "s3:GetObject", "arn:aws:s3:::someone-else/x")).isFalse();
    assertThat(allowed(policy, "admin:CreateUser", "arn:aws:s3:::*")).isFalse();
  }

  @Test
  void theBackupUserMayOnlyAddDumpsNotReadListOrDeleteThem() throws Exception {
    var policy = file(MinioPolicies.BACKUP_POLICY_FILE);
    String dump = "arn:aws:s3:::ams-backups/postgres/ams-20260101.dump";
    assertThat(allowed(policy, "s3:PutObject", dump)).isTrue();
    for (String action :
        List.of(
            "s3:GetObject",
            "s3:DeleteObject",
            "s3:DeleteObjectVersion",
            "s3:PutLifecycleConfiguration")) {
      assertThat(allowed(policy, action, dump)).as(action).isFalse();
    }
    assertThat(allowed(policy, "s3:ListBucket", "arn:aws:s3:::ams-backups")).isFalse();
    assertThat(allowed(policy, "s3:PutBucketVersioning", "arn:aws:s3:::ams-backups")).isFalse();
    assertThat(allowed(policy, "s3:PutObject", "arn:aws:s3:::ams-uploads/x")).isFalse();
  }

  @Test
  void theBackupBucketExpiresDumpsAndOverwrittenVersionsAfterTheRetention() throws Exception {
    var lifecycle = file(MinioPolicies.BACKUP_LIFECYCLE_FILE);
    var rule = lifecycle.get("Rules").get(0);
    int days = PRODUCTION.spec().getDatabase().getBackup().getRetentionDays();
    assertThat(rule.get("Status").asText()).isEqualTo("Enabled");
    assertThat(rule.get("Filter").get("Prefix").asText()).isEqualTo("postgres/");
    assertThat(rule.get("Expiration").get("Days").asInt()).isEqualTo(days);
    assertThat(rule.get("NoncurrentVersionExpiration").get("NoncurrentDays").asInt())
        .isEqualTo(days);
  }

  /** A stand-in for mc: records each call; {@code MC_ATTACH} decides how attach answers. */
  private static final String FAKE_MC =
      """
      #!/bin/sh
      echo "mc $*" >>"$MC_LOG"
      case "$1 $2 $3" in
        "admin policy attach")
          [ "${MC_ATTACH:-ok}" = ok ] && exit 0
          echo "$MC_ATTACH" >&2
          exit 1
          ;;
        "ilm import "*)
          cat >>"$MC_LOG"
          ;;
      esac
      exit 0
      """;

  private static java.nio.file.Path fakeMc(PodScripts pods, String dir) {
    var bin = pods.configDir(dir, Map.of("mc", FAKE_MC));
    assertThat(bin.resolve("mc").toFile().setExecutable(true, false)).isTrue();
    return bin;
  }

  private record Run(PodScripts.Result result, String calls) {}

  private static Run buckets(PodScripts pods, String attach) throws Exception {
    var config =
        pods.configDir("config-" + System.nanoTime(), MinioServer.configMap(PRODUCTION).getData());
    var bin = fakeMc(pods, "bin-" + System.nanoTime());
    var ca = pods.configDir("ca-" + System.nanoTime(), Map.of("ca.crt", "CA"));
    var logs = pods.dir("logs-" + System.nanoTime());
    var secret =
        AppSecret.decode(AppSecret.desired(PRODUCTION, Map.of(), new SecureRandomSecretValues()));
    var container =
        MinioServer.bucketJob(PRODUCTION).getSpec().getTemplate().getSpec().getContainers().get(0);
    var env =
        new HashMap<>(
            PodScripts.env(
                container.getEnv(),
                secret,
                "buckets",
                Map.of(
                    "CONFIG_DIR", config.toString(),
                    "MC_CONFIG_DIR", logs.resolve(".mc").toString(),
                    "S3_CA_FILE", ca.resolve("ca.crt").toString())));
    env.put("PATH", bin + ":" + PodScripts.path());
    env.put("MC_LOG", logs.resolve("calls").toString());
    env.put("MC_ATTACH", attach);
    var result =
        pods.runScript(config.resolve(MinioServer.BUCKETS_SCRIPT), env, Duration.ofSeconds(30));
    var calls = logs.resolve("calls");
    assertThat(Files.readString(logs.resolve(".mc/certs/CAs/ams-data-ca.crt"))).isEqualTo("CA");
    return new Run(result, Files.exists(calls) ? Files.readString(calls) : "");
  }

  @Test
  void theBucketJobCreatesTheUsersWithTheirPoliciesAndVersionsTheBackups() throws Exception {
    var secret = PRODUCTION.names().secrets();
    var container =
        MinioServer.bucketJob(PRODUCTION).getSpec().getTemplate().getSpec().getContainers().get(0);
    // The Job itself acts as root; only it and MinIO hold the root credentials.
    assertThat(
            container.getEnv().stream()
                .filter(e -> e.getName().equals("S3_ACCESS_KEY"))
                .findFirst()
                .orElseThrow()
                .getValueFrom()
                .getSecretKeyRef())
        .satisfies(r -> assertThat(r.getName()).isEqualTo(secret))
        .satisfies(r -> assertThat(r.getKey()).isEqualTo("minio-root-user"));
    try (var pods = new PodScripts()) {
      var run = buckets(pods, "ok");
      assertThat(run.result().exit()).as(run.result().output()).isZero();
      var lines = new ArrayList<>(run.calls().lines().toList());
      assertThat(lines)
          .contains(
              "mc mb --ignore-existing ams/ams-assets",
              "mc mb --ignore-existing ams/ams-backups",
              "mc version enable ams/ams-backups")
          .anyMatch(l -> l.matches("mc admin policy create ams ams-app .*/policy-app.json"))
          .anyMatch(l -> l.matches("mc admin policy create ams ams-backup .*/policy-backup.json"))
          .anyMatch(l -> l.matches("mc admin user add ams ams-\\S+ \\S+"))
          .anyMatch(l -> l.matches("mc admin policy attach ams ams-app --user ams-\\S+"))
          .anyMatch(l -> l.matches("mc admin policy attach ams ams-backup --user ams-\\S+"));
      // The lifecycle reached mc ilm import on its standard input.
      assertThat(run.calls()).contains("\"NoncurrentDays\"");
      // Buckets exist before a policy names them; the policy exists before it is attached.
      assertThat(indexOf(lines, "mc mb --ignore-existing ams/ams-backups"))
          .isLessThan(indexOf(lines, "mc admin policy create ams ams-backup"));
      assertThat(indexOf(lines, "mc admin policy create ams ams-app"))
          .isLessThan(indexOf(lines, "mc admin policy attach ams ams-app"));

      // A second run finds the policies attached already: that is success, not a failure.
      var again = buckets(pods, "mc: <ERROR> Unable to attach: policy change is already in effect");
      assertThat(again.result().exit()).as(again.result().output()).isZero();
      // Any other refusal fails the Job (it is retried), rather than leaving a user without rights.
      var refused = buckets(pods, "mc: <ERROR> Access Denied.");
      assertThat(refused.result().exit()).isNotZero();
      assertThat(refused.result().output()).contains("Access Denied");
    }
  }

  @Test
  void theBackupUploadOnlyAddsObjectsOverHttpsTrustingTheCa() throws Exception {
    var upload =
        BackupJob.cronJob(PRODUCTION)
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    var secret =
        AppSecret.decode(AppSecret.desired(PRODUCTION, Map.of(), new SecureRandomSecretValues()));
    try (var pods = new PodScripts()) {
      var config = pods.configDir("config", PostgresCluster.configMap(PRODUCTION).getData());
      var bin = fakeMc(pods, "bin");
      var ca = pods.configDir("ca", Map.of("ca.crt", "CA"));
      var backup = pods.configDir("backup", Map.of("ams-20260101.dump", "dump"));
      var tmp = pods.dir("tmp");
      var env =
          new HashMap<>(
              PodScripts.env(
                  upload.getEnv(),
                  secret,
                  "backup",
                  Map.of(
                      "BACKUP_DIR", backup.toString(),
                      "MC_CONFIG_DIR", tmp.resolve(".mc").toString(),
                      "S3_CA_FILE", ca.resolve("ca.crt").toString())));
      env.put("PATH", bin + ":" + PodScripts.path());
      env.put("MC_LOG", tmp.resolve("calls").toString());
      var result =
          pods.runScript(
              config.resolve(PostgresCluster.BACKUP_UPLOAD), env, Duration.ofSeconds(30));
      assertThat(result.exit()).as(result.output()).isZero();
      var calls = Files.readString(tmp.resolve("calls"));
      assertThat(calls.lines())
          .containsExactly(
              "mc cp --quiet "
                  + backup.resolve("ams-20260101.dump")
                  + " backup/ams-backups/postgres/ams-20260101.dump");
      assertThat(env.get("S3_ENDPOINT")).startsWith("https://");
      assertThat(env.get("S3_ACCESS_KEY")).isEqualTo(secret.get("minio-backup-user"));
      assertThat(Files.readString(tmp.resolve(".mc/certs/CAs/ams-data-ca.crt"))).isEqualTo("CA");
    }
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no call starting with " + prefix + " in " + lines);
  }
}
