package com.suresoft.ams.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class TierDefaultsTest {

  private static com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec resolve(String tier) {
    return TierDefaults.resolve(
        TestInstances.withSpec("ams", "tier: " + tier + "\nversion: \"1.0.0\"\n").getSpec());
  }

  @Test
  void productionDefaultsAreTheSeedsFigures() {
    var p = resolve("Production");
    assertThat(p.getWeb().getReplicas()).isEqualTo(3);
    assertThat(p.getApi().getAutoscaling().getEnabled()).isTrue();
    assertThat(p.getApi().getAutoscaling().getMinReplicas()).isEqualTo(3);
    assertThat(p.getApi().getAutoscaling().getMaxReplicas()).isEqualTo(10);
    assertThat(p.getApi().getAutoscaling().getTargetCPUUtilizationPercentage()).isEqualTo(70);
    assertThat(p.getApi().getAutoscaling().getTargetMemoryUtilizationPercentage()).isEqualTo(80);
    assertThat(p.getApi().getResources().getRequests().get("memory"))
        .isEqualTo(new Quantity("256Mi"));
    assertThat(p.getApi().getResources().getLimits().get("cpu")).isEqualTo(new Quantity("500m"));
    assertThat(p.getWorker().getAutoscaling().getMinReplicas()).isEqualTo(2);
    assertThat(p.getWorker().getAutoscaling().getMaxReplicas()).isEqualTo(8);
    assertThat(p.getDatabase().getInstances()).isEqualTo(3);
    assertThat(p.getDatabase().getStorage().getSize()).isEqualTo("20Gi");
    assertThat(p.getDatabase().getStorage().getStorageClassName()).isEqualTo("ssd");
    assertThat(p.getDatabase().getResources().getRequests().get("memory"))
        .isEqualTo(new Quantity("1Gi"));
    assertThat(p.getDatabase().getResources().getLimits().get("cpu"))
        .isEqualTo(new Quantity("1000m"));
    assertThat(p.getDatabase().getPooler().getMaxClientConnections()).isEqualTo(200);
    assertThat(p.getIngress().getTls().getEnabled()).isTrue();
    assertThat(p.getIngress().getTls().getClusterIssuer()).isEqualTo("letsencrypt-prod");
    assertThat(p.getIngress().getRateLimitRps()).isEqualTo(100);
    assertThat(p.getRedis().getAppendOnly()).isTrue();
  }

  @Test
  void localAndDevelopmentRunOnePodEachWithoutHpaOrTls() {
    for (String tier : new String[] {"Local", "Development"}) {
      var d = resolve(tier);
      assertThat(d.getWeb().getReplicas()).isEqualTo(1);
      assertThat(d.getApi().getReplicas()).isEqualTo(1);
      assertThat(d.getWorker().getReplicas()).isEqualTo(1);
      assertThat(d.getApi().getAutoscaling().getEnabled()).isFalse();
      assertThat(d.getWorker().getAutoscaling().getEnabled()).isFalse();
      assertThat(d.getIngress().getTls().getEnabled()).isFalse();
      assertThat(d.getDatabase().getInstances()).isEqualTo(1);
    }
  }

  @Test
  void userValuesWinAndPartialResourcesKeepTheOtherDefaults() {
    var spec =
        TierDefaults.resolve(
            TestInstances.withSpec(
                    "ams",
                    """
        tier: Production
        version: "2.0.0"
        api:
          resources:
            limits:
              memory: 1Gi
          autoscaling:
            maxReplicas: 20
        """)
                .getSpec());
    assertThat(spec.getApi().getResources().getLimits().get("memory"))
        .isEqualTo(new Quantity("1Gi"));
    assertThat(spec.getApi().getResources().getLimits().get("cpu")).isEqualTo(new Quantity("500m"));
    assertThat(spec.getApi().getResources().getRequests().get("memory"))
        .isEqualTo(new Quantity("256Mi"));
    assertThat(spec.getApi().getAutoscaling().getMaxReplicas()).isEqualTo(20);
    assertThat(spec.getApi().getAutoscaling().getMinReplicas()).isEqualTo(3);
  }

  @Test
  void resolveDoesNotChangeItsArgument() {
    var instance = TestInstances.withSpec("ams", "tier: Production\nversion: \"1.0.0\"\n");
    TierDefaults.resolve(instance.getSpec());
    assertThat(instance.getSpec().getApi()).isNull();
    assertThat(instance.getSpec().getIngress()).isNull();
  }
}
