package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Kubernetes {@code Status} response bodies. */
final class StatusBodies {

  private StatusBodies() {}

  static String failure(int code, String reason, String message) {
    return failure(code, reason, message, null);
  }

  static String failure(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = Json.object();
    status.put("apiVersion", "v1");
    status.put("kind", "Status");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return Json.write(status);
  }
}
