package com.suresoft.ams.operator.it;

import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Watches one namespace as the cluster's data plane would see it and keeps, per AmsInstance, every
 * version of what its user traffic would do ({@link RoutingSnapshot}): Services, Istio
 * VirtualServices, Gateway API HTTPRoutes, Ingresses, Deployments, HPAs and the instances' {@code
 * status.release}. {@link #invariants()} judges the whole recording, so a routing dip that lasts a
 * few milliseconds between two steps a test waits for is still seen.
 *
 * <p>Each kind has its own watch, so events of different kinds can arrive out of the order in which
 * the API server applied them. The recording is therefore replayed in resourceVersion order (one
 * counter for the whole server, as etcd's revision is), a deletion's event by the revision of the
 * deletion; only a deletion found at a relist, which has no version of its own, is placed after
 * everything received before it.
 */
final class RoutingRecorder implements AutoCloseable {

  /**
   * The actor the recorder's requests are logged under, apart from the operator's and the user's.
   */
  static final String ACTOR = "routing-recorder";

  private static final String VIRTUAL_SERVICE_CRD = "virtualservices.networking.istio.io";
  private static final String HTTP_ROUTE_CRD = "httproutes.gateway.networking.k8s.io";

  /**
   * One watch event as received.
   *
   * @param order resourceVersion of the change (for a deletion found at a relist: the highest one
   *     received before)
   * @param deletion whether it deleted the object (placed after changes of the same order)
   * @param received position in arrival order
   * @param wall when it arrived
   * @param kind the object's kind
   */
  record Observed(
      long order, boolean deletion, long received, Instant wall, String kind, HasMetadata object) {}

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String namespace;
  private final Duration grace;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  // guarded by this
  private final Arrivals arrivals = new Arrivals();
  private long lastArrivalNanos = System.nanoTime();
  private List<RoutingSnapshot> replayed = List.of();
  private int replayedEvents = -1;

  private RoutingRecorder(
      KubernetesClient client, boolean ownsClient, String namespace, Duration grace) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.namespace = namespace;
    this.grace = grace;
  }

  /** Records {@link OperatorHarness#NAMESPACE} through a client of its own, default grace. */
  static RoutingRecorder start(OperatorHarness harness) {
    return start(
        harness.server().client(ACTOR),
        true,
        OperatorHarness.NAMESPACE,
        RoutingInvariants.DEFAULT_GRACE);
  }

  /**
   * Records {@code namespace} through {@code client} (which stays the caller's); returns once every
   * watch has listed what exists, so nothing that happens afterwards is missed.
   */
  static RoutingRecorder start(KubernetesClient client, String namespace, Duration grace) {
    return start(client, false, namespace, grace);
  }

  private static RoutingRecorder start(
      KubernetesClient client, boolean ownsClient, String namespace, Duration grace) {
    var recorder = new RoutingRecorder(client, ownsClient, namespace, grace);
    try {
      recorder.watch("Service", client.services());
      recorder.watch("Deployment", client.apps().deployments());
      recorder.watch("Ingress", client.network().v1().ingresses());
      recorder.watch(
          "HorizontalPodAutoscaler", client.autoscaling().v2().horizontalPodAutoscalers());
      recorder.watch("AmsInstance", client.resources(AmsInstance.class));
      // Without the CRD the list would fail; Istio routing cannot exist then anyway.
      if (client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(VIRTUAL_SERVICE_CRD)
              .get()
          != null) {
        recorder.watch("VirtualService", client.resources(VirtualService.class));
      }
      // Likewise for Gateway API's HTTPRoute.
      if (client.apiextensions().v1().customResourceDefinitions().withName(HTTP_ROUTE_CRD).get()
          != null) {
        recorder.watch("HTTPRoute", client.resources(HTTPRoute.class));
      }
    } catch (RuntimeException e) {
      recorder.close();
      throw e;
    }
    return recorder;
  }

  private <T extends HasMetadata> void watch(
      String kind, MixedOperation<T, ? extends KubernetesResourceList<T>, ?> resources) {
    informers.add(
        resources
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<T>() {
                  @Override
                  public void onAdd(T obj) {
                    arrived(kind, obj, Change.WRITE);
                  }

                  @Override
                  public void onUpdate(T oldObj, T newObj) {
                    arrived(kind, newObj, Change.WRITE);
                  }

                  @Override
                  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                    arrived(
                        kind,
                        obj,
                        deletedFinalStateUnknown ? Change.LOST_DELETION : Change.DELETION);
                  }
                }));
  }

  private synchronized void arrived(String kind, HasMetadata object, Change change) {
    arrivals.add(kind, object, change, Instant.now());
    lastArrivalNanos = System.nanoTime();
  }

  /** What a watch event tells. */
  enum Change {
    /** Created or changed: the object carries the version of the write. */
    WRITE,
    /**
     * Deleted: the object carries the version of the deletion, as etcd gives a deletion a revision
     * of its own (and the double does the same).
     */
    DELETION,
    /**
     * Deleted while the watch was down, found missing at the relist: the object is the last state
     * the informer saw, so its version says nothing about when it went.
     */
    LOST_DELETION
  }

  /** Watch events in arrival order, each given its place in the server's order. Not thread-safe. */
  static final class Arrivals {
    private final List<Observed> events = new ArrayList<>();
    private long highestResourceVersion;

    void add(String kind, HasMetadata object, Change change, Instant wall) {
      long rv = resourceVersion(object);
      long order;
      if (change == Change.LOST_DELETION || rv < 0) {
        // No version of its own: after everything received before it.
        order = highestResourceVersion;
      } else {
        order = rv;
        highestResourceVersion = Math.max(highestResourceVersion, rv);
      }
      events.add(new Observed(order, change != Change.WRITE, events.size(), wall, kind, object));
    }

    List<Observed> events() {
      return events;
    }

    private static long resourceVersion(HasMetadata object) {
      try {
        return Long.parseLong(object.getMetadata().getResourceVersion());
      } catch (RuntimeException e) {
        return -1;
      }
    }
  }

  /** Every snapshot so far, all instances, in order. */
  synchronized List<RoutingSnapshot> timeline() {
    if (replayedEvents != arrivals.events().size()) {
      replayed = replay(arrivals.events());
      replayedEvents = arrivals.events().size();
    }
    return replayed;
  }

  /** The snapshots of one instance, in order. */
  List<RoutingSnapshot> timeline(String instance) {
    return timeline().stream().filter(s -> s.instance().equals(instance)).toList();
  }

  /** The rules, judged over the recording so far. */
  RoutingInvariants invariants() {
    return new RoutingInvariants(timeline(), grace);
  }

  /**
   * Waits (at most the grace period and a second) until events have stopped arriving for a moment
   * and no unsafe state is open, so that the end of the recording is not taken in the middle of the
   * operator's reaction.
   */
  void awaitSettled() {
    try {
      await()
          .atMost(grace.plusSeconds(1))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> quietFor(Duration.ofMillis(200)) && invariants().unsettled().isEmpty());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // Whatever is still open is judged as it stands.
    }
  }

  private synchronized boolean quietFor(Duration quiet) {
    return System.nanoTime() - lastArrivalNanos >= quiet.toNanos();
  }

  /** Waits until the recording settles, then fails with every violation and the timeline. */
  void assertInvariants() {
    awaitSettled();
    invariants().assertHolds();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    if (ownsClient) {
      client.close();
    }
  }

  /**
   * The snapshots {@code events} lead to: replayed in resourceVersion order onto an object map, one
   * snapshot of the affected instance after each event that changed what it shows.
   */
  static List<RoutingSnapshot> replay(List<Observed> events) {
    var ordered = new ArrayList<>(events);
    ordered.sort(
        Comparator.comparingLong(Observed::order)
            .thenComparing(Observed::deletion)
            .thenComparingLong(Observed::received));
    var objects = new HashMap<String, HasMetadata>();
    var last = new HashMap<String, RoutingSnapshot>();
    var timeline = new ArrayList<RoutingSnapshot>();
    for (Observed e : ordered) {
      String key = e.kind() + "/" + e.object().getMetadata().getName();
      if (e.deletion()) {
        objects.remove(key);
      } else {
        objects.put(key, e.object());
      }
      String instance = instanceOf(e.kind(), e.object());
      if (instance == null) {
        continue;
      }
      String cause =
          e.kind() + " " + e.object().getMetadata().getName() + (e.deletion() ? " deleted" : "");
      var snapshot = snapshot(timeline.size() + 1, e.wall(), instance, cause, objects);
      if (!snapshot.sameState(last.get(instance))) {
        timeline.add(snapshot);
        last.put(instance, snapshot);
      }
    }
    return List.copyOf(timeline);
  }

  private static String instanceOf(String kind, HasMetadata object) {
    if (kind.equals("AmsInstance")) {
      return object.getMetadata().getName();
    }
    var labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.INSTANCE);
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T get(
      Map<String, HasMetadata> objects, String kind, String name) {
    return (T) objects.get(kind + "/" + name);
  }

  private static RoutingSnapshot snapshot(
      long seq, Instant wall, String name, String cause, Map<String, HasMetadata> objects) {
    Ingress canary = get(objects, "Ingress", name + "-ingress-canary");
    var traffic =
        Traffic.of(
            name,
            s -> RoutingRecorder.<Service>get(objects, "Service", s),
            vs -> RoutingRecorder.<VirtualService>get(objects, "VirtualService", vs),
            canary,
            get(objects, "HTTPRoute", name + "-route"));
    var slots = new TreeMap<String, RoutingSnapshot.SlotState>();
    var autoscalers = new TreeMap<String, RoutingSnapshot.Autoscaler>();
    for (String c : RoutingSnapshot.COMPONENTS) {
      for (String slot : RoutingSnapshot.SLOTS) {
        Deployment d = get(objects, "Deployment", name + "-" + c + "-" + slot);
        if (d != null) {
          var status = d.getStatus();
          var labels = d.getMetadata().getLabels();
          slots.put(
              c + "/" + slot,
              new RoutingSnapshot.SlotState(
                  d.getSpec().getReplicas(),
                  status == null ? 0 : Objects.requireNonNullElse(status.getReadyReplicas(), 0),
                  status == null ? 0 : Objects.requireNonNullElse(status.getUpdatedReplicas(), 0),
                  labels == null ? null : labels.get(Labels.VERSION)));
        }
      }
      HorizontalPodAutoscaler hpa =
          get(objects, "HorizontalPodAutoscaler", name + "-" + c + "-hpa");
      if (hpa != null) {
        var target = hpa.getSpec().getScaleTargetRef();
        autoscalers.put(
            c,
            new RoutingSnapshot.Autoscaler(
                target == null ? null : target.getName(),
                hpa.getSpec().getMinReplicas(),
                hpa.getSpec().getMaxReplicas(),
                hpa.getStatus() == null ? null : hpa.getStatus().getDesiredReplicas()));
      }
    }
    AmsInstance instance = get(objects, "AmsInstance", name);
    var release =
        instance == null || instance.getStatus() == null
            ? null
            : RoutingSnapshot.Release.of(instance.getStatus().getRelease());
    return new RoutingSnapshot(
        seq, wall, name, cause, traffic.routes(), slots, autoscalers, release);
  }
}
