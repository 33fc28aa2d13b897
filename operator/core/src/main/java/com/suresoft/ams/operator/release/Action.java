package com.suresoft.ams.operator.release;

import java.util.Optional;

/**
 * What an engineer asks of a release, through an annotation on the instance holding a fresh token.
 * Annotations (not spec fields) so plain {@code kubectl annotate} works and a GitOps repo sees no
 * drift; the token makes each request act once, however often the instance is reconciled.
 */
public enum Action {
  PROMOTE("promote"),
  PROMOTE_FULL("promote-full"),
  ABORT("abort"),
  RETRY("retry");

  public static final String PREFIX = "ams.suresoft.com/";

  private final String key;

  Action(String key) {
    this.key = key;
  }

  /** The key in {@code status.release.handledActions}, e.g. {@code promote-full}. */
  public String key() {
    return key;
  }

  /** The annotation, e.g. {@code ams.suresoft.com/promote-full}. */
  public String annotation() {
    return PREFIX + key;
  }

  /** The action a CLI verb or key names, e.g. {@code promote-full}. */
  public static Optional<Action> ofKey(String key) {
    for (Action a : values()) {
      if (a.key.equals(key)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
