package com.suresoft.ams.operator.model;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.List;

/**
 * Security contexts that meet the Pod Security Standards {@code restricted} profile: non-root, no
 * privilege escalation, every capability dropped (only NET_BIND_SERVICE may come back),
 * RuntimeDefault seccomp, and a read-only root filesystem (writable paths are emptyDirs).
 */
public final class PodSecurity {
  private PodSecurity() {}

  public static PodSecurityContext pod(long uid) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** A container that needs no capability. */
  public static SecurityContext container() {
    return container(List.of());
  }

  /** A container that adds back {@code add} (restricted allows only NET_BIND_SERVICE). */
  public static SecurityContext container(List<String> add) {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .withAdd(add.isEmpty() ? null : add)
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }
}
