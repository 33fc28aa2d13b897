package com.suresoft.ams.testkit;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The watch connections the server holds open, so that a test can break them as a network or an API
 * server restart would. The stock mock serves each watch over a WebSocket whose listener it keeps
 * to itself; we wrap that listener on the way out to learn the socket and who opened it.
 *
 * <p>A watch from a {@code resourceVersion} gets only what changed after it, as from an API server.
 * The stock mock sends every stored object it matches as {@code ADDED} when a watch opens, whatever
 * version it was asked to start from: an informer, which lists first and watches from the list's
 * version, got everything twice, so a restarted operator read its 75,000 objects at 1,000 instances
 * twice, and the benchmark's restart measured the double (BENCHMARKS.md, session 14). Those of them
 * at or before the watch's version are not sent; a watch without one (or from {@code 0}) still gets
 * them all, as the API server sends a new watch the current state.
 */
final class OpenWatches {

  /** Close code of a dropped watch: "going away", what a restarting server sends. */
  static final int GOING_AWAY = 1001;

  private final Map<Tracked, ApiRequest> open = new ConcurrentHashMap<>();

  /** The listener to serve {@code request}'s watch with, in place of {@code delegate}. */
  WebSocketListener track(ApiRequest request, WebSocketListener delegate) {
    return new Tracked(request, delegate);
  }

  /** Closes every open watch whose request matches; returns how many were closed. */
  int drop(Predicate<ApiRequest> which) {
    int dropped = 0;
    for (var entry : open.entrySet()) {
      if (which.test(entry.getValue()) && entry.getKey().close()) {
        dropped++;
      }
    }
    return dropped;
  }

  /** How many open watches match. */
  long count(Predicate<ApiRequest> which) {
    return open.values().stream().filter(which).count();
  }

  /** The {@code resourceVersion} a watch asks to start from, 0 for none. */
  static long sinceVersion(String query) {
    String version = ResourcePath.parseQuery(query).getOrDefault("resourceVersion", "");
    try {
      return version.isEmpty() ? 0 : Long.parseLong(version);
    } catch (NumberFormatException notOurs) {
      return 0;
    }
  }

  /** A watch's socket that does not send {@code ADDED} for objects at or before its version. */
  static final class SinceVersion implements WebSocket {
    private final WebSocket socket;
    private final long since;

    SinceVersion(WebSocket socket, long since) {
      this.socket = socket;
      this.since = since;
    }

    @Override
    public io.fabric8.mockwebserver.http.RecordedRequest request() {
      return socket.request();
    }

    @Override
    public boolean send(String text) {
      return seenAlready(text) || socket.send(text);
    }

    @Override
    public boolean send(byte[] bytes) {
      return socket.send(bytes);
    }

    @Override
    public boolean close(int code, String reason) {
      return socket.close(code, reason);
    }

    /** An {@code ADDED} event of an object whose version the watch started from or after. */
    boolean seenAlready(String event) {
      try {
        var node = Json.parse(event);
        String version = Json.text(node, "object", "metadata", "resourceVersion");
        return "ADDED".equals(Json.text(node, "type"))
            && version != null
            && Long.parseLong(version) <= since;
      } catch (ApiException | NumberFormatException notAnObjectsEvent) {
        return false;
      }
    }
  }

  /** Forwards everything to the stock listener, registering the socket while it is open. */
  private final class Tracked extends WebSocketListener {
    private final ApiRequest request;
    private final WebSocketListener delegate;
    private volatile WebSocket socket;

    Tracked(ApiRequest request, WebSocketListener delegate) {
      this.request = request;
      this.delegate = delegate;
    }

    boolean close() {
      WebSocket s = socket;
      open.remove(this);
      return s != null && s.close(GOING_AWAY, "watch dropped by the test double");
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket = webSocket;
      open.put(this, request);
      long since = sinceVersion(request.query());
      delegate.onOpen(since > 0 ? new SinceVersion(webSocket, since) : webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      open.remove(this);
      delegate.onClosed(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      open.remove(this);
      delegate.onFailure(webSocket, error, response);
    }
  }
}
