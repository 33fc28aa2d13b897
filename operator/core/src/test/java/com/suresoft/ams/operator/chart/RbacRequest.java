package com.suresoft.ams.operator.chart;

import com.suresoft.ams.testkit.ApiRequest;
import com.suresoft.ams.testkit.ResourcePath;
import java.util.List;
import java.util.Locale;

/**
 * What Kubernetes RBAC authorizes for one API request, as the API server derives it (its request
 * attributes): a verb on a group's resource (with its subresource, e.g. {@code
 * amsinstances/status}) in a namespace or cluster-wide; or, for a path that names no resource
 * (discovery, {@code /version}), the method on that path.
 *
 * @param namespace null for a cluster-wide request (a cluster-scoped kind, or a list or watch
 *     across all namespaces)
 * @param path the path of a non-resource request; null for a resource request
 */
public record RbacRequest(String verb, String group, String resource, String namespace, String path)
    implements Comparable<RbacRequest> {

  private static final String SERVER_SIDE_APPLY = "application/apply-patch+yaml";

  static RbacRequest resource(String verb, String group, String resource, String namespace) {
    return new RbacRequest(verb, group, resource, namespace, null);
  }

  boolean isResource() {
    return path == null;
  }

  /**
   * The attributes a real API server would authorize for {@code request}: usually one, two for a
   * server-side apply that created its object (answered 201), which needs {@code create} besides
   * {@code patch}.
   */
  static List<RbacRequest> of(ApiRequest request) {
    var parsed = ResourcePath.parse(request.path());
    if (parsed.isEmpty()) {
      return List.of(
          new RbacRequest(
              request.method().toLowerCase(Locale.ROOT), null, null, null, request.path()));
    }
    ResourcePath path = parsed.get();
    String resource =
        path.subresource() == null ? path.plural() : path.plural() + "/" + path.subresource();
    boolean named = path.name() != null;
    String verb =
        switch (request.method()) {
          case "GET" -> request.isWatch() ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> request.method().toLowerCase(Locale.ROOT);
        };
    var patch = resource(verb, path.group(), resource, path.namespace());
    if (verb.equals("patch")
        && request.status() == 201
        && request.contentType() != null
        && request.contentType().startsWith(SERVER_SIDE_APPLY)) {
      return List.of(patch, resource("create", path.group(), resource, path.namespace()));
    }
    return List.of(patch);
  }

  /** One tab-separated line: verb, group, resource, namespace, path ("-" where none). */
  String line() {
    return String.join("\t", verb, dash(group), dash(resource), dash(namespace), dash(path));
  }

  static RbacRequest parse(String line) {
    String[] f = line.split("\t", -1);
    return new RbacRequest(f[0], undash(f[1]), undash(f[2]), undash(f[3]), undash(f[4]));
  }

  private static String dash(String value) {
    return value == null ? "-" : value.isEmpty() ? "\"\"" : value;
  }

  private static String undash(String value) {
    return value.equals("-") ? null : value.equals("\"\"") ? "" : value;
  }

  @Override
  public int compareTo(RbacRequest o) {
    return line().compareTo(o.line());
  }

  @Override
  public String toString() {
    if (!isResource()) {
      return verb + " " + path;
    }
    return verb
        + " "
        + (group.isEmpty() ? "core" : group)
        + "/"
        + resource
        + (namespace == null ? " (cluster-wide)" : " in " + namespace);
  }
}
