package com.suresoft.ams.operator.embedded;

/**
 * A request that the double refuses the way a real API server would: it is turned into a {@code
 * Status} response with the given HTTP code and reason.
 */
final class ApiException extends RuntimeException {

  private final int code;
  private final String reason;

  ApiException(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
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
}
