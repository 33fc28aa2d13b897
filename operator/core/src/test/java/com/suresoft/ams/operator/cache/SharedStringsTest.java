package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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
  void longStringsAreSharedUpToALimit() {
    String script = "exec sh; ".repeat(SharedStrings.MAX_LONG_LENGTH / 10);
    String tooLong = "M".repeat(SharedStrings.MAX_LONG_LENGTH + 1);

    assertThat(env(read("b", script))).isEqualTo(script).isSameAs(env(read("a", script)));
    assertThat(env(read("b", tooLong))).isEqualTo(tooLong).isNotSameAs(env(read("a", tooLong)));
  }

  /** Equal ConfigMap files of two instances are one string. */
  @Test
  void equalFilesOfTwoConfigMapsAreOneString() {
    String json =
        """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "%s"},
         "data": {"entrypoint.sh": "%s"}}
        """;
    String script = "exec postgres -c config_file=/etc/postgres/postgresql.conf; ".repeat(40);
    var a = shared.unmarshal(new String(json.formatted("a", script)), ConfigMap.class);
    var b = shared.unmarshal(new String(json.formatted("b", script)), ConfigMap.class);

    assertThat(b.getData().get("entrypoint.sh"))
        .hasSizeGreaterThan(SharedStrings.MAX_LENGTH)
        .isSameAs(a.getData().get("entrypoint.sh"));
  }

  @Test
  void equalMapsOfStringsOfSeparateObjectsAreOneMapThatNobodyCanChange() {
    var a = read("a", "x");
    var b = read("b", "x");

    assertThat(b.getMetadata().getLabels())
        .isSameAs(a.getMetadata().getLabels())
        .containsExactly(Map.entry("app.kubernetes.io/managed-by", "ams-operator"));
    assertThatThrownBy(() -> b.getMetadata().getLabels().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
    // A builder made from a read object copies the map, so it can be changed.
    var relabelled = new DeploymentBuilder(a).editMetadata().addToLabels("k", "v").endMetadata();
    assertThat(relabelled.build().getMetadata().getLabels()).containsEntry("k", "v");
    assertThat(a.getMetadata().getLabels()).doesNotContainKey("k");
  }

  @Test
  void aSecretsMapsAreItsOwn() {
    String json =
        """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "%s"},
         "data": {"password": "c2VjcmV0"}}
        """;
    var a = shared.unmarshal(new String(json.formatted("a")), Secret.class);
    var b = shared.unmarshal(new String(json.formatted("b")), Secret.class);

    assertThat(b.getData()).isEqualTo(a.getData()).isNotSameAs(a.getData());
  }

  private static String env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue();
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
