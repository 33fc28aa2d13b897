package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@link RoutingRecorder} turns watch events into a timeline: in the order the server applied
 * the changes, whatever order the watches delivered them in.
 */
class RoutingRecorderTest {

  @Test
  void eventsAreReplayedInTheOrderTheServerAppliedThem() {
    var arrivals = new RoutingRecorder.Arrivals();
    arrive(arrivals, "AmsInstance", instance(), false);
    arrive(arrivals, "Deployment", deployment("ams-web-green", 5, 0), false);
    // The Service's watch delivered its event before the Deployment's, though it came later: read
    // in arrival order, the selector would have been written onto a slot with no ready pod.
    arrive(arrivals, "Service", service("ams-web-service", 7, "green"), false);
    arrive(arrivals, "Deployment", deployment("ams-web-green", 6, 1), false);

    var timeline = RoutingRecorder.replay(arrivals.events());

    assertThat(timeline.get(timeline.size() - 1).cause()).isEqualTo("Service ams-web-service");
    assertThat(timeline.get(timeline.size() - 1).ready("web", "green")).isEqualTo(1);
    assertThat(new RoutingInvariants(timeline, Duration.ofSeconds(5)).violations()).isEmpty();
  }

  @Test
  void aDeletionIsPlacedByItsOwnRevisionThoughItArrivedFirst() {
    var arrivals = new RoutingRecorder.Arrivals();
    arrive(arrivals, "AmsInstance", instance(), false);
    arrive(arrivals, "Service", service("ams-web-service", 5, "blue"), false);
    arrive(arrivals, "Service", service("ams-api-service", 6, "blue"), false);
    // One watch delivered a deletion (revision 8) before another delivered the change that came
    // first (7): the web Service is switched, then the api Service goes.
    arrivals.add(
        "Service",
        service("ams-api-service", 8, "blue"),
        RoutingRecorder.Change.DELETION,
        Instant.EPOCH.plusMillis(arrivals.events().size()));
    arrive(arrivals, "Service", service("ams-web-service", 7, "green"), false);

    var timeline = RoutingRecorder.replay(arrivals.events());

    assertThat(timeline.get(timeline.size() - 1).cause())
        .isEqualTo("Service ams-api-service deleted");
    assertThat(timeline.get(timeline.size() - 2).cause()).isEqualTo("Service ams-web-service");
  }

  @Test
  void aDeletionFoundAtARelistIsPlacedAfterWhatArrivedBeforeIt() {
    var arrivals = new RoutingRecorder.Arrivals();
    arrive(arrivals, "AmsInstance", instance(), false);
    arrive(arrivals, "Service", service("ams-web-service", 5, "blue"), false);
    arrive(arrivals, "Deployment", deployment("ams-web-blue", 6, 1), false);
    // Found missing at a relist: the object is the last state seen (5), no version of its own.
    arrivals.add(
        "Service",
        service("ams-web-service", 5, "blue"),
        RoutingRecorder.Change.LOST_DELETION,
        Instant.EPOCH.plusMillis(arrivals.events().size()));

    var timeline = RoutingRecorder.replay(arrivals.events());

    var last = timeline.get(timeline.size() - 1);
    assertThat(last.cause()).isEqualTo("Service ams-web-service deleted");
    assertThat(last.route("web")).isNull();
  }

  @Test
  void anHttpRouteIsReadThroughItsBackendServicesWithItsHeaderRule() {
    var arrivals = new RoutingRecorder.Arrivals();
    arrive(arrivals, "AmsInstance", instance(), false);
    arrive(arrivals, "Service", service("ams-api-stable", 2, "blue"), false);
    arrive(arrivals, "Service", service("ams-api-canary", 3, "green"), false);
    arrive(arrivals, "HTTPRoute", httpRoute(4, 90, 10, true), false);

    var timeline = RoutingRecorder.replay(arrivals.events());
    var route = timeline.get(timeline.size() - 1).route("api");

    assertThat(route.weights()).containsExactlyInAnyOrderEntriesOf(Map.of("blue", 90, "green", 10));
    assertThat(route.headerSlot()).isEqualTo("green");
  }

  @Test
  void anHttpRouteBackendWhoseServiceIsGoneSendsItsShareNowhere() {
    var arrivals = new RoutingRecorder.Arrivals();
    arrive(arrivals, "AmsInstance", instance(), false);
    arrive(arrivals, "Service", service("ams-api-stable", 2, "blue"), false);
    arrive(arrivals, "Service", service("ams-api-canary", 3, "green"), false);
    arrive(arrivals, "HTTPRoute", httpRoute(4, 0, 100, false), false);
    arrive(arrivals, "Service", service("ams-api-canary", 3, "green"), true);

    var timeline = RoutingRecorder.replay(arrivals.events());

    var last = timeline.get(timeline.size() - 1);
    assertThat(last.route("api").weights())
        .containsExactlyEntriesOf(Map.of(Traffic.Route.NONE, 100));
  }

  /** {@code ams-route} with its API rules: stable/canary weights, and the header rule if asked. */
  private static HTTPRoute httpRoute(int resourceVersion, int stable, int canary, boolean header) {
    var rules = new java.util.ArrayList<HTTPRouteRule>();
    if (header) {
      rules.add(
          new HTTPRouteRuleBuilder()
              .addNewMatch()
              .withNewPath()
              .withType("PathPrefix")
              .withValue("/api")
              .endPath()
              .addNewHeader()
              .withType("Exact")
              .withName("canary")
              .withValue("true")
              .endHeader()
              .endMatch()
              .addNewBackendRef()
              .withName("ams-api-canary")
              .withPort(4000)
              .withWeight(100)
              .endBackendRef()
              .build());
    }
    rules.add(
        new HTTPRouteRuleBuilder()
            .addNewMatch()
            .withNewPath()
            .withType("PathPrefix")
            .withValue("/api")
            .endPath()
            .endMatch()
            .addNewBackendRef()
            .withName("ams-api-stable")
            .withPort(4000)
            .withWeight(stable)
            .endBackendRef()
            .addNewBackendRef()
            .withName("ams-api-canary")
            .withPort(4000)
            .withWeight(canary)
            .endBackendRef()
            .build());
    return new HTTPRouteBuilder()
        .withNewMetadata()
        .withName("ams-route")
        .withResourceVersion(String.valueOf(resourceVersion))
        .withLabels(Map.of(Labels.INSTANCE, "ams"))
        .endMetadata()
        .withNewSpec()
        .withRules(rules)
        .endSpec()
        .build();
  }

  private static void arrive(
      RoutingRecorder.Arrivals arrivals, String kind, HasMetadata object, boolean deletion) {
    arrivals.add(
        kind,
        object,
        deletion ? RoutingRecorder.Change.DELETION : RoutingRecorder.Change.WRITE,
        Instant.EPOCH.plusMillis(arrivals.events().size()));
  }

  /** {@code ams}, installed at 1.0.0 in blue, no release under way. */
  private static AmsInstance instance() {
    var i = new AmsInstance();
    i.setMetadata(new ObjectMetaBuilder().withName("ams").withResourceVersion("1").build());
    var release = new ReleaseStatus();
    release.setPhase(ReleasePhase.Stable);
    release.setStableVersion("1.0.0");
    release.setActiveSlot(Slot.blue);
    var status = new AmsInstanceStatus();
    status.setRelease(release);
    i.setStatus(status);
    return i;
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(
      String name, int resourceVersion, int ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withResourceVersion(String.valueOf(resourceVersion))
        .withLabels(Map.of(Labels.INSTANCE, "ams"))
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .withNewStatus()
        .withReadyReplicas(ready)
        .withUpdatedReplicas(1)
        .endStatus()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Service service(
      String name, int resourceVersion, String slot) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withResourceVersion(String.valueOf(resourceVersion))
        .withLabels(Map.of(Labels.INSTANCE, "ams"))
        .endMetadata()
        .withNewSpec()
        .withSelector(Map.of(Labels.SLOT, slot))
        .endSpec()
        .build();
  }
}
