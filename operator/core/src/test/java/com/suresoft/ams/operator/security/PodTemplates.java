package com.suresoft.ams.operator.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every pod template in an object, whatever its kind: any object node with a {@code
 * containers} array is a pod spec (Deployment, StatefulSet, Job, CronJob's job template, a Pod, and
 * kinds added later), and its sibling {@code metadata} is the template's. Walking the JSON rather
 * than listing kinds means a new workload kind cannot slip past the check.
 */
public final class PodTemplates {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** A pod template found in an object: where, its metadata (may be null) and its spec. */
  public record Template(String where, ObjectMeta metadata, PodSpec spec) {}

  private PodTemplates() {}

  public static List<Template> in(HasMetadata object) {
    var found = new ArrayList<Template>();
    JsonNode root = JSON.convertValue(object, JsonNode.class);
    walk(root, null, object.getKind() + "/" + object.getMetadata().getName(), found);
    return found;
  }

  private static void walk(JsonNode node, JsonNode parent, String path, List<Template> found) {
    if (node.isObject()) {
      if (node.path("containers").isArray() && parent != null) {
        ObjectMeta meta =
            parent.has("metadata")
                ? JSON.convertValue(parent.get("metadata"), ObjectMeta.class)
                : null;
        found.add(new Template(path, meta, JSON.convertValue(node, PodSpec.class)));
        return;
      }
      node.fields().forEachRemaining(e -> walk(e.getValue(), node, path + "." + e.getKey(), found));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), node, path + "[" + i + "]", found);
      }
    }
  }
}
