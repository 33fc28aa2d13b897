package com.suresoft.ams.operator.model.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppServices;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The release's Jobs, Services, Istio objects and canary Ingress, built from routing intents. */
class ReleaseObjectsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static InstanceModel model(String router) {
    return InstanceModel.of(
        TestInstances.withSpec(
            "ams",
            """
            tier: Development
            version: "1.1.0"
            imageRegistry: ghcr.io/suresoft
            ingress: {enabled: true, host: ams.example.com}
            api: {env: [{name: LOG_LEVEL, value: debug}]}
            release:
              strategy: Canary
              canary: {trafficRouter: %s, headerRoute: {name: x-canary, value: "yes"}}
              migration: {command: [npm, run, migrate], activeDeadlineSeconds: 300}
            """
                .formatted(router)));
  }

  /** An Istio canary whose VirtualServices also serve the edge through two Istio Gateways. */
  private static InstanceModel withGateways(String ingress) {
    return InstanceModel.of(
        TestInstances.withSpec(
            "ams",
            """
            tier: Development
            version: "1.1.0"
            ingress: %s
            release:
              strategy: Canary
              canary:
                trafficRouter: Istio
                istio: {gateways: [istio-system/public, edge/internal]}
            """
                .formatted(ingress)));
  }

  private static final String V1 = "networking.istio.io/v1";

  private static final RoutingIntent CANARY_10 =
      new RoutingIntent(null, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Istio);

  @Test
  void migrationJobRunsTheCandidateApiImageOnceWithTheApisEnvAndRestrictedSecurity() {
    var m = model("Istio");
    var request =
        new JobRequest(
            JobRequest.Kind.MIGRATION, m.names().migrationJob("1.1.0"), "1.1.0", "t0", false);
    Job job = ReleaseJobs.desired(m, request);
    assertThat(job.getMetadata().getName()).isEqualTo("ams-migrate-1-1-0");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry(JobObservation.ATTEMPT_ANNOTATION, "t0");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(Labels.COMPONENT, "migration")
        .containsEntry(Labels.VERSION, "1.1.0");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/suresoft/ams-api:1.1.0");
    assertThat(c.getCommand()).containsExactly("npm", "run", "migrate");
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getEnv())
        .extracting(EnvVar::getName)
        .contains("NODE_ENV", "DATABASE_URL", "REDIS_URL", "JWT_ACCESS_SECRET", "LOG_LEVEL");
  }

  @Test
  void smokeCheckCurlsTheApiPreviewHealthAndFailsOnAnHttpError() {
    var m = model("Istio");
    var job =
        ReleaseJobs.desired(
            m,
            new JobRequest(
                JobRequest.Kind.SMOKE_CHECK,
                m.names().smokeCheckJob("1.1.0"),
                "1.1.0",
                "t0",
                false));
    assertThat(job.getMetadata().getName()).isEqualTo("ams-smoke-1-1-0");
    var c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getCommand())
        .startsWith("curl", "-fsS")
        .endsWith("http://ams-api-preview:4000/health");
    assertThat(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
        .isTrue();
    assertThat(job.getSpec().getBackoffLimit()).isZero();
  }

  @Test
  void previewServicesSelectTheCandidateSlotOnlyWhileThereIsAPreview() {
    var m = model("Istio");
    var preview =
        ReleaseServices.preview(
            m, new RoutingIntent(Slot.blue, Slot.green, Slot.blue, Slot.green, 0, false, null));
    assertThat(preview).containsOnlyKeys("ams-api-preview", "ams-web-preview");
    assertThat(preview.get("ams-api-preview").getSpec().getSelector())
        .isEqualTo(Labels.selector("ams", Component.API, Slot.green));
    assertThat(preview.get("ams-web-preview").getSpec().getPorts().get(0).getPort()).isEqualTo(80);
    assertThat(ReleaseServices.preview(m, RoutingIntent.single(Slot.blue))).isEmpty();
  }

  @Test
  void istioVirtualServiceHasTheHeaderRouteFirstThenTheWeights() {
    var m = model("Istio");
    var vs = IstioRouting.virtualServices(m, CANARY_10, V1);
    assertThat(vs).containsOnlyKeys("ams-web", "ams-api");
    String yaml = JSON.asYaml(vs.get("ams-api"));
    assertThat(yaml)
        .contains("apiVersion: \"networking.istio.io/v1\"", "kind: \"VirtualService\"")
        .contains("- \"ams-api-service\"")
        .containsPattern(
            "(?s)- match:\\s+- headers:\\s+x-canary:\\s+exact: \"yes\"\\s+name: \"candidate-by-header\".*subset: \"green\".*name: \"weighted\"")
        .containsPattern("(?s)subset: \"blue\"\\s+weight: 90.*subset: \"green\"\\s+weight: 10");
    var dr = IstioRouting.destinationRules(m, CANARY_10, V1).get("ams-api");
    assertThat(dr.getSpec().getHost()).isEqualTo("ams-api-service");
    assertThat(dr.getSpec().getSubsets())
        .extracting(s -> s.getName() + "=" + s.getLabels().get(Labels.SLOT))
        .containsExactly("blue=blue", "green=green");
  }

  @Test
  void istioObjectsAreWrittenInTheApiVersionTheClusterServes() {
    var m = model("Istio");
    String older = "networking.istio.io/v1beta1";
    assertThat(IstioRouting.virtualServices(m, CANARY_10, older).values())
        .allSatisfy(vs -> assertThat(vs.getApiVersion()).isEqualTo(older));
    assertThat(IstioRouting.destinationRules(m, CANARY_10, older).values())
        .allSatisfy(dr -> assertThat(dr.getApiVersion()).isEqualTo(older));
    // Only the apiVersion differs: the schema is the same in both versions.
    var newer = IstioRouting.virtualServices(m, CANARY_10, V1).get("ams-api");
    var same = IstioRouting.virtualServices(m, CANARY_10, older).get("ams-api");
    assertThat(same.getSpec()).isEqualTo(newer.getSpec());
    assertThat(newer.getApiVersion()).isEqualTo(V1);
  }

  @Test
  void withoutGatewaysTheVirtualServicesServeOnlyTheMeshOnTheServiceHost() {
    var vs = IstioRouting.virtualServices(model("Istio"), CANARY_10, V1).get("ams-api").getSpec();
    assertThat(vs.getHosts()).containsExactly("ams-api-service");
    assertThat(vs.getGateways()).isNullOrEmpty();
    assertThat(vs.getHttp().get(1).getMatch()).isNullOrEmpty();
  }

  @Test
  void withGatewaysEdgeVirtualServicesBindOnlyThemOnTheIngressHostWithTheMeshSplit() {
    var m = withGateways("{enabled: true, host: ams.example.com}");
    var all = IstioRouting.virtualServices(m, CANARY_10, V1);
    assertThat(all).containsOnlyKeys("ams-web", "ams-web-edge", "ams-api", "ams-api-edge");
    for (String c : new String[] {"api", "web"}) {
      var mesh = all.get("ams-" + c).getSpec();
      var edge = all.get("ams-" + c + "-edge").getSpec();
      // The mesh VirtualService is as without gateways: the edge host is not bound to mesh, where
      // Istio would not merge web's and the API's (IST0109).
      assertThat(mesh.getGateways()).isNullOrEmpty();
      assertThat(mesh.getHosts()).containsExactly("ams-" + c + "-service");
      assertThat(edge.getGateways()).containsExactly("istio-system/public", "edge/internal");
      assertThat(edge.getHosts()).containsExactly("ams.example.com");
      // The same routes: the header route first, then the weights, to the same subsets.
      assertThat(edge.getHttp())
          .extracting(r -> r.getName())
          .containsExactly("candidate-by-header", "weighted");
      for (int i = 0; i < 2; i++) {
        assertThat(edge.getHttp().get(i).getRoute()).isEqualTo(mesh.getHttp().get(i).getRoute());
      }
      assertThat(edge.getHttp().get(1).getRoute())
          .extracting(d -> d.getDestination().getSubset() + "=" + d.getWeight())
          .containsExactly("blue=90", "green=10");
    }
  }

  @Test
  void theEdgeSplitsApiFromWebAsTheIngressDoes() {
    var m = withGateways("{enabled: true, host: ams.example.com}");
    var vs = IstioRouting.virtualServices(m, CANARY_10, V1);
    var api = vs.get("ams-api-edge").getSpec().getHttp();
    var web = vs.get("ams-web-edge").getSpec().getHttp();
    for (var route : List.of(api.get(0), api.get(1), web.get(0), web.get(1))) {
      assertThat(route.getMatch()).allSatisfy(match -> assertThat(match.getUri()).isNotNull());
    }
    // The header route's every match asks for the header; the weighted route's none.
    assertThat(api.get(0).getMatch())
        .allSatisfy(match -> assertThat(match.getHeaders()).containsKey("canary"));
    assertThat(api.get(1).getMatch())
        .allSatisfy(match -> assertThat(match.getHeaders()).isNullOrEmpty());
    String apiYaml = JSON.asYaml(api.get(1));
    assertThat(apiYaml).contains("exact: \"/api\"", "prefix: \"/api/\"");
    assertThat(api.get(1).getMatch()).hasSize(2);
    assertThat(web.get(1).getMatch()).hasSize(1);
    assertThat(JSON.asYaml(web.get(1))).contains("regex: \"" + NOT_API + "\"");
  }

  private static final String NOT_API = IstioRouting.EdgeBinding.NOT_API_PATH;

  @Test
  void webEdgePathsAreExactlyThePathsTheApiDoesNotTake() {
    // Istio merges the two VirtualServices on the gateway in no reliable order, so no path may
    // match both; Envoy matches the whole path, as String.matches does.
    var pattern = java.util.regex.Pattern.compile(NOT_API);
    for (String apiPath : List.of("/api", "/api/", "/api/assets", "/api/health/ready")) {
      assertThat(pattern.matcher(apiPath).matches()).as(apiPath).isFalse();
    }
    for (String webPath :
        List.of("/", "/a", "/ap", "/apix", "/apps", "/about", "/assets/main.js", "/x/api")) {
      assertThat(pattern.matcher(webPath).matches()).as(webPath).isTrue();
    }
  }

  @Test
  void gatewaysWithoutAnIngressHostServeNothingAtTheEdge() {
    var all = IstioRouting.virtualServices(withGateways("{enabled: false}"), CANARY_10, V1);
    assertThat(all).containsOnlyKeys("ams-web", "ams-api");
    var vs = all.get("ams-web").getSpec();
    assertThat(vs.getGateways()).isNullOrEmpty();
    assertThat(vs.getHosts()).containsExactly("ams-web-service");
  }

  @Test
  void istioSteadyStateSendsEverythingToStableWithoutAHeaderRoute() {
    var m = model("Istio");
    var steady = new RoutingIntent(null, null, Slot.green, null, 0, false, TrafficRouter.Istio);
    var route = IstioRouting.virtualServices(m, steady, V1).get("ams-web").getSpec().getHttp();
    assertThat(route)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getMatch()).isNullOrEmpty();
              assertThat(r.getRoute())
                  .singleElement()
                  .satisfies(
                      d -> {
                        assertThat(d.getDestination().getSubset()).isEqualTo("green");
                        assertThat(d.getWeight()).isEqualTo(100);
                      });
            });
    assertThat(AppServices.selector(m, Component.WEB, steady))
        .isEqualTo(Labels.selector("ams", Component.WEB))
        .doesNotContainKey(Labels.SLOT);
    assertThat(IstioRouting.virtualServices(m, RoutingIntent.single(Slot.blue), V1)).isEmpty();
  }

  @Test
  void nginxCanaryIngressCarriesWeightAndHeaderAndPointsAtCanaryServices() {
    var m = model("Nginx");
    var intent =
        new RoutingIntent(Slot.blue, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Nginx);
    var ingress = NginxCanaryIngress.desired(m, intent).orElseThrow();
    assertThat(ingress.getMetadata().getName()).isEqualTo("ams-ingress-canary");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsAllEntriesOf(
            Map.of(
                "nginx.ingress.kubernetes.io/canary", "true",
                "nginx.ingress.kubernetes.io/canary-weight", "10",
                "nginx.ingress.kubernetes.io/canary-by-header", "x-canary",
                "nginx.ingress.kubernetes.io/canary-by-header-value", "yes"));
    var rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("ams.example.com");
    assertThat(rule.getHttp().getPaths())
        .extracting(p -> p.getPath() + "->" + p.getBackend().getService().getName())
        .containsExactly("/api->ams-api-canary", "/->ams-web-canary");
    var services = ReleaseServices.canary(m, intent);
    assertThat(services).containsOnlyKeys("ams-api-canary", "ams-web-canary");
    assertThat(services.get("ams-api-canary").getSpec().getSelector())
        .containsEntry(Labels.SLOT, "green");
    // A candidate without ready pods keeps its canary objects at weight 0 and no header route,
    // so the weight coming back re-creates nothing.
    var idle =
        new RoutingIntent(Slot.blue, null, Slot.blue, Slot.green, 0, false, TrafficRouter.Nginx);
    assertThat(NginxCanaryIngress.desired(m, idle))
        .hasValueSatisfying(
            i ->
                assertThat(i.getMetadata().getAnnotations())
                    .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "0")
                    .doesNotContainKey("nginx.ingress.kubernetes.io/canary-by-header"));
    assertThat(ReleaseServices.canary(m, idle))
        .containsOnlyKeys("ams-api-canary", "ams-web-canary");
    // No candidate in its slot: none of them.
    var none = new RoutingIntent(Slot.blue, null, Slot.blue, null, 0, false, TrafficRouter.Nginx);
    assertThat(NginxCanaryIngress.desired(m, none)).isEmpty();
    assertThat(ReleaseServices.canary(m, none)).isEmpty();
  }
}
