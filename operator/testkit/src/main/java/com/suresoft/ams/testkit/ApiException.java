package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request that the double refuses the way a real API server would: it is turned into a {@code
 * Status} response with the given HTTP code and reason.
 */
final class ApiException extends RuntimeException {

  private final int code;
  private final String reason;
  private final ObjectNode details;

  ApiException(int code, String reason, String message) {
    this(code, reason, message, null);
  }

  private ApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /**
   * 422 Invalid naming each refused field in {@code details.causes}, as kube-apiserver answers a
   * write its validation refuses.
   */
  static ApiException invalid(ResourcePath path, String kind, List<FieldViolation> violations) {
    String group = path.group() == null ? "" : path.group();
    String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
    ObjectNode details = Json.object();
    details.put("name", path.name());
    details.put("group", group);
    details.put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    for (FieldViolation v : violations) {
      causes
          .addObject()
          .put("reason", v.reason())
          .put("message", v.detail())
          .put("field", v.field());
    }
    return new ApiException(
        422, "Invalid", FieldViolation.message(qualifiedKind, path.name(), violations), details);
  }

  /** 403 Forbidden from an admission plugin, which refuses the request as a whole. */
  static ApiException forbidden(ResourcePath path, String why) {
    return new ApiException(
        403,
        "Forbidden",
        String.format("%s \"%s\" is forbidden: %s", path.plural(), path.name(), why));
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  static ApiException notFound(ResourcePath path) {
    return new ApiException(
        404, "NotFound", String.format("%s \"%s\" not found", path.plural(), path.name()));
  }

  static ApiException conflict(ResourcePath path) {
    return new ApiException(
        409,
        "Conflict",
        String.format(
            "Operation cannot be fulfilled on %s \"%s\": the object has been modified; please"
                + " apply your changes to the latest version and try again",
            path.plural(), path.name()));
  }

  static ApiException alreadyExists(ResourcePath path) {
    return new ApiException(
        409,
        "AlreadyExists",
        String.format("%s \"%s\" already exists", path.plural(), path.name()));
  }

  static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "UnsupportedMediaType", message);
  }

  static ApiException invalid(String message) {
    return new ApiException(422, "Invalid", message);
  }

  int code() {
    return code;
  }

  String reason() {
    return reason;
  }

  /** The {@code details} of the Status, or null. */
  ObjectNode details() {
    return details;
  }
}
