package com.suresoft.ams.operator.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.validation.SpecValidator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Through a shared ClusterSecretStore no instance can name another's keys: the keys of an instance
 * always lie under {@code <prefix>/<namespace>/<name>/}, whatever prefix its team writes.
 */
class ExternalSecretKeysTest {
  private static final SpecValidator VALIDATOR =
      new SpecValidator(TestPlatforms.allowing(List.of("shared-vault"), List.of()));

  private static AmsInstance instance(String namespace, String name, String kind, String prefix) {
    var i =
        TestInstances.withSpec(
            name,
            """
            tier: Production
            version: "1.0.0"
            ingress: {host: ams.example.com}
            secrets:
              provider: ExternalSecrets
              externalSecrets:
                secretStoreRef: {name: shared-vault, kind: %s}
            %s"""
                .formatted(
                    kind, prefix == null ? "" : "    remoteKeyPrefix: \"" + prefix + "\"\n"));
    i.getMetadata().setNamespace(namespace);
    return i;
  }

  /** Every remote key the ExternalSecret reads. */
  @SuppressWarnings("unchecked")
  private static Set<String> keys(AmsInstance i) {
    var es = ExternalSecrets.desired(InstanceModel.of(i), "external-secrets.io/v1").orElseThrow();
    var spec = (Map<String, Object>) es.getAdditionalProperties().get("spec");
    var keys = new HashSet<String>();
    for (var d : (List<Map<String, Object>>) spec.get("data")) {
      keys.add((String) ((Map<String, Object>) d.get("remoteRef")).get("key"));
    }
    return keys;
  }

  @Test
  void inAClusterSecretStoreTheKeysLieUnderNamespaceAndName() {
    var teamA = instance("team-a", "ams", "ClusterSecretStore", null);
    assertThat(VALIDATOR.validate(teamA)).isEmpty();
    assertThat(keys(teamA))
        .isNotEmpty()
        .allSatisfy(k -> assertThat(k).startsWith("ams/production/team-a/ams/"))
        .contains("ams/production/team-a/ams/database-url");
    // The default prefix is the same for every team; the keys are not.
    assertThat(keys(instance("team-b", "ams", "ClusterSecretStore", null)))
        .doesNotContainAnyElementsOf(keys(teamA));
  }

  @Test
  void noPrefixTeamBMayWriteReachesTeamAsKeys() {
    var teamA = keys(instance("team-a", "ams", "ClusterSecretStore", null));
    List<String> attempts =
        List.of(
            "ams/production",
            "ams/production/team-a/ams",
            "ams/production/team-a",
            "ams/production/team-a/ams/../..",
            "../ams/production/team-a",
            "ams/production/team-a/ams/x/..",
            "x");
    int accepted = 0;
    for (String prefix : attempts) {
      for (String name : List.of("ams", "team-a")) {
        var teamB = instance("team-b", name, "ClusterSecretStore", prefix);
        if (!VALIDATOR.validate(teamB).isEmpty()) {
          continue; // refused: nothing is emitted
        }
        accepted++;
        assertThat(keys(teamB)).as(prefix).doesNotContainAnyElementsOf(teamA);
        assertThat(keys(teamB))
            .allSatisfy(k -> assertThat(k).startsWith(prefix + "/team-b/" + name + "/"));
      }
    }
    assertThat(accepted).as("the test tried prefixes the validator lets through").isPositive();
  }

  @Test
  void aSecretStoreOfTheTeamsOwnNamespaceReadsThePrefixAsWritten() {
    var own = instance("team-a", "ams", "SecretStore", "ams/production");
    assertThat(keys(own)).contains("ams/production/database-url");
  }
}
