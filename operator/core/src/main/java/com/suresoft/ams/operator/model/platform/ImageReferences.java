package com.suresoft.ams.operator.model.platform;

import java.util.Locale;

/**
 * Registry matching of container images against {@code --allowed-image-registries}, on the
 * repository the container runtime will pull from: an image's first path segment is its registry
 * when it holds a '.' or ':' or is {@code localhost}; otherwise the image is on Docker Hub ({@code
 * docker.io}, with {@code library/} for official images, as Docker reads {@code postgres:15}). An
 * entry such as {@code ghcr.io/suresoft} matches {@code ghcr.io/suresoft/ams-web:1.0} but not
 * {@code ghcr.io/suresoft-evil/x}: entries match whole path segments.
 */
public final class ImageReferences {
  private ImageReferences() {}

  /** {@code registry/path} of {@code image}, without tag or digest. */
  public static String repository(String image) {
    String ref = image.trim();
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
    }
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) {
      ref = ref.substring(0, colon);
    }
    int first = ref.indexOf('/');
    String head = first < 0 ? "" : ref.substring(0, first);
    boolean hasRegistry =
        first >= 0 && (head.contains(".") || head.contains(":") || head.equals("localhost"));
    if (!hasRegistry) {
      return "docker.io/" + (first < 0 ? "library/" : "") + ref;
    }
    String registry = head.toLowerCase(Locale.ROOT);
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      registry = "docker.io";
    }
    return registry + ref.substring(first);
  }

  /** Whether {@code image} comes from under one of {@code allowed}'s entries. */
  public static boolean allowed(AllowList allowed, String image) {
    if (allowed.any()) {
      return true;
    }
    String repository = repository(image);
    return allowed.entries().stream()
        .map(ImageReferences::entry)
        .anyMatch(e -> repository.equals(e) || repository.startsWith(e + "/"));
  }

  /** An entry as written ({@code GHCR.io/suresoft/}) in the form {@link #repository} gives. */
  private static String entry(String written) {
    String e = written.trim();
    while (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    int first = e.indexOf('/');
    String host = (first < 0 ? e : e.substring(0, first)).toLowerCase(Locale.ROOT);
    if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
      host = "docker.io";
    }
    return first < 0 ? host : host + e.substring(first);
  }
}
