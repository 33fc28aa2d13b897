package com.suresoft.ams.operator.security;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Kubernetes Pod Security Standards
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), {@code baseline} and
 * {@code restricted} profiles, as checks on a pod template. Rule names are the standard's control
 * names; {@code restricted} includes every {@code baseline} control. Containers are the containers,
 * init containers and ephemeral containers of the pod.
 */
public final class PodSecurityStandards {

  public enum Level {
    BASELINE,
    RESTRICTED
  }

  /** One broken control: its name, where (pod or container) and what was found. */
  public record Violation(String control, String where, String found) {
    @Override
    public String toString() {
      return control + " at " + where + ": " + found;
    }
  }

  static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  static final String APPARMOR_ANNOTATION_PREFIX =
      "container.apparmor.security.beta.kubernetes.io/";

  private PodSecurityStandards() {}

  /** A container of the pod, whichever list it is in. */
  private record Container(
      String where,
      SecurityContext sc,
      List<io.fabric8.kubernetes.api.model.ContainerPort> ports) {}

  public static List<Violation> check(ObjectMeta podMeta, PodSpec pod, Level level) {
    var v = new ArrayList<Violation>();
    var psc =
        pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
    var containers = containers(pod);
    baseline(podMeta, pod, psc, containers, v);
    if (level == Level.RESTRICTED) {
      restricted(pod, psc, containers, v);
    }
    return v;
  }

  private static void baseline(
      ObjectMeta meta,
      PodSpec pod,
      PodSecurityContext psc,
      List<Container> containers,
      List<Violation> v) {
    // HostProcess
    if (psc.getWindowsOptions() != null
        && Boolean.TRUE.equals(psc.getWindowsOptions().getHostProcess())) {
      v.add(new Violation("HostProcess", "pod", "windowsOptions.hostProcess: true"));
    }
    for (Container c : containers) {
      if (c.sc() != null
          && c.sc().getWindowsOptions() != null
          && Boolean.TRUE.equals(c.sc().getWindowsOptions().getHostProcess())) {
        v.add(new Violation("HostProcess", c.where(), "windowsOptions.hostProcess: true"));
      }
    }
    // Host Namespaces
    if (Boolean.TRUE.equals(pod.getHostNetwork())) {
      v.add(new Violation("Host Namespaces", "pod", "hostNetwork: true"));
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      v.add(new Violation("Host Namespaces", "pod", "hostPID: true"));
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      v.add(new Violation("Host Namespaces", "pod", "hostIPC: true"));
    }
    for (Container c : containers) {
      var sc = c.sc();
      // Privileged Containers
      if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
        v.add(new Violation("Privileged Containers", c.where(), "privileged: true"));
      }
      // Capabilities (baseline): nothing beyond the default set may be added.
      for (String add : added(sc)) {
        if (!BASELINE_CAPABILITIES.contains(add)) {
          v.add(new Violation("Capabilities", c.where(), "adds " + add));
        }
      }
      // Host Ports
      if (c.ports() != null) {
        for (var port : c.ports()) {
          if (port.getHostPort() != null && port.getHostPort() != 0) {
            v.add(new Violation("Host Ports", c.where(), "hostPort " + port.getHostPort()));
          }
        }
      }
      // /proc Mount Type
      if (sc != null && sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
        v.add(new Violation("/proc Mount Type", c.where(), "procMount " + sc.getProcMount()));
      }
      // AppArmor (field)
      if (sc != null && sc.getAppArmorProfile() != null) {
        appArmor(sc.getAppArmorProfile().getType(), c.where(), v);
      }
      // SELinux
      if (sc != null && sc.getSeLinuxOptions() != null) {
        seLinux(sc.getSeLinuxOptions(), c.where(), v);
      }
      // Seccomp (baseline): never Unconfined.
      if (sc != null && unconfined(sc.getSeccompProfile())) {
        v.add(new Violation("Seccomp", c.where(), "seccompProfile Unconfined"));
      }
    }
    // HostPath Volumes
    for (Volume vol : volumes(pod)) {
      if (vol.getHostPath() != null) {
        v.add(new Violation("HostPath Volumes", "volume " + vol.getName(), "hostPath"));
      }
    }
    // AppArmor (pod field and legacy annotations)
    if (psc.getAppArmorProfile() != null) {
      appArmor(psc.getAppArmorProfile().getType(), "pod", v);
    }
    if (meta != null && meta.getAnnotations() != null) {
      meta.getAnnotations()
          .forEach(
              (k, value) -> {
                if (k.startsWith(APPARMOR_ANNOTATION_PREFIX)
                    && !"runtime/default".equals(value)
                    && !value.startsWith("localhost/")) {
                  v.add(new Violation("AppArmor", "annotation " + k, value));
                }
              });
    }
    if (psc.getSeLinuxOptions() != null) {
      seLinux(psc.getSeLinuxOptions(), "pod", v);
    }
    if (unconfined(psc.getSeccompProfile())) {
      v.add(new Violation("Seccomp", "pod", "seccompProfile Unconfined"));
    }
    // Sysctls
    if (psc.getSysctls() != null) {
      for (var s : psc.getSysctls()) {
        if (!SAFE_SYSCTLS.contains(s.getName())) {
          v.add(new Violation("Sysctls", "pod", s.getName()));
        }
      }
    }
  }

  private static void restricted(
      PodSpec pod, PodSecurityContext psc, List<Container> containers, List<Violation> v) {
    // Volume Types
    for (Volume vol : volumes(pod)) {
      boolean allowed =
          vol.getConfigMap() != null
              || vol.getCsi() != null
              || vol.getDownwardAPI() != null
              || vol.getEmptyDir() != null
              || vol.getEphemeral() != null
              || vol.getPersistentVolumeClaim() != null
              || vol.getProjected() != null
              || vol.getSecret() != null
              || vol.getImage() != null;
      if (!allowed) {
        v.add(new Violation("Volume Types", "volume " + vol.getName(), "type not allowed"));
      }
    }
    boolean podNonRoot = Boolean.TRUE.equals(psc.getRunAsNonRoot());
    boolean podSeccomp = confined(psc.getSeccompProfile());
    if (Objects.equals(psc.getRunAsUser(), 0L)) {
      v.add(new Violation("Running as Non-root user", "pod", "runAsUser: 0"));
    }
    for (Container c : containers) {
      var sc = c.sc() == null ? new SecurityContext() : c.sc();
      // Privilege Escalation
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        v.add(
            new Violation(
                "Privilege Escalation", c.where(), "allowPrivilegeEscalation is not false"));
      }
      // Running as Non-root: set true on the pod or the container, and false nowhere.
      if (Boolean.FALSE.equals(sc.getRunAsNonRoot())
          || (!podNonRoot && !Boolean.TRUE.equals(sc.getRunAsNonRoot()))) {
        v.add(new Violation("Running as Non-root", c.where(), "runAsNonRoot is not true"));
      }
      // Running as Non-root user
      if (Objects.equals(sc.getRunAsUser(), 0L)) {
        v.add(new Violation("Running as Non-root user", c.where(), "runAsUser: 0"));
      }
      // Seccomp (restricted): RuntimeDefault or Localhost, on the pod or on every container.
      if (sc.getSeccompProfile() != null ? !confined(sc.getSeccompProfile()) : !podSeccomp) {
        v.add(
            new Violation("Seccomp", c.where(), "no RuntimeDefault or Localhost seccomp profile"));
      }
      // Capabilities (restricted): drop ALL, add at most NET_BIND_SERVICE.
      var caps = sc.getCapabilities();
      if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
        v.add(new Violation("Capabilities", c.where(), "does not drop ALL"));
      }
      for (String add : added(sc)) {
        if (!"NET_BIND_SERVICE".equals(add)) {
          v.add(new Violation("Capabilities", c.where(), "adds " + add));
        }
      }
    }
  }

  private static List<Container> containers(PodSpec pod) {
    var result = new ArrayList<Container>();
    if (pod.getInitContainers() != null) {
      pod.getInitContainers()
          .forEach(
              c ->
                  result.add(
                      new Container(
                          "initContainer " + c.getName(), c.getSecurityContext(), c.getPorts())));
    }
    if (pod.getContainers() != null) {
      pod.getContainers()
          .forEach(
              c ->
                  result.add(
                      new Container(
                          "container " + c.getName(), c.getSecurityContext(), c.getPorts())));
    }
    if (pod.getEphemeralContainers() != null) {
      pod.getEphemeralContainers()
          .forEach(
              c ->
                  result.add(
                      new Container(
                          "ephemeralContainer " + c.getName(),
                          c.getSecurityContext(),
                          c.getPorts())));
    }
    return result;
  }

  private static List<Volume> volumes(PodSpec pod) {
    return pod.getVolumes() == null ? List.of() : pod.getVolumes();
  }

  private static List<String> added(SecurityContext sc) {
    Capabilities caps = sc == null ? null : sc.getCapabilities();
    return caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
  }

  private static void appArmor(String type, String where, List<Violation> v) {
    if (type != null && !"RuntimeDefault".equals(type) && !"Localhost".equals(type)) {
      v.add(new Violation("AppArmor", where, "appArmorProfile " + type));
    }
  }

  private static void seLinux(
      io.fabric8.kubernetes.api.model.SELinuxOptions o, String where, List<Violation> v) {
    if (o.getType() != null && !SELINUX_TYPES.contains(o.getType())) {
      v.add(new Violation("SELinux", where, "type " + o.getType()));
    }
    if (o.getUser() != null && !o.getUser().isEmpty()) {
      v.add(new Violation("SELinux", where, "user " + o.getUser()));
    }
    if (o.getRole() != null && !o.getRole().isEmpty()) {
      v.add(new Violation("SELinux", where, "role " + o.getRole()));
    }
  }

  private static boolean unconfined(SeccompProfile p) {
    return p != null && "Unconfined".equals(p.getType());
  }

  private static boolean confined(SeccompProfile p) {
    return p != null && ("RuntimeDefault".equals(p.getType()) || "Localhost".equals(p.getType()));
  }
}
