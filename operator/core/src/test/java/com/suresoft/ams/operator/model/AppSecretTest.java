package com.suresoft.ams.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppSecretTest {

  @Test
  void existingValuesAreKeptAndOnlyMissingKeysAreGenerated() {
    var model = InstanceModel.of(TestInstances.sample("development"));
    var asked = new ArrayList<String>();
    var first =
        AppSecret.decode(
            AppSecret.desired(
                model,
                java.util.Map.of(),
                k -> {
                  asked.add(k);
                  return "v-" + k;
                }));
    assertThat(asked).containsExactlyInAnyOrderElementsOf(SecretKeys.GENERATED);

    var partial = new java.util.HashMap<>(first);
    partial.remove(SecretKeys.JWT_REFRESH_SECRET);
    asked.clear();
    var second =
        AppSecret.decode(
            AppSecret.desired(
                model,
                partial,
                k -> {
                  asked.add(k);
                  return "new-" + k;
                }));
    assertThat(asked).containsExactly(SecretKeys.JWT_REFRESH_SECRET);
    assertThat(second.get(SecretKeys.POSTGRES_PASSWORD))
        .isEqualTo(first.get(SecretKeys.POSTGRES_PASSWORD));
    assertThat(second.get(SecretKeys.JWT_REFRESH_SECRET)).isEqualTo("new-jwt-refresh-secret");
  }

  @Test
  void databaseUrlFollowsThePoolerButKeepsThePassword() {
    var withPooler =
        TestInstances.withSpec(
            "ams",
            """
        tier: Development
        version: "1.0.0"
        database:
          pooler:
            enabled: true
        """);
    var direct =
        AppSecret.decode(
            AppSecret.desired(
                InstanceModel.of(TestInstances.sample("development")),
                java.util.Map.of("postgres-password", "pw"),
                k -> "g"));
    var pooled =
        AppSecret.decode(
            AppSecret.desired(
                InstanceModel.of(withPooler),
                java.util.Map.of("postgres-password", "pw"),
                k -> "g"));
    String tls = "?sslmode=verify-full&sslrootcert=/etc/ams/ca/ca.crt";
    assertThat(direct.get("database-url"))
        .isEqualTo("postgresql://ams:pw@ams-postgres-rw:5432/ams" + tls);
    assertThat(pooled.get("database-url"))
        .isEqualTo("postgresql://ams:pw@ams-pgbouncer:5432/ams" + tls);
  }

  @Test
  void handSetPasswordsRoundTripThroughTheUrlsAndNeverMoveTheHost() throws Exception {
    String dbPassword = "p@evil:5432/x#";
    String redisPassword = "r:@/?#% é";
    var values =
        AppSecret.decode(
            AppSecret.desired(
                InstanceModel.of(TestInstances.sample("development")),
                java.util.Map.of(
                    SecretKeys.POSTGRES_PASSWORD,
                    dbPassword,
                    SecretKeys.REDIS_PASSWORD,
                    redisPassword),
                k -> "g"));
    var db = new java.net.URI(values.get(SecretKeys.DATABASE_URL));
    assertThat(db.getScheme()).isEqualTo("postgresql");
    assertThat(db.getHost()).isEqualTo("ams-postgres-rw");
    assertThat(db.getPort()).isEqualTo(5432);
    assertThat(db.getUserInfo()).isEqualTo("ams:" + dbPassword);
    assertThat(db.getPath()).isEqualTo("/ams");
    assertThat(db.getFragment()).isNull();
    var redis = new java.net.URI(values.get(SecretKeys.REDIS_URL));
    assertThat(redis.getHost()).isEqualTo("ams-redis");
    assertThat(redis.getPort()).isEqualTo(6379);
    assertThat(redis.getUserInfo()).isEqualTo(":" + redisPassword);
    assertThat(redis.getQuery()).isNull();
  }

  @Test
  void externalDatabaseLeavesDatabaseUrlToTheUsersSecret() {
    var external =
        TestInstances.withSpec(
            "ams",
            """
        tier: Development
        version: "1.0.0"
        database:
          mode: External
          externalSecretName: my-db
        """);
    var data =
        AppSecret.decode(
            AppSecret.desired(InstanceModel.of(external), java.util.Map.of(), k -> "g"));
    assertThat(data).doesNotContainKey("database-url");
  }

  @Test
  void secureRandomValuesAreLongAndDistinct() {
    var generator = new SecureRandomSecretValues(new SecureRandom());
    var values = new java.util.HashSet<String>();
    for (int i = 0; i < 50; i++) {
      values.add(generator.generate(SecretKeys.POSTGRES_PASSWORD));
    }
    assertThat(values).hasSize(50);
    assertThat(generator.generate(SecretKeys.JWT_ACCESS_SECRET)).hasSizeGreaterThanOrEqualTo(64);
    assertThat(generator.generate(SecretKeys.POSTGRES_PASSWORD)).matches("[A-Za-z0-9_-]{32}");
    assertThat(List.of(generator.generate(SecretKeys.MINIO_ROOT_USER)))
        .allMatch(u -> u.matches("ams-[a-z0-9]{8}"));
  }
}
