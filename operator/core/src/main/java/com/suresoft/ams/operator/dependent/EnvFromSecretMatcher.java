package com.suresoft.ams.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import java.util.List;
import java.util.Map;

/**
 * JOSDK's SSA matcher, minus one false mismatch. Its pod-template sanitizer writes {@code value:
 * ""} into every actual env var that has no value, meant for env vars declared with an empty value;
 * for env vars that come from a Secret ({@code valueFrom}, which we use for every credential) that
 * makes actual and desired differ forever, and every reconcile would re-apply the workload. This
 * puts the actual env vars back as the server stored them.
 */
public class EnvFromSecretMatcher<R extends HasMetadata>
    extends SSABasedGenericKubernetesResourceMatcher<R> {

  @Override
  protected void sanitizeState(R actual, R desired, Map<String, Object> actualMap) {
    super.sanitizeState(actual, desired, actualMap);
    PodTemplateSpec template =
        actual instanceof Deployment d
            ? d.getSpec().getTemplate()
            : actual instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
    if (template == null) {
      return;
    }
    undoEmptyValues(actualMap, "containers");
    undoEmptyValues(actualMap, "initContainers");
  }

  @SuppressWarnings("unchecked")
  private static void undoEmptyValues(Map<String, Object> actualMap, String containerKind) {
    var spec = (Map<String, Object>) actualMap.get("spec");
    var template = spec == null ? null : (Map<String, Object>) spec.get("template");
    var podSpec = template == null ? null : (Map<String, Object>) template.get("spec");
    var containers =
        podSpec == null ? null : (List<Map<String, Object>>) podSpec.get(containerKind);
    if (containers == null) {
      return;
    }
    for (var container : containers) {
      var env = (List<Map<String, Object>>) container.get("env");
      if (env == null) {
        continue;
      }
      for (var variable : env) {
        if ("".equals(variable.get("value")) && variable.get("valueFrom") != null) {
          variable.remove("value");
        }
      }
    }
  }
}
