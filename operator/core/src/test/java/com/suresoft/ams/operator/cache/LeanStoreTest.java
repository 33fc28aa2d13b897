package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.model.FieldManagers;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class LeanStoreTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** As the API server sends it: the operator's apply, another controller's status update. */
  private static Deployment deployment(String name) {
    return JSON.unmarshal(
        """
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "%s", "namespace": "ns", "resourceVersion": "7",
           "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{...}",
                           "deployment.kubernetes.io/revision": "3"},
           "managedFields": [
             {"manager": "%s", "operation": "Apply", "apiVersion": "apps/v1",
              "fieldsType": "FieldsV1",
              "fieldsV1": {"f:spec": {"f:replicas": {}, "f:template": {"f:spec": {
                "f:containers": {"k:{\\"name\\":\\"web\\"}": {".": {}, "f:image": {}}}}}}}},
             {"manager": "%s", "operation": "Apply", "apiVersion": "apps/v1",
              "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:replicas": {}}}},
             {"manager": "kube-controller-manager", "operation": "Update", "subresource": "status",
              "apiVersion": "apps/v1", "fieldsType": "FieldsV1",
              "fieldsV1": {"f:status": {"f:replicas": {}, "f:readyReplicas": {}}}}]},
         "spec": {"replicas": 3},
         "status": {"replicas": 3, "readyReplicas": 3}}
        """
            .formatted(name, FieldManagers.OPERATOR, FieldManagers.REPLICA_HANDOVER),
        Deployment.class);
  }

  @Test
  void keepsTheOperatorsOwnManagedFieldsAndWhatItReads() {
    var pruned = LeanStore.prune(deployment("web"));

    assertThat(pruned.getMetadata().getManagedFields())
        .extracting(e -> e.getManager())
        .containsExactly(FieldManagers.OPERATOR, FieldManagers.REPLICA_HANDOVER);
    assertThat(
            pruned.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties())
        .containsKey("f:spec");
    assertThat(pruned.getMetadata().getAnnotations())
        .containsOnlyKeys("deployment.kubernetes.io/revision");
    assertThat(pruned.getSpec().getReplicas()).isEqualTo(3);
    assertThat(pruned.getStatus().getReadyReplicas()).isEqualTo(3);
  }

  @Test
  void objectsWithTheSameOwnedFieldsShareOneCopyOfThem() {
    var first = LeanStore.prune(deployment("a"));
    var second = LeanStore.prune(deployment("b"));

    for (int i = 0; i < 2; i++) {
      assertThat(second.getMetadata().getManagedFields().get(i).getFieldsV1())
          .isSameAs(first.getMetadata().getManagedFields().get(i).getFieldsV1());
    }
    // The entries themselves stay each object's own (their times differ).
    assertThat(second.getMetadata().getManagedFields().get(0))
        .isNotSameAs(first.getMetadata().getManagedFields().get(0));
  }

  @Test
  void theStoreHandsOutThePrunedObjectUnderItsKey() {
    var store = new LeanStore<Deployment>();
    var web = deployment("web");
    String key = store.getKey(web);
    store.put(key, web);

    assertThat(key).isEqualTo(Cache.metaNamespaceKeyFunc(web));
    var cached = store.get(key);
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getMetadata().getManagedFields()).hasSize(2);
    assertThat(store.values()).containsExactly(cached);
  }
}
