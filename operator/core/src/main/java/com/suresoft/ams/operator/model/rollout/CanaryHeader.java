package com.suresoft.ams.operator.model.rollout;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.model.InstanceModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The header that sends a request to the canary whatever the weight. Its value defaults to a token
 * of the instance, not to a well-known {@code true}: with a guessable value anyone on the internet
 * could reach the candidate before it is promoted and skew its analysis with their own requests.
 *
 * <p>The token is derived from the instance's {@code metadata.uid}, which the API server generates
 * at random once, when the instance is created, and which never changes while it exists: so the
 * token is random per instance, kept for its life, and needs no storage that could be lost or raced
 * (a new instance, e.g. a re-created one, gets a new token). Nobody outside the cluster sees the
 * uid; whoever may read the instance sees the token in {@code status.release.canaryHeader} anyway.
 * A value set in {@code release.canary.headerRoute.value} wins.
 */
public final class CanaryHeader {

  /** Default header name (the seed's). */
  public static final String DEFAULT_NAME = "canary";

  private CanaryHeader() {}

  /** The value the routes match: the spec's, else the instance's token. */
  public static String defaultValue(AmsInstance instance) {
    String uid = instance.getMetadata().getUid();
    // Only an instance never stored has no uid (render, tests); its routes are not served.
    String seed =
        uid != null
            ? "uid:" + uid
            : "unstored:"
                + instance.getMetadata().getNamespace()
                + "/"
                + instance.getMetadata().getName();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("ams.suresoft.com/canary-header\0" + seed).getBytes(StandardCharsets.UTF_8));
      // 128 bits, URL- and header-safe.
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(java.util.Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Puts the default value into a resolved spec whose header value the user left unset (as {@code
   * given} shows it).
   */
  public static void resolve(AmsInstance instance, AmsInstanceSpec resolved) {
    var header = resolved.getRelease().getCanary().getHeaderRoute();
    if (header.getValue() == null) {
      header.setValue(defaultValue(instance));
    }
  }

  /** {@code name: value} for {@code status.release} while the strategy is Canary. */
  public static Optional<String> shown(InstanceModel m) {
    var release = m.spec().getRelease();
    if (release.getStrategy() != ReleaseStrategy.Canary) {
      return Optional.empty();
    }
    var header = release.getCanary().getHeaderRoute();
    return Optional.of(header.getName() + ": " + header.getValue());
  }
}
