package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ComponentStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JOSDK hands the reconciler this copy: it must be deep and equal to the cached instance. */
class BufferClonerTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void aDeepCopyThatSerialisesTheSame() {
    var instance = TestInstances.sample("production");
    instance.getMetadata().setResourceVersion("42");
    instance.getMetadata().setLabels(new java.util.HashMap<>(Map.of("team", "a")));
    var status = new AmsInstanceStatus();
    status.setPhase(Phase.Ready);
    var web = new ComponentStatus();
    web.setReady("3/3");
    status.setComponents(new java.util.LinkedHashMap<>(Map.of("web", web)));
    instance.setStatus(status);

    var copy = new BufferCloner(JSON).clone(instance);

    assertThat(copy).isNotSameAs(instance);
    assertThat(JSON.asJson(copy)).isEqualTo(JSON.asJson(instance));
    copy.getSpec().setVersion("9.9.9");
    copy.getStatus().getComponents().get("web").setReady("0/3");
    copy.getMetadata().getLabels().put("changed", "yes");
    assertThat(instance.getSpec().getVersion()).isNotEqualTo("9.9.9");
    assertThat(instance.getStatus().getComponents().get("web").getReady()).isEqualTo("3/3");
    assertThat(instance.getMetadata().getLabels()).doesNotContainKey("changed");
  }

  @Test
  void theCopyKeepsWhatTheReaderSetAside() {
    var instance =
        JSON.unmarshal(
            "{\"apiVersion\": \"ams.suresoft.com/v1alpha1\", \"kind\": \"AmsInstance\","
                + " \"metadata\": {\"name\": \"ams\"},"
                + " \"spec\": {\"tier\": \"Local\", \"someNewField\": 1}}",
            AmsInstance.class);

    var copy = new BufferCloner(JSON).clone(instance);

    assertThat(copy.unknownFields()).containsExactly("spec.someNewField");
  }
}
