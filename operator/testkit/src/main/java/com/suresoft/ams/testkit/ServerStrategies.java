package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The few per-kind rules of a real API server's registry that the double reproduces, because
 * leaving them out would make the double kinder than a cluster. Everything else a real server
 * defaults or validates is not reproduced.
 */
final class ServerStrategies {

  private ServerStrategies() {}

  static void beforeCreate(ObjectNode object) {
    if (isCore(object, "Namespace")) {
      object.putObject("status").put("phase", "Active");
    }
    beforeWrite(object);
  }

  static void beforeUpdate(ObjectNode before, ObjectNode object) {
    keepAllocatedClusterIp(before, object);
    beforeWrite(object);
  }

  /**
   * An update that leaves out a Service's {@code clusterIP} keeps the one allocated, as a real
   * server does (changing it is refused: {@link ImmutableFields}).
   */
  private static void keepAllocatedClusterIp(ObjectNode before, ObjectNode object) {
    if (isCore(object, "Service") && object.path("spec") instanceof ObjectNode spec) {
      for (String field : new String[] {"clusterIP", "clusterIPs"}) {
        JsonNode allocated = before.path("spec").get(field);
        JsonNode now = spec.get(field);
        boolean leftOut =
            now == null
                || now.isNull()
                || (now.isTextual() && now.asText().isEmpty())
                || (now.isArray() && now.isEmpty());
        if (allocated != null && leftOut) {
          spec.set(field, allocated.deepCopy());
        }
      }
    }
  }

  /**
   * What the server does to every stored version of an object: defaults, quantities in canonical
   * form, Secret data.
   */
  static void beforeWrite(ObjectNode object) {
    defaultReplicas(object);
    QuantityFields.canonicalize(object);
    foldStringData(object);
  }

  /**
   * A Secret's {@code stringData} is write-only: the server folds it into {@code data}. (Code that
   * applies {@code stringData} and then compares it with the live object never matches on a real
   * cluster, so it must not match here either.)
   */
  private static void foldStringData(ObjectNode object) {
    if (isCore(object, "Secret") && object.get("stringData") instanceof ObjectNode stringData) {
      ObjectNode data = object.withObjectProperty("data");
      stringData
          .fields()
          .forEachRemaining(
              e ->
                  data.put(
                      e.getKey(),
                      Base64.getEncoder()
                          .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
      object.remove("stringData");
    }
  }

  /**
   * kube-apiserver defaults a missing {@code spec.replicas} of a Deployment or StatefulSet to 1,
   * after field ownership is settled, so the defaulted value has no owner. This is why a
   * server-side apply that drops its manager's last claim on {@code spec.replicas} resets a
   * Deployment of 6 pods to 1 (the reason for {@code controller.actions.ReplicaHandover}), and why
   * a target created without replicas runs 1 pod until its HPA scales it.
   */
  private static void defaultReplicas(ObjectNode object) {
    String kind = Json.text(object, "kind");
    if ("apps/v1".equals(Json.text(object, "apiVersion"))
        && ("Deployment".equals(kind) || "StatefulSet".equals(kind))) {
      ObjectNode spec = object.withObjectProperty("spec");
      JsonNode replicas = spec.get("replicas");
      if (replicas == null || replicas.isNull()) {
        spec.put("replicas", 1);
      }
    }
  }

  private static boolean isCore(JsonNode object, String kind) {
    return kind.equals(Json.text(object, "kind")) && "v1".equals(Json.text(object, "apiVersion"));
  }
}
