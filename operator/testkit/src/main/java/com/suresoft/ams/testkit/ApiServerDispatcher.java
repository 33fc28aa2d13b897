package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request: logs it, lets interceptors answer it, then sends reads, watches and deletes
 * to the stock {@link KubernetesCrudDispatcher} and handles creates, replaces and all patches
 * itself (see {@link ObjectUpdates}, {@link ServerSideApply}, {@link ScaleSubresource}).
 */
final class ApiServerDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServerDispatcher.class);

  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final MockDispatcher expectationDispatcher;
  private final IndexedCrudDispatcher crud;
  private final ObjectStore store;
  private final ObjectUpdates updates;
  private final ServerSideApply apply;
  private final ScaleSubresource scale;
  private final RequestLog requestLog;
  private final Map<String, String> actorsByToken;
  private final List<RequestInterceptor> interceptors = new CopyOnWriteArrayList<>();
  private final OpenWatches watches = new OpenWatches();
  private final Clock clock;
  private final Runnable afterRequest;

  /**
   * Writes are read-modify-write sequences over the stock store and must not interleave. Today
   * MockWebServer dispatches every request on one Vert.x event loop, so this lock is never
   * contended; it keeps writes atomic should that change. (The same event loop is why handlers and
   * interceptors must never block.)
   */
  private final ReentrantLock writeLock = new ReentrantLock();

  ApiServerDispatcher(
      Map<ServerRequest, Queue<ServerResponse>> expectations,
      IndexedCrudDispatcher crud,
      RequestLog requestLog,
      Map<String, String> actorsByToken,
      Clock clock,
      Runnable afterRequest) {
    this.expectations = expectations;
    this.expectationDispatcher = new MockDispatcher(expectations);
    this.crud = crud;
    this.store = new ObjectStore(crud);
    ObjectWriter writer = new ObjectWriter(store);
    this.updates = new ObjectUpdates(store, writer);
    this.apply = new ServerSideApply(store, writer);
    this.scale = new ScaleSubresource(store, writer);
    this.requestLog = requestLog;
    this.actorsByToken = actorsByToken;
    this.clock = clock;
    this.afterRequest = afterRequest;
  }

  void addInterceptor(RequestInterceptor interceptor) {
    interceptors.add(interceptor);
  }

  void removeInterceptor(RequestInterceptor interceptor) {
    interceptors.remove(interceptor);
  }

  OpenWatches watches() {
    return watches;
  }

  /** Every stored object, parsed afresh (so callers may change them). */
  List<ObjectNode> storedObjects() {
    return store.all();
  }

  /** How many stored objects answering requests has looked at so far. */
  long storedObjectsExamined() {
    return crud.examined();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      ApiRequest logged = log(request);
      Interception interception = intercept(logged);
      MockResponse response =
          interception.proceeds() ? route(request, logged) : cannedResponse(interception);
      if (response.getWebSocketListener() != null) {
        response.withWebSocketUpgrade(watches.track(logged, response.getWebSocketListener()));
      }
      interception.headers().forEach(response::setHeader);
      interception.delay().ifPresent(response::setBodyDelay);
      requestLog.answered(logged, response.code());
      return response;
    } finally {
      afterRequest.run();
    }
  }

  private ApiRequest log(RecordedRequest request) {
    String uri = request.getPath();
    int queryStart = uri.indexOf('?');
    return requestLog.record(
        clock.instant(),
        request.getMethod(),
        queryStart < 0 ? uri : uri.substring(0, queryStart),
        queryStart < 0 ? "" : uri.substring(queryStart + 1),
        request.getHeader("Content-Type"),
        actorOf(request, actorsByToken));
  }

  /** The actor header, else whom the bearer token names, else the User-Agent, else unknown. */
  static String actorOf(RecordedRequest request, Map<String, String> actorsByToken) {
    String actor = request.getHeader(EmbeddedApiServer.ACTOR_HEADER);
    if (actor == null || actor.isBlank()) {
      actor = tokenActor(request.getHeader("Authorization"), actorsByToken);
    }
    if (actor == null || actor.isBlank()) {
      actor = request.getHeader("User-Agent");
    }
    return actor == null || actor.isBlank() ? "unknown" : actor;
  }

  private static String tokenActor(String authorization, Map<String, String> actorsByToken) {
    String bearer = "Bearer ";
    if (authorization == null
        || !authorization.regionMatches(true, 0, bearer, 0, bearer.length())) {
      return null;
    }
    return actorsByToken.get(authorization.substring(bearer.length()).trim());
  }

  private Interception intercept(ApiRequest request) {
    for (RequestInterceptor interceptor : interceptors) {
      Interception decision = interceptor.intercept(request);
      if (decision != null && !decision.isPlainProceed()) {
        return decision;
      }
    }
    return Interception.proceed();
  }

  private static MockResponse cannedResponse(Interception interception) {
    MockResponse response = new MockResponse().setResponseCode(interception.status().orElseThrow());
    interception.body().ifPresent(response::setBody);
    response.setHeader("Content-Type", "application/json");
    return response;
  }

  private MockResponse route(RecordedRequest request, ApiRequest logged) {
    Queue<ServerResponse> expected =
        expectations.get(new SimpleRequest(request.method(), request.getPath()));
    if (expected != null && !expected.isEmpty()) {
      // "/" and "/version", registered by KubernetesMockServer#onStart.
      return expectationDispatcher.dispatch(request);
    }
    Optional<ResourcePath> path = ResourcePath.parse(request.getPath());
    try {
      path.ifPresent(this::requireServedVersion);
      return switch (request.getMethod()) {
        case "GET" ->
            path.filter(ScaleSubresource::supports).isPresent()
                ? json(200, scale.get(path.get()))
                : crud.dispatch(request);
        case "DELETE" -> underWriteLock(() -> crud.dispatch(request));
        case "POST", "PUT", "PATCH" ->
            underWriteLock(
                () -> {
                  long before = store.changes();
                  MockResponse response =
                      write(request, path.orElseThrow(() -> notAResource(request)));
                  if (store.changes() == before) {
                    requestLog.noOp(logged);
                  }
                  return response;
                });
        default ->
            error(new ApiException(405, "MethodNotAllowed", request.getMethod() + " not allowed"));
      };
    } catch (ApiException e) {
      return error(e);
    } catch (RuntimeException e) {
      LOG.warn("Embedded API server failed on {} {}", request.getMethod(), request.getPath(), e);
      return error(new ApiException(500, "InternalError", String.valueOf(e.getMessage())));
    }
  }

  private MockResponse write(RecordedRequest request, ResourcePath path) {
    WriteRequest write =
        new WriteRequest(
            path,
            request.getHeader("Content-Type"),
            new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
            path.queryParameter("fieldManager").orElseGet(() -> defaultManager(request)),
            clock.instant());
    return switch (request.getMethod()) {
      case "POST" -> json(201, updates.create(write));
      case "PUT" -> replace(write);
      default -> patch(write);
    };
  }

  private MockResponse replace(WriteRequest write) {
    ResourcePath path = write.path();
    if (path.isScale()) {
      return json(200, scale.update(requireScalable(write), ignored -> bodyOf(write)));
    }
    return json(200, updates.replace(write, store.scopeFor(path)));
  }

  private MockResponse patch(WriteRequest write) {
    ResourcePath path = write.path();
    String mediaType = mediaType(write.contentType());
    if (ServerSideApply.CONTENT_TYPE.equals(mediaType)) {
      ServerSideApply.Outcome outcome = apply.apply(write);
      return json(outcome.created() ? 201 : 200, outcome.object());
    }
    if (STRATEGIC_MERGE_PATCH.equals(mediaType)) {
      throw ApiException.unsupportedMediaType(
          "strategic merge patch is not supported by the embedded test double;"
              + " use server-side apply or a JSON merge patch");
    }
    if (MERGE_PATCH.equals(mediaType)) {
      return path.isScale()
          ? json(
              200,
              scale.update(
                  requireScalable(write),
                  s -> (ObjectNode) JsonMergePatch.apply(s, Json.parse(write.body()))))
          : json(200, updates.mergePatch(write, store.scopeFor(path)));
    }
    if (JSON_PATCH.equals(mediaType) || mediaType.isEmpty()) {
      return path.isScale()
          ? json(
              200,
              scale.update(
                  requireScalable(write), s -> ObjectUpdates.applyJsonPatch(s, write.body())))
          : json(200, updates.jsonPatch(write, store.scopeFor(path)));
    }
    throw ApiException.unsupportedMediaType("unsupported patch type " + write.contentType());
  }

  private static WriteRequest requireScalable(WriteRequest write) {
    if (!ScaleSubresource.supports(write.path())) {
      throw new ApiException(404, "NotFound", write.path().plural() + " have no scale subresource");
    }
    return write;
  }

  private static ObjectNode bodyOf(WriteRequest write) {
    return Json.parseObject(write.body(), false);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * The manager of a non-apply write that names none. A real server takes the User-Agent up to its
   * first slash; our actor header stands in for the distinct user agents that kubectl, the
   * controller manager and the operator would have on a cluster.
   */
  private static String defaultManager(RecordedRequest request) {
    String actor = request.getHeader(EmbeddedApiServer.ACTOR_HEADER);
    if (actor != null && !actor.isBlank()) {
      return actor;
    }
    String userAgent = request.getHeader("User-Agent");
    if (userAgent == null || userAgent.isBlank()) {
      return "unknown";
    }
    int slash = userAgent.indexOf('/');
    return slash < 0 ? userAgent : userAgent.substring(0, slash);
  }

  private MockResponse underWriteLock(java.util.function.Supplier<MockResponse> write) {
    writeLock.lock();
    try {
      return write.get();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * A real API server answers 404 for a custom resource in a version its CRD lists as not served,
   * or does not list: an operator upgrade that stops serving a version (ESO 0.17 and v1beta1) makes
   * every request in it fail. The stock dispatcher would serve any version, which would hide a
   * client that asks for the wrong one. (Kinds without a CRD are left to the stock dispatcher.)
   */
  private void requireServedVersion(ResourcePath path) {
    if (path.isBuiltInGroup()) {
      return;
    }
    var crd =
        store.find(
            new ResourcePath(
                "apiextensions.k8s.io",
                "v1",
                null,
                "customresourcedefinitions",
                path.plural() + "." + path.group(),
                null,
                Map.of()));
    if (crd.isEmpty()) {
      return;
    }
    var versions = crd.get().object().path("spec").path("versions");
    for (var version : versions) {
      if (path.version().equals(version.path("name").asText())) {
        if (version.path("served").asBoolean(false)) {
          return;
        }
        break;
      }
    }
    throw new ApiException(
        404,
        "NotFound",
        "the server could not find the requested resource: "
            + path.plural()
            + "."
            + path.group()
            + " is not served in version "
            + path.version());
  }

  private static ApiException notAResource(RecordedRequest request) {
    return new ApiException(404, "NotFound", "no resource at " + request.getPath());
  }

  private static MockResponse json(int code, ObjectNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(Json.write(body));
  }

  private static MockResponse error(ApiException e) {
    return new MockResponse()
        .setResponseCode(e.code())
        .setHeader("Content-Type", "application/json")
        .setBody(StatusBodies.failure(e.code(), e.reason(), e.getMessage(), e.details()));
  }
}
