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
      delegate.onOpen(webSocket, response);
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
