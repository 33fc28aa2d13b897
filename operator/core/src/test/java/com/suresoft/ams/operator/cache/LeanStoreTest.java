package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.model.FieldManagers;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeanStoreTest {
  /** The operator's client's serialization: the maps it reads may be shared, unmodifiable. */
  private static final KubernetesSerialization JSON = new SharedStrings();

  /** As the API server sends it: the operator's apply, another controller's status update. */
  private static Deployment deployment(String name) {
    return deployment(name, "4f1c");
  }

  private static Deployment deployment(String name, String ownerUid) {
    return JSON.unmarshal(
        """
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "%s", "namespace": "ns", "resourceVersion": "7",
           "ownerReferences": [{"apiVersion": "ams.suresoft.com/v1alpha1", "kind": "AmsInstance",
                                "name": "ams", "uid": "%s"}],
           "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{...}",
                           "deployment.kubernetes.io/revision": "3"},
           "managedFields": [
             {"manager": "%s", "operation": "Apply", "apiVersion": "apps/v1",
              "fieldsType": "FieldsV1",
              "fieldsV1": {"f:metadata": {"f:ownerReferences": {"k:{\\"uid\\":\\"%s\\"}": {}}},
                "f:spec": {"f:replicas": {}, "f:template": {"f:spec": {
                "f:containers": {"k:{\\"name\\":\\"web\\"}": {".": {}, "f:image": {}}}}}}}},
             {"manager": "%s", "operation": "Apply", "apiVersion": "apps/v1",
              "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:replicas": {}}}},
             {"manager": "kube-controller-manager", "operation": "Update", "subresource": "status",
              "apiVersion": "apps/v1", "fieldsType": "FieldsV1",
              "fieldsV1": {"f:status": {"f:replicas": {}, "f:readyReplicas": {}}}}]},
         "spec": {"replicas": 3},
         "status": {"replicas": 3, "readyReplicas": 3}}
        """
            .formatted(
                name, ownerUid, FieldManagers.OPERATOR, ownerUid, FieldManagers.REPLICA_HANDOVER),
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
  void aStoreWithoutStatusKeepsNoStatusOfAnyKindButTheRest() {
    var store = new LeanStore.WithoutStatus<HasMetadata>();
    var budget =
        new PodDisruptionBudgetBuilder()
            .withNewMetadata()
            .withName("ams-web")
            .withNamespace("ns")
            .endMetadata()
            .withNewSpec()
            .withNewMinAvailable(1)
            .endSpec()
            .withNewStatus()
            .withCurrentHealthy(3)
            .endStatus()
            .build();
    var certificate =
        JSON.unmarshal(
            """
            {"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
             "metadata": {"name": "ams-tls", "namespace": "ns"},
             "spec": {"secretName": "ams-tls"},
             "status": {"conditions": [{"type": "Ready", "status": "True"}]}}
            """,
            GenericKubernetesResource.class);
    var instance = TestInstances.sample("production");
    instance.setStatus(new AmsInstanceStatus());
    var deployment = deployment("web");

    for (var object : List.<HasMetadata>of(budget, certificate, instance, deployment)) {
      store.put(Cache.metaNamespaceKeyFunc(object), object);
    }

    var kept = store.get("ns/ams-web");
    assertThat(kept).isInstanceOf(PodDisruptionBudget.class);
    assertThat(((PodDisruptionBudget) kept).getStatus()).isNull();
    assertThat(((PodDisruptionBudget) kept).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    var keptCertificate = (GenericKubernetesResource) store.get("ns/ams-tls");
    assertThat(keptCertificate.getAdditionalProperties())
        .containsKey("spec")
        .doesNotContainKey("status");
    assertThat(((AmsInstance) store.get(Cache.metaNamespaceKeyFunc(instance))).getStatus())
        .isNull();
    var keptDeployment = (Deployment) store.get("ns/web");
    assertThat(keptDeployment.getStatus()).isNull();
    assertThat(keptDeployment.getMetadata().getManagedFields()).hasSize(2);
  }

  @Test
  void indexesItsObjectsByOwnerAndFollowsTheirChanges() {
    var store = new LeanStore<Deployment>();
    store.put("ns/web", deployment("web", "uid-a"));
    store.put("ns/api", deployment("api", "uid-a"));
    store.put("ns/other", deployment("other", "uid-b"));
    assertThat(store.ownedBy("uid-a"))
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("web", "api");

    // A new version with the same owner leaves the index as it was; a change of owner moves it.
    store.put("ns/web", deployment("web", "uid-a"));
    store.put("ns/api", deployment("api", "uid-b"));
    assertThat(store.ownedBy("uid-a"))
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("web");
    assertThat(store.ownedBy("uid-b"))
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("other", "api");

    store.remove("ns/web");
    store.remove("ns/other");
    assertThat(store.ownedBy("uid-a")).isEmpty();
    assertThat(store.ownedBy("uid-b"))
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("api");
    var orphan = deployment("orphan", "uid-c");
    orphan.getMetadata().setOwnerReferences(null);
    store.put("ns/orphan", orphan);
    assertThat(store.ownedBy("uid-c")).isEmpty();
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
  void objectsOfTwoInstancesShareTheOwnedFieldsTheyHaveInCommon() {
    var first = LeanStore.prune(deployment("web", "uid-of-instance-a"));
    var second = LeanStore.prune(deployment("web", "uid-of-instance-b"));

    var fieldsA = first.getMetadata().getManagedFields().get(0).getFieldsV1();
    var fieldsB = second.getMetadata().getManagedFields().get(0).getFieldsV1();
    assertThat(fieldsB).isNotEqualTo(fieldsA);
    assertThat(fieldsB.getAdditionalProperties().get("f:spec"))
        .isSameAs(fieldsA.getAdditionalProperties().get("f:spec"));
    assertThat(fieldsB.getAdditionalProperties().get("f:metadata"))
        .isNotSameAs(fieldsA.getAdditionalProperties().get("f:metadata"))
        .hasToString("{f:ownerReferences={k:{\"uid\":\"uid-of-instance-b\"}={}}}");
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

  /** The tests run with assertions on: the store finds code that changes a cached object. */
  @Test
  void aChangeToACachedObjectIsFoundWhenTheObjectIsReplaced() {
    var store = new LeanStore<Deployment>();
    var web = deployment("web");
    String key = store.getKey(web);
    store.put(key, web);

    store.get(key).getSpec().setReplicas(5);

    assertThatThrownBy(() -> store.put(key, deployment("web")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ns/web was changed");
  }

  @Test
  void aChangeToACachedObjectIsFoundWhenTheObjectIsRemoved() {
    var store = new LeanStore<Deployment>();
    var web = deployment("web");
    String key = store.getKey(web);
    store.put(key, web);

    store.get(key).getMetadata().setResourceVersion("8");

    assertThatThrownBy(() -> store.remove(key))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ns/web was changed");
    assertThat(store.get(key)).as("removed all the same").isNull();
  }
}
