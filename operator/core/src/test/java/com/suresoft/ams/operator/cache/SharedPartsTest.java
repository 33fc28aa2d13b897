package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SharedPartsTest {
  private static final KubernetesSerialization JSON = new SharedStrings();

  /**
   * The table is direct-mapped and slots follow identity hashes, which differ from run to run: a
   * later part may take an earlier one's slot, and the earlier one is then not shared. With 4,096
   * slots that happened to one part of these few dozen in about one run in a hundred; with a
   * million it is as good as never, so the tests say what sharing does, not how often it is lucky.
   */
  private final SharedParts parts = new SharedParts(20);

  /** A web Deployment of the instance in {@code namespace}, as the API server sends it. */
  private Deployment read(String namespace, String logLevel, String memory) {
    return JSON.unmarshal(
        new String(
            """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "namespace": "%s", "uid": "uid-%s",
               "labels": {"app.kubernetes.io/name": "ams"}},
             "spec": {"replicas": 3, "template": {
               "metadata": {"labels": {"app.kubernetes.io/name": "ams"},
                            "annotations": {"ams.suresoft.com/config-digest": "9f2c"}},
               "spec": {"containers": [
               {"name": "web", "image": "registry.example.com/ams/web:1.4.2",
                "ports": [{"name": "http", "containerPort": 8080}],
                "env": [{"name": "LOG_LEVEL", "value": "%s"}],
                "resources": {"requests": {"cpu": "500m", "memory": "%s"}}}],
               "volumes": [{"name": "tmp", "emptyDir": {}}]}}},
             "status": {"replicas": 3}}
            """
                .formatted(namespace, namespace, logLevel, memory)),
        Deployment.class);
  }

  @Test
  void equalSpecsOfTwoInstancesAreOneSpecAndTheirMetadataStaysTheirOwn() {
    var a = parts.shareParts(read("team-a", "info", "1Gi"));
    var b = parts.shareParts(read("team-b", "info", "1Gi"));

    assertThat(b.getSpec()).isSameAs(a.getSpec());
    assertThat(b.getStatus()).isSameAs(a.getStatus());
    assertThat(b.getMetadata()).isNotSameAs(a.getMetadata());
    assertThat(b.getMetadata().getNamespace()).isEqualTo("team-b");
    assertThat(b.getMetadata().getUid()).isEqualTo("uid-team-b");
  }

  @Test
  void specsThatDifferShareTheirEqualParts() {
    var a = parts.shareParts(read("team-a", "info", "1Gi"));
    var b = parts.shareParts(read("team-b", "debug", "1Gi"));

    var podA = a.getSpec().getTemplate().getSpec();
    var podB = b.getSpec().getTemplate().getSpec();
    assertThat(podB).isNotSameAs(podA);
    assertThat(b.getSpec().getTemplate().getMetadata())
        .isSameAs(a.getSpec().getTemplate().getMetadata());
    assertThat(podB.getContainers().get(0).getEnv().get(0).getValue()).isEqualTo("debug");
    assertThat(podB.getVolumes()).isSameAs(podA.getVolumes());
    assertThat(podB.getContainers().get(0).getPorts())
        .isSameAs(podA.getContainers().get(0).getPorts());
    assertThat(podB.getContainers().get(0).getResources())
        .isSameAs(podA.getContainers().get(0).getResources());
  }

  /** fabric8's equals finds 1Gi and 1024Mi equal; what is shared is what was read. */
  @Test
  void quantitiesAreSharedAsWrittenNotAsEqualAmounts() {
    var a = parts.shareParts(read("team-a", "info", "1Gi"));
    var b = parts.shareParts(read("team-b", "info", "1024Mi"));

    assertThat(b.getSpec()).isNotSameAs(a.getSpec());
    assertThat(
            b.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests()
                .get("memory")
                .toString())
        .isEqualTo("1024Mi");
  }

  @Test
  void sharingKeepsWhatWasRead() {
    var expected = read("team-b", "debug", "1Gi");
    parts.shareParts(read("team-a", "info", "1Gi"));

    assertThat(parts.shareParts(read("team-b", "debug", "1Gi"))).isEqualTo(expected);
  }

  /** Of an instance, as of any object: its spec and status, and its metadata's parts. */
  @Test
  void ofAnInstanceTheSpecAndTheMetadatasPartsAreShared() {
    String json =
        """
        {"apiVersion": "ams.suresoft.com/v1alpha1", "kind": "AmsInstance",
         "metadata": {"name": "ams", "namespace": "%s", "managedFields": [
           {"manager": "kubectl", "operation": "Apply", "fieldsType": "FieldsV1",
            "fieldsV1": {"f:spec": {"f:tier": {}}}}]},
         "spec": {"tier": "Production"}}
        """;
    var a = parts.shareParts(JSON.unmarshal(json.formatted("team-a"), AmsInstance.class));
    var b = parts.shareParts(JSON.unmarshal(json.formatted("team-b"), AmsInstance.class));

    assertThat(b.getMetadata().getManagedFields().get(0).getFieldsV1())
        .isSameAs(a.getMetadata().getManagedFields().get(0).getFieldsV1());
    assertThat(b.getMetadata().getManagedFields().get(0))
        .isNotSameAs(a.getMetadata().getManagedFields().get(0));
    assertThat(b.getSpec()).isSameAs(a.getSpec());
  }
}
