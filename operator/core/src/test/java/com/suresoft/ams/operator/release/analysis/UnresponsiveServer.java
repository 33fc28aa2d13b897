package com.suresoft.ams.operator.release.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on loopback that accepts connections and answers nothing until told to: a Prometheus
 * URL pointed at a dead (or deliberately slow) address. {@link #answer} then writes a raw HTTP
 * response on every connection held.
 */
public final class UnresponsiveServer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public UnresponsiveServer() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  held.add(socket.accept());
                } catch (IOException e) {
                  return;
                }
              }
            },
            "unresponsive-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return held.size();
  }

  /** Sends {@code status} with {@code body} on every connection held, and closes them. */
  public void answer(int status, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " Whatever\r\nContent-Type: text/plain\r\nContent-Length: "
            + b.length
            + "\r\nConnection: close\r\n\r\n";
    for (Socket s : held) {
      try (s) {
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
      } catch (IOException ignored) {
        // the client gave up already
      }
    }
    held.clear();
  }

  @Override
  public void close() {
    try {
      socket.close();
      for (Socket s : held) {
        s.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
