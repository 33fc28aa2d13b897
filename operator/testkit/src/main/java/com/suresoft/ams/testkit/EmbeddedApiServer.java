package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An in-process Kubernetes API <b>test double</b> for the AMS Operator's tests and its {@code demo}
 * command. It is not a Kubernetes API server: it answers the requests our code and the {@link
 * ControllerSimulator} make, closely enough that the production code path (JOSDK informers,
 * server-side apply, SSA status patches) runs unchanged. The kind-based e2e job in {@code .github/}
 * is the check against a real cluster; whatever this double gets wrong, that job is there to catch.
 *
 * <p>Built on fabric8's {@link KubernetesMockServer} in CRUD mode (plain HTTP, loopback only, a
 * free port). Reads, lists, watches and deletes are the stock mock's (its store indexed by kind and
 * namespace, see {@link IndexedCrudDispatcher}); creates, replaces and all patches are ours, adding
 * what the stock mock lacks:
 *
 * <ul>
 *   <li>server-side apply on objects and {@code /status} with {@code metadata.managedFields} that
 *       JOSDK's SSA matcher understands (see {@link ServerSideApply} for the simplifications);
 *   <li>RFC 7386 JSON merge patch, JSON patch, PUT, and a {@code /scale} subresource;
 *   <li>{@code generation} and {@code resourceVersion} that move only on real changes, so a no-op
 *       write sends no watch event;
 *   <li>status handled as a subresource for every built-in kind;
 *   <li>a {@link RequestLog} and {@link RequestInterceptor}s for fault injection, and {@link
 *       #dropWatches} to break open watch connections.
 * </ul>
 *
 * <p>Not simulated: admission, validation against schemas, defaulting (e.g. {@code spec.replicas}
 * stays null when omitted), namespace existence, RBAC, strategic merge patch (415), field-level
 * apply conflicts, and every controller: there is no garbage collector, so owner references never
 * cause deletion. The {@link ControllerSimulator} plays the workload controllers.
 */
public final class EmbeddedApiServer implements AutoCloseable {

  /** Request header naming who sent a request, for the {@link RequestLog}. */
  public static final String ACTOR_HEADER = "X-Ams-Actor";

  /** The actor and field manager of the double's own requests (CRD installation, namespaces). */
  public static final String SELF_ACTOR = "embedded-api-server";

  /**
   * MockWebServer logs every request at INFO through java.util.logging, which would drown the
   * demo's output. JUL holds loggers weakly, so the configured logger is kept here.
   */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  static {
    MOCK_WEB_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final RequestLog requestLog = new RequestLog();

  /**
   * The bearer tokens of {@link #writeKubeconfig(Path, String)}'s kubeconfigs and whom they name,
   * as a real server's authenticator maps a ServiceAccount's token to its user.
   */
  private final Map<String, String> actorsByToken = new ConcurrentHashMap<>();

  private final ApiServerDispatcher dispatcher;
  private final KubernetesMockServer mockServer;
  private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

  private EmbeddedApiServer(Clock clock) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    dispatcher =
        new ApiServerDispatcher(
            expectations,
            new IndexedCrudDispatcher(),
            requestLog,
            actorsByToken,
            clock,
            this::forgetRecordedRequest);
    mockServer =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            expectations,
            dispatcher,
            false);
  }

  /**
   * Starts a server on a free loopback port, with namespaces {@code default} and {@code
   * kube-system}.
   */
  public static EmbeddedApiServer start() {
    EmbeddedApiServer server = new EmbeddedApiServer(Clock.systemUTC());
    server.mockServer.start(InetAddress.getLoopbackAddress(), 0);
    try (KubernetesClient client = server.newClient(SELF_ACTOR)) {
      for (String namespace : List.of("default", "kube-system")) {
        client.namespaces().resource(Fixtures.namespace(namespace)).create();
      }
    }
    return server;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + mockServer.getPort();
  }

  public int port() {
    return mockServer.getPort();
  }

  /**
   * A new client for this server; its requests are logged under the client's User-Agent. The server
   * closes it on {@link #close()}, and closing it earlier is fine too.
   */
  public KubernetesClient client() {
    return track(new KubernetesClientBuilder().withConfig(clientConfig()).build());
  }

  /** A new client whose every request carries {@value #ACTOR_HEADER}{@code : actor}. */
  public KubernetesClient client(String actor) {
    return client(actor, UnaryOperator.identity());
  }

  /**
   * As {@link #client(String)}, built by {@code customize} from a builder configured for this
   * server (the operator's client, with the serialization the operator runs with).
   */
  public KubernetesClient client(String actor, UnaryOperator<KubernetesClientBuilder> customize) {
    return track(
        customize.apply(new KubernetesClientBuilder().withConfig(clientConfig(actor))).build());
  }

  /** Client configuration for this server, not read from the environment or ~/.kube/config. */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withHttp2Disable(true)
        .build();
  }

  public Config clientConfig(String actor) {
    Config config = clientConfig();
    config.setCustomHeaders(Map.of(ACTOR_HEADER, actor));
    return config;
  }

  /** A kubeconfig pointing at this server, so that a CLI process can be aimed at it. */
  public String kubeconfigYaml() {
    return kubeconfigYaml("{}");
  }

  private String kubeconfigYaml(String user) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: ams-embedded",
        "  cluster:",
        "    server: " + url(),
        "contexts:",
        "- name: ams-embedded",
        "  context:",
        "    cluster: ams-embedded",
        "    user: ams-embedded",
        "    namespace: default",
        "current-context: ams-embedded",
        "users:",
        "- name: ams-embedded",
        "  user: " + user,
        "");
  }

  public Path writeKubeconfig(Path file) {
    return write(file, kubeconfigYaml());
  }

  /**
   * A kubeconfig whose requests the {@link RequestLog} attributes to {@code actor}: for a process
   * that cannot send {@value #ACTOR_HEADER}, such as the operator's jar. Its user's credentials are
   * a bearer token made up here and known only to this server (as a ServiceAccount's token names
   * its user to a real one); every fabric8 client has the same User-Agent, so that cannot tell it
   * apart. The default field manager of its non-apply writes still comes from its User-Agent, as on
   * a real server.
   */
  public Path writeKubeconfig(Path file, String actor) {
    String token = UUID.randomUUID().toString();
    actorsByToken.put(token, actor);
    return write(file, kubeconfigYaml("{token: " + token + "}"));
  }

  private static Path write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Installs a CRD, which is all the stock dispatcher needs to serve its kind (plural lookup,
   * discovery, status subresource), and marks it Established as a real server would.
   */
  public CustomResourceDefinition installCrd(CustomResourceDefinition crd) {
    CustomResourceDefinition desired =
        new CustomResourceDefinitionBuilder(crd)
            .editMetadata()
            .withResourceVersion(null)
            .withManagedFields()
            .endMetadata()
            .withStatus(null)
            .build();
    try (KubernetesClient client = newClient(SELF_ACTOR)) {
      var crds = client.apiextensions().v1().customResourceDefinitions();
      CustomResourceDefinition installed =
          crds.resource(desired).fieldManager(SELF_ACTOR).forceConflicts().serverSideApply();
      CustomResourceDefinition established =
          new CustomResourceDefinitionBuilder()
              .withNewMetadata()
              .withName(installed.getMetadata().getName())
              .endMetadata()
              .withNewStatus()
              .withAcceptedNames(installed.getSpec().getNames())
              .withConditions(condition("NamesAccepted"), condition("Established"))
              .withStoredVersions(
                  installed.getSpec().getVersions().stream()
                      .filter(v -> Boolean.TRUE.equals(v.getStorage()))
                      .map(CustomResourceDefinitionVersion::getName)
                      .toList())
              .endStatus()
              .build();
      return crds.resource(established)
          .subresource("status")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(SELF_ACTOR)
                  .withForce(true)
                  .build(),
              established);
    }
  }

  private static CustomResourceDefinitionCondition condition(String type) {
    return new CustomResourceDefinitionConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(type.equals("Established") ? "InitialNamesAccepted" : "NoConflicts")
        .build();
  }

  /** Installs every CustomResourceDefinition found in the YAML/JSON files under {@code dir}. */
  public List<CustomResourceDefinition> installCrds(Path dir) {
    List<CustomResourceDefinition> installed = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir);
        KubernetesClient client = newClient(SELF_ACTOR)) {
      for (Path file : files.filter(EmbeddedApiServer::isManifest).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (HasMetadata item : client.load(in).items()) {
            if (item instanceof CustomResourceDefinition crd) {
              installed.add(installCrd(crd));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return installed;
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file)
        && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }

  /**
   * A namespaced CRD that accepts any object and has a status subresource: enough for the double to
   * route another operator's custom resources (Istio's, say), without their real schema (which the
   * double does not enforce).
   */
  public static CustomResourceDefinition minimalCrd(
      String group, String version, String kind, String plural) {
    return minimalCrdServing(group, kind, plural, version);
  }

  /**
   * A {@link #minimalCrd} serving each of {@code servedVersions} (the first is the storage
   * version), as another operator's release serves them: ESO 0.16 serves external-secrets.io v1 and
   * v1beta1, 0.17 only v1; Istio 1.22 serves networking.istio.io v1 and v1beta1. The double keeps
   * the objects of each version apart (no conversion), so a test sees in which version the operator
   * wrote.
   */
  public static CustomResourceDefinition minimalCrdServing(
      String group, String kind, String plural, String... servedVersions) {
    if (servedVersions.length == 0) {
      throw new IllegalArgumentException("a CRD serves at least one version");
    }
    var versions = new ArrayList<CustomResourceDefinitionVersion>();
    for (int i = 0; i < servedVersions.length; i++) {
      versions.add(minimalVersion(servedVersions[i], i == 0));
    }
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(plural + "." + group)
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(kind)
        .withPlural(plural)
        .withSingular(kind.toLowerCase())
        .endNames()
        .withVersions(versions)
        .endSpec()
        .build();
  }

  private static CustomResourceDefinitionVersion minimalVersion(String name, boolean storage) {
    return new CustomResourceDefinitionVersionBuilder()
        .withName(name)
        .withServed(true)
        .withStorage(storage)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .build();
  }

  public RequestLog requestLog() {
    return requestLog;
  }

  public void addInterceptor(RequestInterceptor interceptor) {
    dispatcher.addInterceptor(interceptor);
  }

  public void removeInterceptor(RequestInterceptor interceptor) {
    dispatcher.removeInterceptor(interceptor);
  }

  /**
   * Closes the open watch connections whose request matches, as a restarting API server or a broken
   * connection would (WebSocket close 1001, going away). Clients see the watch end and must watch
   * again; events in between reach them only through the replay on reconnect. Returns how many
   * watches were closed.
   */
  public int dropWatches(Predicate<ApiRequest> which) {
    return dispatcher.watches().drop(which);
  }

  /** How many watch connections whose request matches are open. */
  public long openWatches(Predicate<ApiRequest> which) {
    return dispatcher.watches().count(which);
  }

  /**
   * Every object the server stores, of every kind and namespace, as JSON trees the caller may
   * change; for tests that compare a whole cluster's state.
   */
  public List<ObjectNode> storedObjects() {
    return dispatcher.storedObjects();
  }

  /**
   * How many stored objects the server has looked at to answer requests so far (a full scan counts
   * every one): what tells a request whose cost grows with objects it does not concern.
   */
  long storedObjectsExamined() {
    return dispatcher.storedObjectsExamined();
  }

  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    clients.clear();
    mockServer.destroy();
  }

  private KubernetesClient newClient(String actor) {
    return new KubernetesClientBuilder().withConfig(clientConfig(actor)).build();
  }

  private KubernetesClient track(KubernetesClient client) {
    clients.add(client);
    return client;
  }

  /**
   * The underlying MockWebServer queues every request for {@code takeRequest()}, which we never
   * call: drop one per request handled so that a long demo run does not accumulate them.
   */
  private void forgetRecordedRequest() {
    try {
      mockServer.takeRequest(0, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
