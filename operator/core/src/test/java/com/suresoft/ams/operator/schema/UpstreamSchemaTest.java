package com.suresoft.ams.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.suresoft.ams.operator.schema.EmittedObjects.Emitted;
import com.suresoft.ams.operator.schema.UpstreamSchemas.Violation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every object the operator emits (see {@link EmittedObjects}) is accepted by the upstream schema
 * of its kind at the versions the project supports (see {@link UpstreamSchemas} and
 * upstream-schemas/SOURCES.md), unknown fields included: a field the API server drops or refuses
 * would otherwise only show in a real cluster. A kind without a vendored schema fails too, so a new
 * kind is checked from its first object on.
 */
class UpstreamSchemaTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Each distinct object (as JSON) and the first scenario that emitted it. */
  private static Map<String, String> distinct;

  /** Every scenario rendered. */
  private static Set<String> scenarios;

  private static final UpstreamSchemas SCHEMAS = UpstreamSchemas.vendored();

  @BeforeAll
  static void render() {
    distinct = new LinkedHashMap<>();
    scenarios = new TreeSet<>();
    var serialized = new IdentityHashMap<HasMetadata, String>();
    for (Emitted e : EmittedObjects.all()) {
      String json = serialized.computeIfAbsent(e.object(), JSON::asJson);
      distinct.putIfAbsent(json, e.scenario());
      scenarios.add(e.scenario());
    }
  }

  @Test
  void everyEmittedObjectIsAcceptedByItsUpstreamSchema() {
    // The same complaint about the same object usually comes from many scenarios: report it once.
    var failures = new LinkedHashMap<Violation, String>();
    distinct.forEach(
        (json, scenario) ->
            SCHEMAS
                .validate(JSON.unmarshal(json, JsonNode.class))
                .forEach(v -> failures.putIfAbsent(v, scenario)));
    var report = new ArrayList<String>();
    failures.forEach((v, scenario) -> report.add(v + "\n    first in: " + scenario));
    assertThat(report).as(String.join("\n", report)).isEmpty();
  }

  /**
   * Where a cluster serves only the older version (ESO before 0.17, Istio before 1.22), the
   * operator writes the same objects with the older apiVersion (ServedVersions): they must pass
   * that version's schema too. The vendored CRDs are of releases that no longer serve ESO's
   * v1beta1, so "not served" is expected there and only the schema itself is judged.
   */
  @Test
  void theFallbackVersionsAcceptTheSameObjects() {
    var fallbacks =
        Map.of(
            "external-secrets.io/v1", "external-secrets.io/v1beta1",
            "networking.istio.io/v1", "networking.istio.io/v1beta1");
    var checked = 0;
    for (String json : distinct.keySet()) {
      var object = (ObjectNode) JSON.unmarshal(json, JsonNode.class);
      String to = fallbacks.get(object.path("apiVersion").asText());
      if (to != null) {
        object.put("apiVersion", to);
        assertThat(SCHEMAS.validate(object))
            .as(json)
            .allMatch(v -> v.complaint().equals(UpstreamSchemas.NOT_SERVED));
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }

  /** Guards the scenarios: each integration and router really produced its objects. */
  @Test
  void theScenariosCoverEveryOptionalKind() {
    var kinds =
        distinct.keySet().stream()
            .map(json -> JSON.unmarshal(json, JsonNode.class))
            .map(o -> o.path("apiVersion").asText() + " " + o.path("kind").asText())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(kinds)
        .contains(
            "v1 Secret",
            "v1 ConfigMap",
            "v1 Service",
            "apps/v1 Deployment",
            "apps/v1 StatefulSet",
            "batch/v1 Job",
            "batch/v1 CronJob",
            "autoscaling/v2 HorizontalPodAutoscaler",
            "networking.k8s.io/v1 Ingress",
            "networking.k8s.io/v1 NetworkPolicy",
            "policy/v1 PodDisruptionBudget",
            "monitoring.coreos.com/v1 ServiceMonitor",
            "monitoring.coreos.com/v1 PrometheusRule",
            "postgresql.cnpg.io/v1 Cluster",
            "postgresql.cnpg.io/v1 Pooler",
            "cert-manager.io/v1 Certificate",
            "cert-manager.io/v1 Issuer");
    assertThat(kinds)
        .anyMatch(k -> k.startsWith("external-secrets.io/") && k.endsWith(" ExternalSecret"));
    assertThat(kinds)
        .anyMatch(k -> k.startsWith("networking.istio.io/") && k.endsWith(" VirtualService"));
    assertThat(kinds)
        .anyMatch(k -> k.startsWith("networking.istio.io/") && k.endsWith(" DestinationRule"));
    assertThat(
            scenarios.stream()
                .anyMatch(s -> s.contains("BlueGreen Progressing weight 0 with preview")))
        .as("a blue-green preview")
        .isTrue();
    assertThat(scenarios.stream().anyMatch(s -> s.contains("Canary Paused weight 10")))
        .as("a canary step")
        .isTrue();
    assertThat(scenarios.stream().anyMatch(s -> s.contains("aborted Canary Aborted")))
        .as("a canary draining after an abort")
        .isTrue();
  }

  /**
   * Guards the conversion: in every kind emitted, an unknown field next to the spec's first field
   * and in the spec's first object-valued field is refused, so no kind passes because its schema
   * was left open.
   */
  @Test
  void everyEmittedKindRefusesAnUnknownField() {
    var firstOfKind = new LinkedHashMap<String, JsonNode>();
    for (String json : distinct.keySet()) {
      var o = JSON.unmarshal(json, JsonNode.class);
      firstOfKind.putIfAbsent(o.path("apiVersion").asText() + " " + o.path("kind").asText(), o);
    }
    firstOfKind.forEach(
        (kind, object) -> {
          var top = object.has("spec") ? (ObjectNode) object.get("spec") : (ObjectNode) object;
          var probe = top.deepCopy();
          probe.put("notAField", 1);
          assertThat(SCHEMAS.validate(with(object, top, probe))).as(kind).isNotEmpty();
          var nested = firstObjectField(top);
          if (nested != null) {
            var nestedProbe = top.deepCopy();
            ((ObjectNode) nestedProbe.get(nested)).put("notAField", 1);
            assertThat(SCHEMAS.validate(with(object, top, nestedProbe)))
                .as(kind + " ." + nested)
                .isNotEmpty();
          }
        });
  }

  /** A copy of {@code object} with {@code part} (its spec, or itself) replaced. */
  private static JsonNode with(JsonNode object, ObjectNode part, ObjectNode replacement) {
    if (part == object) {
      return replacement;
    }
    var copy = (ObjectNode) object.deepCopy();
    copy.set("spec", replacement);
    return copy;
  }

  /** The first field holding an object that is not a free-form map (labels, selectors, data). */
  private static String firstObjectField(ObjectNode node) {
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (node.get(name).isObject()
          && !name.matches("metadata|data|stringData|selector|matchLabels|labels|annotations")) {
        return name;
      }
    }
    return null;
  }

  @Test
  void anUnknownFieldIsRefused() {
    var service = service();
    ((ObjectNode) service.get("spec")).put("selectr", "typo");
    assertThat(SCHEMAS.validate(service))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.object()).isEqualTo("Service web (v1)");
              assertThat(v.path()).isEqualTo("$.spec.selectr");
              assertThat(v.complaint()).startsWith("additionalProperties");
            });
  }

  @Test
  void aWrongTypeIsRefused() {
    var service = service();
    ((ObjectNode) service.get("spec").get("ports").get(0)).put("port", "eighty");
    assertThat(SCHEMAS.validate(service))
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("$.spec.ports[0].port"));
  }

  @Test
  void anIntOrStringTakesBoth() {
    var service = service();
    var port = (ObjectNode) service.get("spec").get("ports").get(0);
    assertThat(SCHEMAS.validate(service)).isEmpty();
    port.put("targetPort", 8080);
    assertThat(SCHEMAS.validate(service)).isEmpty();
    port.put("targetPort", true);
    assertThat(SCHEMAS.validate(service)).isNotEmpty();
  }

  @Test
  void aCustomResourcesMetadataIsObjectMeta() {
    var rule =
        JSON.unmarshal(
            """
            {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
             "metadata": {"name": "r", "labelz": {}}, "spec": {"groups": []}}
            """,
            JsonNode.class);
    assertThat(SCHEMAS.validate(rule))
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("$.metadata.labelz"));
  }

  @Test
  void aCrdsCelRuleIsEnforced() {
    var virtualService =
        JSON.unmarshal(
            """
            {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
             "metadata": {"name": "vs"},
             "spec": {"hosts": ["web"],
                      "http": [{"timeout": "0s", "route": [{"destination": {"host": "web"}}]}]}}
            """,
            JsonNode.class);
    assertThat(SCHEMAS.validate(virtualService))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.spec.http[0].timeout");
              assertThat(v.complaint()).contains("must be a valid duration greater than 1ms");
            });
  }

  /** Rules not evaluated here of the kinds emitted: only the ones known not to matter. */
  @Test
  void everyCelRuleOfAnEmittedKindIsEvaluated() {
    var emittedKinds =
        distinct.keySet().stream()
            .map(json -> JSON.unmarshal(json, JsonNode.class))
            .map(o -> o.path("apiVersion").asText() + " " + o.path("kind").asText())
            .collect(Collectors.toSet());
    assertThat(SCHEMAS.skippedRules().keySet())
        .filteredOn(rule -> emittedKinds.contains(rule.substring(0, rule.indexOf(':'))))
        // spec.imageCatalogRef.major is immutable: a transition rule, and the operator sets no
        // imageCatalogRef.
        .containsOnly("postgresql.cnpg.io/v1 Cluster: self == oldSelf");
  }

  @Test
  void aVersionTheCrdDoesNotServeIsRefused() {
    var externalSecret =
        JSON.unmarshal(
            """
            {"apiVersion": "external-secrets.io/v1beta1", "kind": "ExternalSecret",
             "metadata": {"name": "s"}, "spec": {}}
            """,
            JsonNode.class);
    assertThat(SCHEMAS.validate(externalSecret))
        .singleElement()
        .satisfies(v -> assertThat(v.complaint()).isEqualTo(UpstreamSchemas.NOT_SERVED));
  }

  /**
   * The HTTPRoute a weighted canary is published with passes as it should, so the schema (and its
   * 148 CEL rules) are known to work before the operator emits its first HTTPRoute; and one of the
   * rules bites.
   */
  @Test
  void aWeightedHttpRouteIsAcceptedAndACelRuleOfItsSchemaBites() {
    var route =
        (ObjectNode)
            JSON.unmarshal(
                """
                {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                 "metadata": {"name": "ams-route", "namespace": "ams"},
                 "spec": {
                   "parentRefs": [{"name": "public", "namespace": "gateways", "sectionName": "https"}],
                   "hostnames": ["ams.example.com"],
                   "rules": [
                     {"matches": [{"path": {"type": "PathPrefix", "value": "/api"},
                                   "headers": [{"name": "canary", "value": "true"}]}],
                      "backendRefs": [{"name": "ams-api-canary", "port": 4000}]},
                     {"matches": [{"path": {"type": "PathPrefix", "value": "/api"}}],
                      "backendRefs": [{"name": "ams-api-service", "port": 4000, "weight": 90},
                                      {"name": "ams-api-canary", "port": 4000, "weight": 10}]}]}}
                """,
                JsonNode.class);
    assertThat(SCHEMAS.validate(route)).isEmpty();
    // "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"
    ((ObjectNode) route.at("/spec/rules/1/matches/0/path")).put("value", "api");
    assertThat(SCHEMAS.validate(route))
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v.path()).startsWith("$.spec.rules[1].matches[0].path"));
  }

  @Test
  void aKindWithoutAVendoredSchemaIsRefused() {
    var object =
        JSON.unmarshal(
            """
            {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}
            """,
            JsonNode.class);
    assertThat(SCHEMAS.validate(object))
        .singleElement()
        .satisfies(v -> assertThat(v.complaint()).contains("no vendored upstream schema"));
  }

  @Test
  void bothServedVersionsOfExternalSecretAndIstioAreVendored() {
    assertThat(SCHEMAS.kinds())
        .contains(
            "external-secrets.io/v1 ExternalSecret",
            "external-secrets.io/v1beta1 ExternalSecret",
            "networking.istio.io/v1 VirtualService",
            "networking.istio.io/v1beta1 VirtualService",
            "networking.istio.io/v1 DestinationRule",
            "networking.istio.io/v1beta1 DestinationRule",
            "gateway.networking.k8s.io/v1 HTTPRoute");
  }

  private static JsonNode service() {
    return JSON.unmarshal(
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "labels": {"a": "b"}},
         "spec": {"selector": {"app": "web"},
                  "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}}
        """,
        JsonNode.class);
  }
}
