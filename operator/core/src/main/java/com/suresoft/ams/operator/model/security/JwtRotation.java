package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.operator.model.SecretKeys;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rotating the generated JWT secrets on purpose: the annotation {@value #ANNOTATION} with a fresh
 * token (any unique string, so plain kubectl works and a GitOps repo can hold it) makes the
 * operator generate new {@code jwt-access-secret} and {@code jwt-refresh-secret} once; the token is
 * then recorded in {@code status.handledTokens} under {@value #HANDLED_KEY}. Nothing else is
 * regenerated: database and cache passwords guard data and are never rotated implicitly.
 */
public final class JwtRotation {
  public static final String ANNOTATION = "ams.suresoft.com/rotate-jwt";
  public static final String HANDLED_KEY = "rotate-jwt";

  private JwtRotation() {}

  /** The token to act on: set on the instance and not the one handled last. */
  public static Optional<String> pending(
      Map<String, String> annotations, Map<String, String> handledTokens) {
    String token = annotations == null ? null : annotations.get(ANNOTATION);
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    String handled = handledTokens == null ? null : handledTokens.get(HANDLED_KEY);
    return Objects.equals(token, handled) ? Optional.empty() : Optional.of(token);
  }

  /** The existing values without the JWT secrets, so that the generator makes new ones. */
  public static Map<String, String> forget(Map<String, String> existing) {
    var rest = new TreeMap<>(existing);
    rest.remove(SecretKeys.JWT_ACCESS_SECRET);
    rest.remove(SecretKeys.JWT_REFRESH_SECRET);
    return rest;
  }

  /** {@code handledTokens} with {@code token} recorded. */
  public static Map<String, String> handled(Map<String, String> handledTokens, String token) {
    var result = new TreeMap<String, String>();
    if (handledTokens != null) {
      result.putAll(handledTokens);
    }
    result.put(HANDLED_KEY, token);
    return result;
  }
}
