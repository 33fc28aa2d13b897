package com.suresoft.ams.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request costs the double the same however many unrelated objects it stores: the work the
 * operator and the simulator do for one namespace (creates, server-side applies, a claim that takes
 * the default StorageClass, gets, lists, deletes, the simulated controllers' writes) looks at none
 * of the objects of other namespaces. A full scan per claim (the default class looked up among
 * every stored object) once made a 1,000-instance fleet wait on the double, not on the operator.
 */
class RequestCostTest extends SimulatedClusterTest {

  private static final int UNRELATED = 1_000;

  @Test
  void oneNamespacesWorkLooksAtNoObjectOfAnother() {
    VolumeSimulationTest.storageClass(client, "standard", false, "Immediate", true);
    long alone = examinedBy(() -> workIn("first"));

    for (int i = 0; i < UNRELATED; i++) {
      String namespace = "other-" + (i % 10);
      if (i < 10) {
        client.resource(Fixtures.namespace(namespace)).create();
      }
      client
          .resource(
              in(namespace, Fixtures.configMap("unrelated-" + i, Map.of("n", String.valueOf(i)))))
          .create();
    }
    long amongOthers = examinedBy(() -> workIn("second"));

    assertThat(alone).as("the workload looks at the objects it concerns").isPositive();
    assertThat(amongOthers - alone)
        .as(
            "objects looked at beyond the same work with no unrelated objects; one full scan would"
                + " add %d",
            UNRELATED)
        .isLessThan(UNRELATED / 10);
  }

  private static <T extends HasMetadata> T in(String namespace, T object) {
    object.getMetadata().setNamespace(namespace);
    return object;
  }

  private long examinedBy(Runnable work) {
    simulator.awaitIdle();
    long before = server.storedObjectsExamined();
    work.run();
    simulator.awaitIdle();
    return server.storedObjectsExamined() - before;
  }

  private void workIn(String namespace) {
    client.resource(Fixtures.namespace(namespace)).create();
    client.resource(in(namespace, Fixtures.deployment("web", 2))).create();
    client.resource(in(namespace, Fixtures.claim("data", "1Gi"))).create();
    client
        .resource(in(namespace, Fixtures.configMap("settings", Map.of("mode", "fast"))))
        .forceConflicts()
        .serverSideApply();
    client.configMaps().inNamespace(namespace).withName("settings").get();
    client.configMaps().inNamespace(namespace).list();
    client.pods().inNamespace(namespace).withLabel("app", "web").list();
    client.configMaps().inNamespace(namespace).withName("settings").delete();
  }
}
