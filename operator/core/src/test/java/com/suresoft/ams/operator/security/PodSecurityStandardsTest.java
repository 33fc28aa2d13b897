package com.suresoft.ams.operator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.security.PodSecurityStandards.Level;
import com.suresoft.ams.operator.security.PodSecurityStandards.Violation;
import io.fabric8.kubernetes.api.model.AppArmorProfileBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SELinuxOptionsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SysctlBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptionsBuilder;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The checker itself: a compliant pod passes, and breaking any one control is reported. */
class PodSecurityStandardsTest {

  /** A pod that meets restricted, with an init container so both lists are exercised. */
  private static PodSpec compliant() {
    return new PodSpecBuilder()
        .withSecurityContext(PodSecurity.pod(1000))
        .addNewInitContainer()
        .withName("init")
        .withImage("busybox")
        .withSecurityContext(PodSecurity.container())
        .endInitContainer()
        .addNewContainer()
        .withName("app")
        .withImage("nginx")
        .withSecurityContext(PodSecurity.container(List.of("NET_BIND_SERVICE")))
        .addNewPort()
        .withContainerPort(80)
        .endPort()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .build();
  }

  private static SecurityContext app(PodSpec p) {
    return p.getContainers().get(0).getSecurityContext();
  }

  private static ObjectMeta meta() {
    return new ObjectMetaBuilder().build();
  }

  @Test
  void aCompliantPodPassesBothProfiles() {
    assertThat(PodSecurityStandards.check(meta(), compliant(), Level.RESTRICTED)).isEmpty();
    assertThat(PodSecurityStandards.check(meta(), compliant(), Level.BASELINE)).isEmpty();
  }

  static Stream<Arguments> baselineBreaks() {
    return Stream.of(
        breaks(
            "HostProcess",
            (p, m) ->
                app(p)
                    .setWindowsOptions(
                        new WindowsSecurityContextOptionsBuilder().withHostProcess(true).build())),
        breaks("Host Namespaces", (p, m) -> p.setHostNetwork(true)),
        breaks("Host Namespaces", (p, m) -> p.setHostPID(true)),
        breaks("Host Namespaces", (p, m) -> p.setHostIPC(true)),
        breaks("Privileged Containers", (p, m) -> app(p).setPrivileged(true)),
        breaks("Capabilities", (p, m) -> app(p).getCapabilities().setAdd(List.of("SYS_ADMIN"))),
        breaks(
            "HostPath Volumes",
            (p, m) ->
                p.getVolumes()
                    .add(
                        new VolumeBuilder()
                            .withName("host")
                            .withNewHostPath()
                            .withPath("/")
                            .endHostPath()
                            .build())),
        breaks(
            "Host Ports",
            (p, m) ->
                p.getContainers()
                    .get(0)
                    .setPorts(
                        List.of(
                            new ContainerPortBuilder()
                                .withContainerPort(80)
                                .withHostPort(80)
                                .build()))),
        breaks(
            "AppArmor",
            (p, m) ->
                app(p)
                    .setAppArmorProfile(
                        new AppArmorProfileBuilder().withType("Unconfined").build())),
        breaks(
            "AppArmor",
            (p, m) ->
                m.setAnnotations(
                    java.util.Map.of(
                        "container.apparmor.security.beta.kubernetes.io/app", "unconfined"))),
        breaks(
            "SELinux",
            (p, m) ->
                app(p).setSeLinuxOptions(new SELinuxOptionsBuilder().withType("spc_t").build())),
        breaks(
            "SELinux",
            (p, m) ->
                p.getSecurityContext()
                    .setSeLinuxOptions(new SELinuxOptionsBuilder().withUser("system_u").build())),
        breaks("/proc Mount Type", (p, m) -> app(p).setProcMount("Unmasked")),
        breaks(
            "Seccomp",
            (p, m) ->
                app(p)
                    .setSeccompProfile(new SeccompProfileBuilder().withType("Unconfined").build())),
        breaks(
            "Sysctls",
            (p, m) ->
                p.getSecurityContext()
                    .setSysctls(
                        List.of(
                            new SysctlBuilder()
                                .withName("kernel.msgmax")
                                .withValue("1")
                                .build()))));
  }

  static Stream<Arguments> restrictedOnlyBreaks() {
    return Stream.of(
        breaks(
            "Volume Types",
            (p, m) ->
                p.getVolumes()
                    .add(
                        new VolumeBuilder()
                            .withName("nfs")
                            .withNewNfs()
                            .withServer("nfs")
                            .withPath("/")
                            .endNfs()
                            .build())),
        breaks("Privilege Escalation", (p, m) -> app(p).setAllowPrivilegeEscalation(null)),
        breaks(
            "Privilege Escalation",
            (p, m) ->
                p.getInitContainers()
                    .get(0)
                    .getSecurityContext()
                    .setAllowPrivilegeEscalation(true)),
        breaks(
            "Running as Non-root",
            (p, m) -> {
              p.getSecurityContext().setRunAsNonRoot(null);
              app(p).setRunAsNonRoot(null);
            }),
        breaks("Running as Non-root", (p, m) -> app(p).setRunAsNonRoot(false)),
        breaks("Running as Non-root user", (p, m) -> app(p).setRunAsUser(0L)),
        breaks("Running as Non-root user", (p, m) -> p.getSecurityContext().setRunAsUser(0L)),
        breaks(
            "Seccomp",
            (p, m) -> {
              p.getSecurityContext().setSeccompProfile(null);
              app(p).setSeccompProfile(null);
            }),
        breaks("Capabilities", (p, m) -> app(p).getCapabilities().setDrop(List.of("NET_RAW"))),
        breaks("Capabilities", (p, m) -> app(p).getCapabilities().setAdd(List.of("CHOWN"))));
  }

  private static Arguments breaks(String control, BiConsumer<PodSpec, ObjectMeta> change) {
    return Arguments.of(control, change);
  }

  @ParameterizedTest(name = "baseline: {0}")
  @MethodSource("baselineBreaks")
  void eachBaselineControlIsCheckedByBothProfiles(
      String control, BiConsumer<PodSpec, ObjectMeta> change) {
    var pod = compliant();
    var meta = meta();
    change.accept(pod, meta);
    for (Level level : Level.values()) {
      assertThat(PodSecurityStandards.check(meta, pod, level))
          .as(level.name())
          .extracting(Violation::control)
          .contains(control);
    }
  }

  @ParameterizedTest(name = "restricted: {0}")
  @MethodSource("restrictedOnlyBreaks")
  void eachRestrictedControlIsCheckedByRestrictedOnly(
      String control, BiConsumer<PodSpec, ObjectMeta> change) {
    var pod = compliant();
    var meta = meta();
    change.accept(pod, meta);
    assertThat(PodSecurityStandards.check(meta, pod, Level.RESTRICTED))
        .extracting(Violation::control)
        .contains(control);
    assertThat(PodSecurityStandards.check(meta, pod, Level.BASELINE))
        .extracting(Violation::control)
        .doesNotContain(control);
  }

  @Test
  void podTemplatesAreFoundInAnyKindIncludingCronJobs() {
    var cronJob =
        new io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder()
            .withNewMetadata()
            .withName("backup")
            .endMetadata()
            .withNewSpec()
            .withSchedule("0 2 * * *")
            .withNewJobTemplate()
            .withNewSpec()
            .withNewTemplate()
            .withNewMetadata()
            .addToAnnotations("a", "b")
            .endMetadata()
            .withSpec(compliant())
            .endTemplate()
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build();
    var templates = PodTemplates.in(cronJob);
    assertThat(templates).hasSize(1);
    assertThat(templates.get(0).where())
        .isEqualTo("CronJob/backup.spec.jobTemplate.spec.template.spec");
    assertThat(templates.get(0).metadata().getAnnotations()).containsEntry("a", "b");
    assertThat(templates.get(0).spec().getInitContainers()).hasSize(1);
  }
}
