package com.suresoft.ams.operator.model.platform;

import java.util.List;

/**
 * One of the platform's allow-lists: the values an instance may name for something that reaches
 * outside its namespace. {@code any} lists nothing and allows everything (the setting is unset and
 * its default is open); otherwise only the entries are allowed, and an empty list allows nothing.
 */
public record AllowList(boolean any, List<String> entries) {

  public AllowList {
    entries = List.copyOf(entries);
  }

  public static AllowList anything() {
    return new AllowList(true, List.of());
  }

  public static AllowList nothing() {
    return new AllowList(false, List.of());
  }

  /** The listed entries; {@code "*"} among them allows anything. */
  public static AllowList of(List<String> entries) {
    var given = entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
    return given.contains("*") ? anything() : new AllowList(false, given);
  }

  /**
   * Whether {@code value} is allowed as a whole. Prefix lists (URLs, registries) are matched by
   * {@link PrometheusUrls} and {@link ImageReferences}, on what the value means rather than on its
   * characters: a plain {@code startsWith} would let {@code http://allowed:9090@evil} through.
   */
  public boolean allows(String value) {
    return any || entries.contains(value);
  }

  /** The setting as a user would write it, for error messages. */
  public String describe() {
    return any ? "anything" : entries.isEmpty() ? "nothing" : String.join(", ", entries);
  }
}
