package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Which fields of an object one write may touch and own, the way a real API server splits an object
 * between the main resource and its {@code /status} and {@code /scale} subresources.
 */
enum FieldScope {
  /** The main resource of a kind with a status subresource: status changes are ignored. */
  MAIN_WITHOUT_STATUS(null),
  /** The main resource of a custom kind without a status subresource: status is ordinary data. */
  MAIN_WITH_STATUS(null),
  /** The {@code /status} subresource: only status changes. */
  STATUS("status"),
  /** The {@code /scale} subresource: only {@code spec.replicas} changes. */
  SCALE("scale");

  /** Metadata the server owns; no manager owns it and no write sets it. */
  static final Set<String> SERVER_METADATA =
      Set.of(
          "name",
          "namespace",
          "resourceVersion",
          "managedFields",
          "uid",
          "creationTimestamp",
          "generation",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "selfLink");

  private static final Set<String> IDENTITY = Set.of("apiVersion", "kind");

  private final String subresource;

  FieldScope(String subresource) {
    this.subresource = subresource;
  }

  static FieldScope forMainResource(boolean hasStatusSubresource) {
    return hasStatusSubresource ? MAIN_WITHOUT_STATUS : MAIN_WITH_STATUS;
  }

  /** The {@code subresource} recorded in a managedFields entry; null for the main resource. */
  String subresource() {
    return subresource;
  }

  boolean includes(List<String> path) {
    if (path.isEmpty() || IDENTITY.contains(path.get(0))) {
      return false;
    }
    if ("metadata".equals(path.get(0))
        && (path.size() == 1 || SERVER_METADATA.contains(path.get(1)))) {
      return false;
    }
    return switch (this) {
      case MAIN_WITHOUT_STATUS -> !"status".equals(path.get(0));
      case MAIN_WITH_STATUS -> true;
      case STATUS -> "status".equals(path.get(0));
      case SCALE -> path.equals(List.of("spec", "replicas"));
    };
  }

  /**
   * The part of a request body this scope may write, without identity and server metadata. Used to
   * merge an applied configuration into the stored object.
   */
  ObjectNode restrict(ObjectNode body) {
    ObjectNode restricted = Json.object();
    body.fields()
        .forEachRemaining(
            field -> {
              if (includes(List.of(field.getKey()))) {
                restricted.set(field.getKey(), field.getValue().deepCopy());
              } else if ("metadata".equals(field.getKey())
                  && this != STATUS
                  && this != SCALE
                  && field.getValue() instanceof ObjectNode metadata) {
                ObjectNode userMetadata = metadata.deepCopy();
                userMetadata.remove(SERVER_METADATA);
                restricted.set("metadata", userMetadata);
              }
            });
    if (this == SCALE) {
      JsonNode replicas = Json.at(body, List.of("spec", "replicas"));
      restricted.removeAll();
      if (replicas != null) {
        restricted.putObject("spec").set("replicas", replicas.deepCopy());
      }
    }
    return restricted;
  }
}
