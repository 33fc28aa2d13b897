package com.suresoft.ams.operator.model.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.release.ReleasePlanner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exporter a ServiceMonitor scrapes exists: for each ServiceMonitor the operator emits, the
 * Services it selects expose its port (exactly one of them, or Prometheus scrapes a pod twice), and
 * the pods those Services select run a container with that port, which takes its credentials from
 * the Secret only. The expectations come from the ServiceMonitor objects, not from copies here.
 */
class ScrapeTargetsExistTest {
  private static final String GENERATED = "GENERATED-";

  static Stream<Path> samples() throws IOException {
    try (var files = Files.list(TestInstances.projectRoot().resolve("samples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  private static List<HasMetadata> render(InstanceModel model) {
    // The generator's values would show up if anything put a credential into an object.
    return Stack.objects(
        model, ReleasePlanner.steady(model, Slot.blue), Map.of(), k -> GENERATED + k);
  }

  private record Workload(String name, PodTemplateSpec template) {}

  private static List<Workload> workloads(List<HasMetadata> objects) {
    return objects.stream()
        .<Workload>mapMulti(
            (o, out) -> {
              if (o instanceof StatefulSet s) {
                out.accept(new Workload(s.getMetadata().getName(), s.getSpec().getTemplate()));
              } else if (o instanceof Deployment d) {
                out.accept(new Workload(d.getMetadata().getName(), d.getSpec().getTemplate()));
              }
            })
        .toList();
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
    return labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource monitor) {
    return (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everyScrapedExporterPortExistsOnOneServiceAndItsPods(Path sample) throws IOException {
    var instance =
        new KubernetesSerialization().unmarshal(Files.readString(sample), AmsInstance.class);
    var model = InstanceModel.of(instance);
    var objects = render(model);
    var monitors =
        objects.stream()
            .filter(o -> o.getKind().equals(ServiceMonitors.KIND))
            .map(GenericKubernetesResource.class::cast)
            .toList();
    var services =
        objects.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
    var workloads = workloads(objects);
    for (var monitor : monitors) {
      var spec = spec(monitor);
      @SuppressWarnings("unchecked")
      var selector =
          (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
      @SuppressWarnings("unchecked")
      var namespaces =
          (List<String>) ((Map<String, Object>) spec.get("namespaceSelector")).get("matchNames");
      @SuppressWarnings("unchecked")
      var endpoints = (List<Map<String, Object>>) spec.get("endpoints");
      for (var endpoint : endpoints) {
        String portName = (String) endpoint.get("port");
        if (!portName.equals(ScrapeTarget.METRICS_PORT)) {
          continue; // the API's own port; the app tier has its own tests
        }
        String what = sample.getFileName() + " " + monitor.getMetadata().getName();
        var exposing =
            services.stream()
                .filter(s -> namespaces.contains(s.getMetadata().getNamespace()))
                .filter(s -> matches(s.getMetadata().getLabels(), selector))
                .filter(s -> port(s, portName) != null)
                .toList();
        assertThat(exposing).as(what + ": Services exposing " + portName).hasSize(1);
        var service = exposing.get(0);
        var servicePort = port(service, portName);
        assertThat(servicePort.getTargetPort().getStrVal()).as(what).isEqualTo(portName);
        var pods =
            workloads.stream()
                .filter(w -> matches(w.template().getMetadata().getLabels(), selector))
                .filter(
                    w ->
                        matches(
                            w.template().getMetadata().getLabels(),
                            service.getSpec().getSelector()))
                .toList();
        assertThat(pods)
            .as(what + ": workloads behind " + service.getMetadata().getName())
            .isNotEmpty();
        for (var pod : pods) {
          var exporters =
              pod.template().getSpec().getContainers().stream()
                  .filter(c -> containerPort(c, portName) != null)
                  .toList();
          assertThat(exporters).as(what + ": containers of " + pod.name()).hasSize(1);
          assertCredentialsFromSecret(model, what, exporters.get(0));
          var sc = exporters.get(0).getSecurityContext();
          assertThat(sc.getRunAsNonRoot()).as(what).isTrue();
          assertThat(sc.getReadOnlyRootFilesystem()).as(what).isTrue();
          assertThat(sc.getAllowPrivilegeEscalation()).as(what).isFalse();
        }
      }
    }
  }

  private static void assertCredentialsFromSecret(InstanceModel model, String what, Container c) {
    var fromSecret = 0;
    for (var env : c.getEnv()) {
      if (env.getValueFrom() != null) {
        var ref = env.getValueFrom().getSecretKeyRef();
        assertThat(ref).as(what + " " + env.getName()).isNotNull();
        assertThat(ref.getName()).as(what + " " + env.getName()).isEqualTo(model.names().secrets());
        fromSecret++;
      } else {
        assertThat(Objects.toString(env.getValue(), ""))
            .as(what + " " + env.getName())
            .doesNotContain(GENERATED);
      }
    }
    assertThat(fromSecret).as(what + ": credentials from the Secret").isPositive();
    assertThat(c.getArgs()).as(what).noneMatch(a -> a.contains(GENERATED));
  }

  @Test
  void productionScrapesPostgresPgBouncerAndRedisExporters() {
    var model = InstanceModel.of(TestInstances.sample("production"));
    var scraped =
        ScrapeTarget.of(model).stream()
            .filter(t -> t.port().equals(ScrapeTarget.METRICS_PORT))
            .map(ScrapeTarget::component)
            .toList();
    assertThat(scraped)
        .containsExactlyInAnyOrder(Component.POSTGRES, Component.PGBOUNCER, Component.REDIS);
    // The parameterized test would pass vacuously if render emitted no ServiceMonitors.
    assertThat(render(model)).filteredOn(o -> o.getKind().equals(ServiceMonitors.KIND)).hasSize(4);
  }

  private static ServicePort port(Service s, String name) {
    return s.getSpec().getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElse(null);
  }

  private static ContainerPort containerPort(Container c, String name) {
    return c.getPorts() == null
        ? null
        : c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
  }
}
