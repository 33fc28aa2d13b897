package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh in-process API server with the controller simulator on it for each test, and a client
 * acting as {@code test}: what the simulator's own tests start from.
 */
abstract class SimulatedClusterTest {

  protected EmbeddedApiServer server;
  protected ControllerSimulator simulator;
  protected KubernetesClient client;

  @BeforeEach
  void startCluster() {
    server = EmbeddedApiServer.start();
    simulator = ControllerSimulator.start(server);
    client = server.client("test");
  }

  @AfterEach
  void stopCluster() {
    simulator.close();
    server.close();
  }
}
