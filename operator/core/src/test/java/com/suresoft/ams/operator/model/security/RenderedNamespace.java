package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.clusterrules.Cidr;
import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ExternalEgressRule;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.data.CloudNativePg;
import com.suresoft.ams.operator.model.data.ObjectStorage;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.ReleaseJobs;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import com.suresoft.ams.operator.release.ReleasePlan;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.security.PodTemplates;
import com.suresoft.ams.testkit.network.PodConnections;
import com.suresoft.ams.testkit.network.PodConnections.Neighbourhood;
import com.suresoft.ams.testkit.network.PodConnections.References;
import com.suresoft.ams.testkit.network.PodConnections.ServingPod;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A namespace as it looks once an instance's objects are applied at some point of its life, for
 * checking connections without a server: every object {@code render} emits for a release phase, the
 * release Jobs of that phase, and what others put there (the user's Secrets in External modes, an
 * ExternalSecret's target, CloudNativePG's Services, Secret and pods), each the way those
 * controllers make them.
 */
public final class RenderedNamespace {
  public static final String CANDIDATE = "9.9.9";

  /** A point in an instance's life whose objects are checked. */
  public enum Phase {
    STEADY,
    /** The migration Job of the candidate runs; the candidate slot is not up yet. */
    MIGRATING,
    /** Blue-green: the candidate slot up behind the preview Services, the smoke check running. */
    BLUE_GREEN_PREVIEW,
    /** Canary at 10 % through nginx's canary Ingress. */
    CANARY_NGINX,
    /** Canary at 10 % through Istio's VirtualServices. */
    CANARY_ISTIO
  }

  /** One pod template found in the namespace's objects. */
  public record Pod(
      String where, Map<String, String> labels, io.fabric8.kubernetes.api.model.PodSpec spec) {
    public boolean ofAJob() {
      return where.startsWith("Job/") || where.startsWith("CronJob/");
    }
  }

  private final InstanceModel model;
  private final Phase phase;
  private final List<HasMetadata> objects = new ArrayList<>();

  public RenderedNamespace(InstanceModel m, Phase phase) {
    this.model = m;
    this.phase = phase;
    var secret = AppSecret.desired(m, Map.of(), key -> "generated-" + key);
    var stack = Stack.objects(m, plan(m, phase), AppSecret.decode(secret), key -> "x" + key);
    objects.addAll(stack);
    if (stack.stream().noneMatch(o -> o instanceof Secret)) {
      objects.add(secret); // External Secrets Operator writes it from the ExternalSecret
    }
    for (JobRequest request : jobs(m, phase)) {
      objects.add(ReleaseJobs.desired(m, request));
    }
    objects.addAll(othersObjects(m));
  }

  static ReleasePlan plan(InstanceModel m, Phase phase) {
    var steady = ReleasePlanner.steady(m, Slot.blue);
    var twoSlots = new ArrayList<SlotPlan>(steady.appTier().slots());
    for (Component c : Component.APP_TIER) {
      twoSlots.add(new SlotPlan(c, Slot.green, CANDIDATE, 1));
    }
    var both = ReleasePlan.appTierOnly(new AppTierPlan(Slot.blue, twoSlots));
    return switch (phase) {
      case STEADY, MIGRATING -> steady;
      case BLUE_GREEN_PREVIEW ->
          both.withRouting(
              new RoutingIntent(Slot.blue, Slot.green, Slot.blue, Slot.green, 0, false, null));
      case CANARY_NGINX ->
          both.withRouting(
              new RoutingIntent(
                  Slot.blue, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Nginx));
      case CANARY_ISTIO ->
          both.withRouting(
              new RoutingIntent(null, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Istio));
    };
  }

  private static List<JobRequest> jobs(InstanceModel m, Phase phase) {
    var migration =
        new JobRequest(
            JobRequest.Kind.MIGRATION, m.names().migrationJob(CANDIDATE), CANDIDATE, "t", false);
    var smoke =
        new JobRequest(
            JobRequest.Kind.SMOKE_CHECK, m.names().smokeCheckJob(CANDIDATE), CANDIDATE, "t", false);
    return switch (phase) {
      case STEADY -> List.of();
      case MIGRATING, CANARY_NGINX, CANARY_ISTIO -> List.of(migration);
      case BLUE_GREEN_PREVIEW -> List.of(migration, smoke);
    };
  }

  /** What the user and other controllers put in the namespace for this instance's spec. */
  private static List<HasMetadata> othersObjects(InstanceModel m) {
    var others = new ArrayList<HasMetadata>();
    var db = m.spec().getDatabase();
    var names = m.names();
    if (db.getMode() == DatabaseMode.External) {
      others.add(
          secret(
              m,
              db.getExternalSecretName(),
              Map.of(
                  SecretKeys.DATABASE_URL,
                  "postgresql://ams:pw@"
                      + host(db.getExternalEgress(), "db.example.com")
                      + ":"
                      + port(db.getExternalEgress(), 5432)
                      + "/ams")));
    }
    var os = m.spec().getObjectStorage();
    if (os.getMode() == ObjectStorageMode.External) {
      others.add(
          secret(
              m,
              os.getExternalSecretName(),
              Map.of(
                  ObjectStorage.KEY_ENDPOINT,
                  "https://"
                      + host(os.getExternalEgress(), "s3.example.com")
                      + ":"
                      + port(os.getExternalEgress(), 443),
                  ObjectStorage.KEY_ACCESS_KEY,
                  "a",
                  ObjectStorage.KEY_SECRET_KEY,
                  "s")));
    }
    if (db.getMode() == DatabaseMode.CloudNativePG) {
      String cluster = names.postgres();
      // CNPG's app Secret: its uri names the primary's Service, namespace-qualified.
      others.add(
          secret(
              m,
              names.cnpgAppSecret(),
              Map.of(
                  CloudNativePg.KEY_URI,
                  "postgresql://ams:pw@" + cluster + "-rw." + m.namespace() + ":5432/ams",
                  CloudNativePg.KEY_USERNAME,
                  "ams",
                  CloudNativePg.KEY_PASSWORD,
                  "pw")));
      var primary =
          Map.of(
              NetworkPolicies.CNPG_CLUSTER_LABEL,
              cluster,
              "cnpg.io/instanceRole",
              "primary",
              "cnpg.io/podRole",
              "instance");
      others.add(service(m, cluster + "-rw", primary, new IntOrString(5432)));
      others.add(cnpgPod(m, cluster + "-1", primary, "postgresql"));
      if (db.getPooler().getEnabled()) {
        var pooler =
            Map.of(
                NetworkPolicies.CNPG_POOLER_LABEL, names.pgbouncer(), "cnpg.io/podRole", "pooler");
        others.add(service(m, names.pgbouncer(), pooler, new IntOrString("pgbouncer")));
        others.add(cnpgPod(m, names.pgbouncer() + "-abc", pooler, "pgbouncer"));
      }
    }
    return others;
  }

  /**
   * Where the user's External store is: an address in the first range the spec gives for it (a user
   * who lists ranges points the URL into them), else a name.
   */
  private static String host(List<ExternalEgressRule> rules, String name) {
    if (rules == null || rules.isEmpty()) {
      return name;
    }
    var cidr = Cidr.parse(rules.get(0).getCidr());
    byte[] address = cidr.network();
    address[address.length - 1] |= 10;
    try {
      String literal = InetAddress.getByAddress(address).getHostAddress();
      return cidr.ipv6() ? "[" + literal + "]" : literal;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int port(List<ExternalEgressRule> rules, int fallback) {
    return rules == null || rules.isEmpty() || rules.get(0).getPorts() == null
        ? fallback
        : rules.get(0).getPorts().get(0);
  }

  private static Secret secret(InstanceModel m, String name, Map<String, String> values) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .endMetadata()
        .withStringData(values)
        .build();
  }

  private static Service service(
      InstanceModel m, String name, Map<String, String> selector, IntOrString targetPort) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withName("postgres")
        .withPort(5432)
        .withTargetPort(targetPort)
        .endPort()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Pod cnpgPod(
      InstanceModel m, String name, Map<String, String> labels, String portName) {
    return new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("postgres")
        .withPorts(new ContainerPortBuilder().withName(portName).withContainerPort(5432).build())
        .endContainer()
        .endSpec()
        .build();
  }

  /** Every pod template in the namespace: Deployments, StatefulSets, Jobs, CronJobs, pods. */
  public List<Pod> pods() {
    var pods = new ArrayList<Pod>();
    for (HasMetadata o : objects) {
      for (var t : PodTemplates.in(o)) {
        var labels =
            t.metadata() == null || t.metadata().getLabels() == null
                ? Map.<String, String>of()
                : t.metadata().getLabels();
        pods.add(new Pod(t.where(), labels, t.spec()));
      }
    }
    return pods;
  }

  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The namespace as {@link PodConnections} sees it, with {@code policies} in force. */
  Neighbourhood neighbourhood(List<NetworkPolicy> policies) {
    var serving = objects.stream().flatMap(o -> ServingPod.of(o).stream()).toList();
    return new Neighbourhood(
        model.namespace(), policies, all(Service.class), serving, references());
  }

  Neighbourhood neighbourhood() {
    return neighbourhood(all(NetworkPolicy.class));
  }

  private References references() {
    var secrets = all(Secret.class);
    var configMaps = all(ConfigMap.class);
    return new References() {
      @Override
      public Optional<String> secret(String name, String key) {
        return secrets.stream()
            .filter(s -> name.equals(s.getMetadata().getName()))
            .findFirst()
            .flatMap(s -> Optional.ofNullable(value(s, key)));
      }

      @Override
      public Optional<String> configMap(String name, String key) {
        return configMaps.stream()
            .filter(c -> name.equals(c.getMetadata().getName()))
            .findFirst()
            .flatMap(c -> Optional.ofNullable(c.getData()).map(d -> d.get(key)));
      }
    };
  }

  private static String value(Secret s, String key) {
    if (s.getStringData() != null && s.getStringData().containsKey(key)) {
      return s.getStringData().get(key);
    }
    if (s.getData() != null && s.getData().containsKey(key)) {
      return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
    return null;
  }

  @Override
  public String toString() {
    return model.name() + " " + phase;
  }
}
