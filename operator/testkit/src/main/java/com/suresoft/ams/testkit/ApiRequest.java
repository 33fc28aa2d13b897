package com.suresoft.ams.testkit;

import java.time.Instant;
import java.util.Set;

/**
 * One request the {@link EmbeddedApiServer} received, as recorded in its {@link RequestLog} and
 * shown to {@link RequestInterceptor}s.
 *
 * @param sequence position in the log; compare with {@link RequestLog#mark()}
 * @param path the path without the query string
 * @param query the raw query string, empty when there is none
 * @param contentType the Content-Type header, or null
 * @param actor the {@value EmbeddedApiServer#ACTOR_HEADER} header, else whom the bearer token of a
 *     {@link EmbeddedApiServer#writeKubeconfig(java.nio.file.Path, String)} kubeconfig names, else
 *     the User-Agent, else {@code unknown}
 * @param status the HTTP status of the answer in the {@link RequestLog}; {@link #UNANSWERED} while
 *     the server handles it (as interceptors see it)
 */
public record ApiRequest(
    long sequence,
    Instant timestamp,
    String method,
    String path,
    String query,
    String contentType,
    String actor,
    int status) {

  /** The status of a request not answered yet. */
  public static final int UNANSWERED = 0;

  private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** POST, PUT, PATCH or DELETE. */
  public boolean isWrite() {
    return WRITE_METHODS.contains(method);
  }

  /** A GET with {@code watch=true}: an informer or watch connection. */
  public boolean isWatch() {
    return "GET".equals(method) && "true".equals(ResourcePath.parseQuery(query).get("watch"));
  }

  /** The same request with the status of its answer. */
  public ApiRequest answered(int answer) {
    return new ApiRequest(sequence, timestamp, method, path, query, contentType, actor, answer);
  }

  /**
   * The kind of object the request is about, as {@code group/plural}: {@code apps/deployments},
   * {@code /secrets} for the core group. The same for a collection, one of its objects and their
   * subresources; empty for paths that name no resource (discovery, {@code /version}).
   */
  public String resource() {
    return ResourcePath.parse(path).map(p -> p.group() + "/" + p.plural()).orElse("");
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " by " + actor;
  }
}
