package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedStringsTest {
  private final KubernetesSerialization shared = new SharedStrings();

  private static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "web", "namespace": "team-%s",
         "labels": {"app.kubernetes.io/managed-by": "ams-operator"}},
       "spec": {"template": {"spec": {"containers": [
         {"name": "web", "image": "registry.example.com/ams/web:1.4.2",
          "env": [{"name": "CERT", "value": "%s"}]}]}}}}
      """;

  private Deployment read(String namespace, String env) {
    // A new String each time, as each watch event is a new document.
    return shared.unmarshal(new String(DEPLOYMENT.formatted(namespace, env)), Deployment.class);
  }

  @Test
  void equalShortStringsOfSeparateObjectsAreOneString() {
    var a = read("a", "x");
    var b = read("b", "x");

    assertThat(b.getMetadata().getName()).isSameAs(a.getMetadata().getName());
    assertThat(b.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
        .isSameAs(a.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    var imageA = a.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    var imageB = b.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    assertThat(imageB).isEqualTo("registry.example.com/ams/web:1.4.2").isSameAs(imageA);
    assertThat(b.getMetadata().getNamespace()).isEqualTo("team-b");
  }

  @Test
  void untypedContentIsSharedAsWell() {
    String json =
        """
        {"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
         "metadata": {"name": "pg", "namespace": "n"},
         "spec": {"issuerRef": {"name": "ams-ca", "kind": "Issuer"}}}
        """;
    var a = shared.unmarshal(new String(json), GenericKubernetesResource.class);
    var b = shared.unmarshal(new String(json), GenericKubernetesResource.class);

    assertThat(issuer(b)).isEqualTo("ams-ca").isSameAs(issuer(a));
  }

  @Test
  void longStringsAreLeftAlone() {
    String pem = "M".repeat(SharedStrings.MAX_LENGTH + 1);
    var a = read("a", pem);
    var b = read("a", pem);

    var envA = a.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0);
    var envB = b.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0);
    assertThat(envB.getValue()).isEqualTo(pem).isNotSameAs(envA.getValue());
  }

  @Test
  void readsWhatTheDefaultSerializationReads() {
    String json = DEPLOYMENT.formatted("a", "x");
    assertThat(shared.unmarshal(json, Deployment.class))
        .isEqualTo(new KubernetesSerialization().unmarshal(json, Deployment.class));
  }

  @Test
  void emptyMapsOfUnknownFieldsAreOneSharedMapAndFilledOnesStay() {
    var a = read("a", "x");
    var b = read("b", "x");
    var container = a.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(a.getMetadata().getAdditionalProperties())
        .isSameAs(b.getMetadata().getAdditionalProperties());
    assertThat(a.getMetadata().getAdditionalProperties()).isEmpty();
    assertThat(container.getAdditionalProperties()).isSameAs(SharedStrings.EMPTY_UNKNOWN_FIELDS);
    // A field the model does not know is kept where it was read.
    var withUnknown =
        shared.unmarshal(
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\","
                + "\"futureField\":\"v\"}}",
            io.fabric8.kubernetes.api.model.ConfigMap.class);
    assertThat(withUnknown.getMetadata().getAdditionalProperties())
        .containsEntry("futureField", "v");
    // A builder made from a read object copies the map, so it can be changed.
    var builder = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(a.getMetadata());
    builder.addToAdditionalProperties("k", "v");
    var built = builder.build();
    assertThat(built.getAdditionalProperties()).containsEntry("k", "v");
  }

  @SuppressWarnings("unchecked")
  private static Object issuer(GenericKubernetesResource r) {
    var spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
    return ((Map<String, Object>) spec.get("issuerRef")).get("name");
  }
}
