package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * The StorageClasses on the server, as the admission plugins and the volume binder see them: which
 * one is the default, whether one allows volume expansion, and when it binds.
 */
public final class StorageClasses {

  public static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

  private final ObjectStore store;

  StorageClasses(ObjectStore store) {
    this.store = store;
  }

  Optional<ObjectNode> find(String name) {
    return store
        .find(
            new ResourcePath("storage.k8s.io", "v1", null, "storageclasses", name, null, Map.of()))
        .map(ObjectStore.Stored::object);
  }

  /** The class a claim without {@code storageClassName} gets (DefaultStorageClass plugin). */
  Optional<String> defaultClass() {
    return store.allOf("storageclasses").stream()
        .filter(o -> "true".equals(Json.text(o, "metadata", "annotations", DEFAULT_ANNOTATION)))
        .map(o -> Json.text(o, "metadata", "name"))
        .sorted()
        .findFirst();
  }

  /**
   * On create, a claim that names no class gets the default one, as kube-apiserver's
   * DefaultStorageClass admission plugin does; without a default it keeps none.
   */
  void defaultClassOf(ObjectNode claim) {
    JsonNode spec = claim.path("spec");
    if (spec instanceof ObjectNode s && !s.has("storageClassName")) {
      defaultClass().ifPresent(name -> s.put("storageClassName", name));
    }
  }

  /**
   * A claim may grow only if its class allows volume expansion (PersistentVolumeClaimResize
   * plugin); otherwise the update is forbidden, not merely left pending.
   */
  void checkResize(ResourcePath path, ObjectNode before, ObjectNode after) {
    var oldSize = ImmutableFields.storageRequest(before);
    var newSize = ImmutableFields.storageRequest(after);
    if (oldSize == null || newSize == null || newSize.compareTo(oldSize) <= 0) {
      return;
    }
    String className = Json.text(after, "spec", "storageClassName");
    boolean expandable =
        className != null
            && find(className)
                .map(c -> c.path("allowVolumeExpansion").asBoolean(false))
                .orElse(false);
    if (!expandable) {
      throw ApiException.forbidden(
          path,
          "only dynamically provisioned pvc can be resized and the storageclass that provisions"
              + " the pvc must support resize");
    }
  }
}
