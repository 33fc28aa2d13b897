package com.suresoft.ams.operator.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.InstanceModel;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DisruptionBudgetsTest {

  @ParameterizedTest
  @ValueSource(strings = {"local", "development", "staging", "production"})
  void everyTierHasBudgetsForWebApiWorkerPostgresAndRedisThatNeverBlockADrain(String tier) {
    var m = InstanceModel.of(TestInstances.sample(tier));
    var budgets = DisruptionBudgets.desired(m);
    assertThat(budgets)
        .containsOnlyKeys(
            "ams-web-pdb", "ams-api-pdb", "ams-worker-pdb", "ams-postgres-pdb", "ams-redis-pdb");
    for (PodDisruptionBudget pdb : budgets.values()) {
      // One at a time, even with one replica: a drain proceeds; with more, the rest keep serving.
      assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
      assertThat(pdb.getSpec().getMinAvailable()).isNull();
      assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
    }
    assertThat(budgets.get("ams-api-pdb").getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "api")
        .containsEntry("app.kubernetes.io/instance", "ams")
        .doesNotContainKey("ams.suresoft.com/slot");
  }

  @Test
  void externalDatabaseHasNoPostgresBudget() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Production
                version: "1.0.0"
                database:
                  mode: External
                  externalSecretName: db
                """));
    assertThat(DisruptionBudgets.desired(m)).doesNotContainKey("ams-postgres-pdb");
  }
}
