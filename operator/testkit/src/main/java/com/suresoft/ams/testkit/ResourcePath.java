package com.suresoft.ams.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes REST path taken apart: {@code /apis/apps/v1/namespaces/ns/deployments/web/status}.
 *
 * <p>The stock mock keeps its own (looser) parser for storage keys; this one exists so that our
 * write handlers can reason about group, subresource and query parameters explicitly. Public for
 * tests that reason about logged requests as RBAC does (group, resource, subresource, namespace).
 */
public record ResourcePath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  private static final Pattern PATH =
      Pattern.compile(
          "^/(?:api|apis/(?<group>[^/]+))/(?<version>[^/]+)"
              + "(?:/namespaces/(?<namespace>[^/]+))?"
              + "/(?<plural>[^/]+)(?:/(?<name>[^/]+))?(?:/(?<subresource>[^/]+))?$");

  /** Groups served by a real API server itself; everything else comes from a CRD. */
  private static final Set<String> BUILT_IN_GROUPS_WITHOUT_DOTS =
      Set.of("", "apps", "batch", "autoscaling", "policy", "extensions");

  /** The parts of a resource path; empty for other paths (discovery, {@code /version}). */
  public static Optional<ResourcePath> parse(String uri) {
    int queryStart = uri.indexOf('?');
    String path = queryStart < 0 ? uri : uri.substring(0, queryStart);
    String rawQuery = queryStart < 0 ? "" : uri.substring(queryStart + 1);
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    String group = m.group("group") == null ? "" : m.group("group");
    if (group.isEmpty() && m.group("namespace") != null && m.group("name") == null) {
      // "/api/v1/namespaces/foo/status" is the status of namespace foo, not a kind "status".
      String plural = m.group("plural");
      if (plural.equals("status") || plural.equals("finalize")) {
        return Optional.of(
            new ResourcePath(
                group,
                m.group("version"),
                null,
                "namespaces",
                m.group("namespace"),
                plural,
                parseQuery(rawQuery)));
      }
    }
    return Optional.of(
        new ResourcePath(
            group,
            m.group("version"),
            m.group("namespace"),
            m.group("plural"),
            m.group("name"),
            m.group("subresource"),
            parseQuery(rawQuery)));
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }

  boolean isBuiltInGroup() {
    return BUILT_IN_GROUPS_WITHOUT_DOTS.contains(group) || group.endsWith(".k8s.io");
  }

  boolean isStatus() {
    return "status".equals(subresource);
  }

  boolean isScale() {
    return "scale".equals(subresource);
  }

  /** Path of the object itself, without subresource and query: the key the store understands. */
  String objectPath() {
    return collectionPath() + "/" + name;
  }

  String collectionPath() {
    StringBuilder sb = new StringBuilder(group.isEmpty() ? "/api" : "/apis/" + group);
    sb.append('/').append(version);
    if (namespace != null) {
      sb.append("/namespaces/").append(namespace);
    }
    return sb.append('/').append(plural).toString();
  }

  /**
   * The path with a different object name (a POST to a collection names the object in its body).
   */
  ResourcePath withName(String newName) {
    return new ResourcePath(group, version, namespace, plural, newName, subresource, query);
  }

  Optional<String> queryParameter(String key) {
    return Optional.ofNullable(query.get(key)).filter(v -> !v.isEmpty());
  }
}
