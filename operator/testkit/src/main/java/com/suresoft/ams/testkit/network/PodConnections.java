package com.suresoft.ams.testkit.network;

import com.suresoft.ams.clusterrules.Cidr;
import com.suresoft.ams.testkit.network.NetworkPolicyEvaluator.Endpoint;
import com.suresoft.ams.testkit.network.NetworkPolicyEvaluator.Port;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a pod is configured to connect to, read from its configuration the way its programs read it,
 * and whether the namespace's NetworkPolicies let it: URLs in environment variables (plain, from
 * Secrets and ConfigMaps, with Kubernetes' {@code $(VAR)} expansion) and in command and args, and
 * libpq's {@code PGHOST}/{@code PGPORT}. A host is resolved as cluster DNS would: a Service of the
 * namespace (by name or {@code name.namespace[.svc[.cluster.local]]}), its port to the target port
 * of the pods its selector selects; a Service of another namespace ({@code .svc}) is reported as
 * unreachable rather than judged (an instance reaches nothing outside its namespace); any other
 * name is an address outside the cluster.
 *
 * <p>The controller simulator fails a Job whose connections are denied, and the tests check every
 * pod template the operator renders, with this one derivation, so a new Job or a changed URL
 * without its NetworkPolicy rule is caught without anyone listing the connections by hand.
 */
public final class PodConnections {
  /** Set by the StatefulSet controller on every pod (a Service may select pod 0 by it). */
  private static final String STATEFULSET_POD_NAME = "statefulset.kubernetes.io/pod-name";

  /** The recommended label that names a pod's part of the application, used in descriptions. */
  private static final String COMPONENT = "app.kubernetes.io/component";

  /** Default ports of the URL schemes the stack uses; a URL of another scheme needs a port. */
  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.of(
          "http", 80,
          "https", 443,
          "postgres", 5432,
          "postgresql", 5432,
          "redis", 6379,
          "rediss", 6379);

  private static final int LIBPQ_DEFAULT_PORT = 5432;

  /** scheme://[userinfo@]host[:port]; userinfo greedy up to the last @ before the path. */
  private static final Pattern URL =
      Pattern.compile(
          "\\b([A-Za-z][A-Za-z0-9+.-]*)://(?:[^/\\s?#]*@)?(\\[[^\\]]+\\]|[^:/\\s?#@]+)(?::(\\d+))?");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

  /** A place a pod's configuration points at: which container, which setting, host and port. */
  public record Destination(String container, String setting, String host, int port) {
    @Override
    public String toString() {
      return container + " (" + setting + ") -> " + host + ":" + port;
    }
  }

  /** Values a pod's environment refers to; empty when unknown (a Secret not there yet). */
  public interface References {
    Optional<String> secret(String name, String key);

    Optional<String> configMap(String name, String key);

    /** Nothing is known: variables from Secrets and ConfigMaps are left out. */
    References NONE =
        new References() {
          @Override
          public Optional<String> secret(String name, String key) {
            return Optional.empty();
          }

          @Override
          public Optional<String> configMap(String name, String key) {
            return Optional.empty();
          }
        };
  }

  /** A pod that may serve connections: its labels and the ports its containers declare. */
  public record ServingPod(Map<String, String> labels, List<ContainerPort> ports) {
    public static ServingPod of(Map<String, String> labels, PodSpec spec) {
      var ports = new ArrayList<ContainerPort>();
      for (Container c : containers(spec).toList()) {
        if (c.getPorts() != null) {
          ports.addAll(c.getPorts());
        }
      }
      return new ServingPod(labels == null ? Map.of() : Map.copyOf(labels), List.copyOf(ports));
    }

    /**
     * The pods a workload runs, as their controllers label them: a StatefulSet's pods each carry
     * {@code statefulset.kubernetes.io/pod-name} (the PostgreSQL primary's Service selects pod 0 by
     * it); other kinds' pods carry their template's labels. Empty for a kind without pods.
     */
    public static List<ServingPod> of(HasMetadata workload) {
      if (workload instanceof StatefulSet sts) {
        var template = sts.getSpec().getTemplate();
        int replicas = Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1);
        var pods = new ArrayList<ServingPod>();
        for (int i = 0; i < replicas; i++) {
          var labels = new LinkedHashMap<>(labels(template.getMetadata()));
          labels.put(STATEFULSET_POD_NAME, sts.getMetadata().getName() + "-" + i);
          pods.add(of(labels, template.getSpec()));
        }
        return pods;
      }
      if (workload instanceof Deployment d) {
        var t = d.getSpec().getTemplate();
        return List.of(of(labels(t.getMetadata()), t.getSpec()));
      }
      if (workload instanceof Job j) {
        var t = j.getSpec().getTemplate();
        return List.of(of(labels(t.getMetadata()), t.getSpec()));
      }
      if (workload instanceof Pod p) {
        return List.of(of(labels(p.getMetadata()), p.getSpec()));
      }
      return List.of();
    }

    private static Map<String, String> labels(ObjectMeta meta) {
      return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }
  }

  /**
   * What a namespace holds that decides where a connection goes and whether it may: its
   * NetworkPolicies and Services, the pods that may serve (from their templates), and the values of
   * its Secrets and ConfigMaps.
   */
  public record Neighbourhood(
      String namespace,
      Collection<NetworkPolicy> policies,
      Collection<Service> services,
      Collection<ServingPod> pods,
      References references) {}

  /**
   * Where a destination's packets go: a pod or an address outside the cluster, and the port. {@code
   * service} names the Service the host resolved to (null for an outside address).
   */
  public record Connection(Destination destination, String service, Endpoint to, Port port) {}

  /**
   * A destination that goes nowhere a policy could matter for: a cluster name without a Service, a
   * Service port that does not exist, or a Service that selects no pods yet.
   */
  public record Unreachable(Destination destination, String why) {}

  /** A destination resolved: the connections it opens, or why it opens none. */
  public record Resolution(List<Connection> connections, List<Unreachable> unreachable) {}

  private PodConnections() {}

  /**
   * Every destination the pod's containers (init containers included) are configured to reach. A
   * name the pod's {@code hostAliases} point at loopback is the pod itself ({@code /etc/hosts} wins
   * over cluster DNS), as {@code localhost} is.
   */
  public static List<Destination> destinations(PodSpec pod, References refs) {
    var found = new ArrayList<Destination>();
    containers(pod).forEach(c -> found.addAll(destinations(c, refs)));
    var loopbackNames = loopbackAliases(pod);
    return found.stream()
        .filter(d -> !loopbackNames.contains(d.host().toLowerCase(Locale.ROOT)))
        .distinct()
        .toList();
  }

  private static java.util.Set<String> loopbackAliases(PodSpec pod) {
    var names = new java.util.HashSet<String>();
    if (pod.getHostAliases() != null) {
      for (var alias : pod.getHostAliases()) {
        if (alias.getIp() != null
            && (alias.getIp().startsWith("127.") || alias.getIp().equals("::1"))
            && alias.getHostnames() != null) {
          alias.getHostnames().forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
        }
      }
    }
    return names;
  }

  private static Stream<Container> containers(PodSpec pod) {
    return Stream.concat(
        pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream(),
        pod.getContainers() == null ? Stream.empty() : pod.getContainers().stream());
  }

  private static List<Destination> destinations(Container c, References refs) {
    var env = environment(c, refs);
    var found = new ArrayList<Destination>();
    env.forEach((name, value) -> urls(value, c.getName(), "env " + name, found));
    String pgHost = env.get("PGHOST");
    if (pgHost != null) {
      int port =
          Optional.ofNullable(env.get("PGPORT")).map(Integer::parseInt).orElse(LIBPQ_DEFAULT_PORT);
      for (String host : pgHost.split(",")) {
        // A host starting with / is a Unix socket directory, not the network.
        if (!host.isBlank() && !host.startsWith("/")) {
          add(found, new Destination(c.getName(), "env PGHOST", host.trim(), port));
        }
      }
    }
    Stream.concat(stream(c.getCommand()), stream(c.getArgs()))
        .map(arg -> expand(arg, env))
        .forEach(arg -> urls(arg, c.getName(), "command", found));
    return found;
  }

  private static Stream<String> stream(List<String> list) {
    return list == null ? Stream.empty() : list.stream();
  }

  /** The container's environment as Kubernetes builds it: in order, expanding earlier names. */
  private static Map<String, String> environment(Container c, References refs) {
    var env = new LinkedHashMap<String, String>();
    for (EnvVar v : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
      Optional<String> value = Optional.empty();
      if (v.getValue() != null) {
        value = Optional.of(expand(v.getValue(), env));
      } else if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
        var ref = v.getValueFrom().getSecretKeyRef();
        value = refs.secret(ref.getName(), ref.getKey());
      } else if (v.getValueFrom() != null && v.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = v.getValueFrom().getConfigMapKeyRef();
        value = refs.configMap(ref.getName(), ref.getKey());
      }
      value.ifPresent(s -> env.put(v.getName(), s));
    }
    return env;
  }

  private static String expand(String value, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(value);
    var out = new StringBuilder();
    while (m.find()) {
      String replacement = env.getOrDefault(m.group(1), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void urls(String text, String container, String setting, List<Destination> out) {
    Matcher m = URL.matcher(text);
    while (m.find()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      Integer port = m.group(3) != null ? Integer.valueOf(m.group(3)) : DEFAULT_PORTS.get(scheme);
      if (port != null) {
        add(out, new Destination(container, setting, m.group(2), port));
      }
    }
  }

  private static void add(List<Destination> out, Destination d) {
    String host = d.host().toLowerCase(Locale.ROOT);
    // The pod's own network namespace (a sidecar, an exporter): no policy applies.
    if (!host.equals("localhost") && !host.startsWith("127.") && !host.equals("[::1]")) {
      out.add(d);
    }
  }

  /** Where {@code d}'s packets go in {@code around}, as cluster DNS and kube-proxy send them. */
  public static Resolution resolve(Destination d, Neighbourhood around) {
    Optional<String> serviceName = serviceName(d.host(), around.namespace());
    Optional<Service> service =
        serviceName.flatMap(
            name ->
                around.services().stream()
                    .filter(s -> name.equals(s.getMetadata().getName()))
                    .findFirst());
    if (service.isEmpty()) {
      if (serviceName.isPresent()) {
        return unreachable(d, "no Service " + serviceName.get());
      }
      if (isClusterName(d.host())) {
        // An instance reaches nothing outside its namespace (tenancy): report it, do not judge
        // it as an outside address.
        return unreachable(d, "a Service of another namespace, which this check does not see");
      }
      return new Resolution(
          List.of(new Connection(d, null, outside(d.host()), new Port(d.port(), null))), List.of());
    }
    var svc = service.get();
    if ("ExternalName".equals(svc.getSpec().getType())) {
      return new Resolution(
          List.of(
              new Connection(
                  d, svc.getMetadata().getName(), Endpoint.external(), new Port(d.port(), null))),
          List.of());
    }
    Optional<ServicePort> servicePort =
        svc.getSpec().getPorts().stream()
            .filter(p -> p.getPort() == d.port() && !"UDP".equals(p.getProtocol()))
            .findFirst();
    if (servicePort.isEmpty()) {
      return unreachable(d, "Service " + svc.getMetadata().getName() + " has no port " + d.port());
    }
    var selector = svc.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return unreachable(d, "Service " + svc.getMetadata().getName() + " selects no pods");
    }
    var connections = new ArrayList<Connection>();
    var unreachable = new ArrayList<Unreachable>();
    for (ServingPod pod : around.pods()) {
      if (!NetworkPolicyEvaluator.matches(new LabelSelector(null, selector), pod.labels())) {
        continue;
      }
      Optional<Port> target = targetPort(servicePort.get(), pod);
      if (target.isEmpty()) {
        unreachable.add(
            new Unreachable(
                d, "no container port " + servicePort.get().getTargetPort().getStrVal()));
      } else {
        connections.add(
            new Connection(
                d,
                svc.getMetadata().getName(),
                Endpoint.pod(around.namespace(), pod.labels()),
                target.get()));
      }
    }
    if (connections.isEmpty() && unreachable.isEmpty()) {
      unreachable.add(
          new Unreachable(d, "Service " + svc.getMetadata().getName() + " selects no pods"));
    }
    return new Resolution(connections, unreachable);
  }

  /** An address outside the cluster: the literal itself, or unknown for a name. */
  private static Endpoint outside(String host) {
    String literal =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return Cidr.address(literal).isPresent() ? Endpoint.external(literal) : Endpoint.external();
  }

  private static Resolution unreachable(Destination d, String why) {
    return new Resolution(List.of(), List.of(new Unreachable(d, why)));
  }

  /**
   * The Service a host names in {@code namespace}, if it names one there: {@code name}, {@code
   * name.namespace}, {@code name.namespace.svc} or {@code name.namespace.svc.cluster.local}.
   */
  private static Optional<String> serviceName(String host, String namespace) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (String suffix :
        List.of(
            "." + namespace + ".svc.cluster.local", "." + namespace + ".svc", "." + namespace)) {
      if (h.endsWith(suffix)) {
        h = h.substring(0, h.length() - suffix.length());
        break;
      }
    }
    return h.contains(".") || h.contains(":") ? Optional.empty() : Optional.of(h);
  }

  private static boolean isClusterName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".svc")
        || h.endsWith(".svc.cluster.local")
        || h.endsWith(".svc.cluster.local.");
  }

  /** The port on {@code pod} a Service port sends to: by number or by container port name. */
  private static Optional<Port> targetPort(ServicePort servicePort, ServingPod pod) {
    IntOrString target = servicePort.getTargetPort();
    if (target != null && target.getStrVal() != null) {
      return pod.ports().stream()
          .filter(p -> target.getStrVal().equals(p.getName()))
          .findFirst()
          .map(p -> new Port(p.getContainerPort(), p.getName()));
    }
    int number =
        target != null && target.getIntVal() != null ? target.getIntVal() : servicePort.getPort();
    String name =
        pod.ports().stream()
            .filter(p -> Objects.equals(p.getContainerPort(), number))
            .map(ContainerPort::getName)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    return Optional.of(new Port(number, name));
  }

  /**
   * The connections a pod with {@code labels} and {@code spec} is configured to make that the
   * namespace's NetworkPolicies deny, each described for a person (which setting, which Service,
   * which pod, egress or ingress).
   */
  public static List<String> denied(
      Map<String, String> labels, PodSpec spec, Neighbourhood around) {
    var evaluator = new NetworkPolicyEvaluator(around.policies(), around.namespace());
    var from = Endpoint.pod(around.namespace(), labels == null ? Map.of() : labels);
    var denied = new ArrayList<String>();
    for (Destination d : destinations(spec, around.references())) {
      for (Connection c : resolve(d, around).connections()) {
        boolean egress = evaluator.egressAllowed(from, c.to(), c.port());
        boolean ingress = evaluator.ingressAllowed(from, c.to(), c.port());
        if (!egress || !ingress) {
          denied.add(describe(c, egress, ingress));
        }
      }
    }
    return denied.stream().distinct().toList();
  }

  private static String describe(Connection c, boolean egress, boolean ingress) {
    String where =
        c.to().pod()
            ? "pod " + component(c.to().labels()) + " port " + c.port().number()
            : "outside the cluster port " + c.port().number();
    String which = !egress && !ingress ? "egress and ingress" : !egress ? "egress" : "ingress";
    return c.destination() + " (" + where + "): " + which + " denied";
  }

  private static String component(Map<String, String> labels) {
    String component = labels.get(COMPONENT);
    return component != null ? component : labels.toString();
  }
}
