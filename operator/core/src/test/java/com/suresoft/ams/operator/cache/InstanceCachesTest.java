package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.testing.TestClock;
import com.suresoft.ams.operator.validation.CurrentVolumes;
import com.suresoft.ams.operator.validation.SpecValidator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every per-instance cache forgets an instance through InstanceCaches, and only then. */
class InstanceCachesTest {
  private EmbeddedApiServer server;
  private ValidatedSpecs specs;
  private StatusThrottle throttle;
  private ReferencedSecrets secrets;
  private InstanceCaches caches;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    specs = new ValidatedSpecs(new SpecValidator());
    throttle = new StatusThrottle();
    secrets =
        new ReferencedSecrets(
            server.client("ams-operator"),
            new TestClock(Instant.parse("2026-01-01T00:00:00Z")),
            Duration.ofMinutes(1));
    caches = new InstanceCaches(specs, throttle, secrets);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** An instance as the API server hands it out. */
  static AmsInstance instance(String name, String uid) {
    var instance = TestInstances.sample("development");
    instance.getMetadata().setName(name);
    instance.getMetadata().setNamespace("ns");
    instance.getMetadata().setUid(uid);
    instance.getMetadata().setGeneration(1L);
    return instance;
  }

  private record NoInputs() {}

  /** One reconciliation's use of every cache, as the reconciler makes it. */
  private void reconcile(AmsInstance instance, Set<ResourceID> alive) {
    var id = ResourceID.fromResource(instance);
    caches.retain(instance, alive::contains);
    specs.of(instance, CurrentVolumes.none());
    throttle.written(instance);
    caches.sets().inSync(id, "set", caches.sets().keyOf(new NoInputs(), List.of()));
    secrets.keys(id, 1L, Set.of("my-db"));
  }

  private List<Set<ResourceID>> everyCache() {
    return List.of(
        specs.instances(), throttle.instances(), caches.sets().instances(), secrets.instances());
  }

  @Test
  void deletedInstancesAreForgottenByEveryCacheOnceTheCachesHaveGrown() {
    var alive = new HashSet<ResourceID>();
    for (int i = 0; i < 64; i++) {
      var instance = instance("ams-" + i, "uid-" + i);
      alive.add(ResourceID.fromResource(instance));
      reconcile(instance, alive);
    }
    alive.removeIf(id -> !id.getName().equals("ams-7"));
    var ams7 = new ResourceID("ams-7", "ns");
    // Not yet: the walk runs only once the caches have doubled, so a steady fleet never walks.
    reconcile(instance("ams-7", "uid-7"), alive);
    assertThat(everyCache()).allSatisfy(c -> assertThat(c).hasSize(64));

    var newcomer = instance("ams-64", "uid-64");
    alive.add(ResourceID.fromResource(newcomer));
    reconcile(newcomer, alive);
    assertThat(everyCache())
        .allSatisfy(
            c -> assertThat(c).containsExactlyInAnyOrder(ams7, new ResourceID("ams-64", "ns")));
  }

  @Test
  void aReCreatedInstanceIsForgottenAtOnce() {
    var first = instance("ams", "uid-1");
    var id = ResourceID.fromResource(first);
    reconcile(first, Set.of(id));
    int gets = getsOfMyDb();
    // The same name, a new uid: what was read for the old instance does not apply.
    caches.retain(instance("ams", "uid-2"), Set.of(id)::contains);
    assertThat(everyCache()).allSatisfy(c -> assertThat(c).isEmpty());
    secrets.keys(id, 1L, Set.of("my-db"));
    assertThat(getsOfMyDb()).isEqualTo(gets + 1);
  }

  @Test
  void anInstanceReconciledAgainIsKept() {
    var instance = instance("ams", "uid-1");
    var id = ResourceID.fromResource(instance);
    reconcile(instance, Set.of(id));
    caches.retain(instance, Set.of(id)::contains);
    assertThat(everyCache()).allSatisfy(c -> assertThat(c).containsExactly(id));
  }

  private int getsOfMyDb() {
    return (int)
        server.requestLog().requests().stream()
            .filter(r -> r.method().equals("GET"))
            .filter(r -> r.path().equals("/api/v1/namespaces/ns/secrets/my-db"))
            .count();
  }
}
