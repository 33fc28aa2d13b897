package com.suresoft.ams.operator.model.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Prefix matching of Prometheus URLs against {@code --allowed-prometheus-urls}, done on the URL the
 * HTTP client will actually connect to rather than on the string: a plain {@code startsWith} lets
 * {@code http://prometheus-operated.monitoring:9090@evil} (userinfo, host {@code evil}) or {@code
 * http://prometheus-operated.monitoring:90901} through. Both the value and each entry are reduced
 * to {@code scheme://host:port/path} (scheme and host in lower case, the default port made
 * explicit, the path normalised), and an entry matches only up to a path-segment boundary.
 */
public final class PrometheusUrls {
  private PrometheusUrls() {}

  /**
   * The URL as the client will use it, or empty when it is not one the operator sends requests to:
   * not http(s), no server-based host (a registry-based authority such as {@code host:9090.evil}),
   * userinfo (credentials in the URL, and the classic way to disguise the host), a query or a
   * fragment (the client replaces them anyway).
   */
  public static Optional<String> normalize(String url) {
    if (url == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.trim()).parseServerAuthority().normalize();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return Optional.empty();
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.startsWith("/..") || path.contains("/../")) {
      // normalize() keeps leading ".." segments: a path that climbs above the root means nothing.
      return Optional.empty();
    }
    return Optional.of(
        scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + trimSlash(path));
  }

  /** Whether {@code url} lies under one of {@code allowed}'s entries (after normalising both). */
  public static boolean allowed(AllowList allowed, String url) {
    if (allowed.any()) {
      return true;
    }
    var value = normalize(url);
    if (value.isEmpty()) {
      return false;
    }
    return allowed.entries().stream()
        .map(PrometheusUrls::normalize)
        .flatMap(Optional::stream)
        .anyMatch(entry -> under(value.get(), entry));
  }

  /** Why {@code url} cannot be checked at all, if it cannot; for the error message. */
  public static Optional<String> malformed(String url) {
    return normalize(url).isPresent()
        ? Optional.empty()
        : Optional.of(
            "is not a plain http(s)://host[:port][/path] URL (no credentials, query or fragment)");
  }

  private static boolean under(String value, String entry) {
    return value.equals(entry) || value.startsWith(entry + "/");
  }

  private static String trimSlash(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
