package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator told to watch some namespaces ({@code watchNamespaces} in the chart) runs an informer
 * per namespace and kind, which JOSDK gives one and the same store. Each must keep the others'
 * objects: an informer that lists its namespace (at its start, and again after a lost watch) must
 * not take another namespace's objects out of the shared store, or the operator would find the
 * other instances' objects gone and build them again.
 */
class WatchedNamespacesIT {
  private static final Set<String> TEAMS = Set.of("team-a", "team-b", "team-c");

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start(Duration.ofMillis(250), s -> s.namespaces(TEAMS));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void everyWatchedNamespacesObjectsStayInTheOperatorsCaches() {
    for (String team : TEAMS) {
      var instance = TestInstances.sample("development");
      instance.getMetadata().setNamespace(team);
      harness.user().resource(instance).create();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                harness
                    .user()
                    .resources(AmsInstance.class)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .stream()
                    .allMatch(
                        i -> i.getStatus() != null && i.getStatus().getPhase() == Phase.Ready));
    harness.awaitOperatorQuiet(Duration.ofSeconds(1));
    // A new operator's informers list namespaces that hold objects already: it finds them all, so
    // it has nothing to write.
    long restart = harness.mark();
    harness.restartOperator();
    harness.awaitReconciles(TEAMS.size());
    harness.awaitOperatorQuiet(Duration.ofSeconds(1));
    assertThat(harness.operatorWritesSince(restart)).as("the new operator's writes").isEmpty();

    var informers = harness.operator().informers();
    assertThat(informers).isNotEmpty();
    for (var informer : informers) {
      var cachedNamespaces =
          informer
              .list(o -> true)
              .map(o -> ((HasMetadata) o).getMetadata().getNamespace())
              .collect(Collectors.toSet());
      // Three instances alike: each kind's objects are in all three namespaces, or in none.
      assertThat(cachedNamespaces).as(informer.name()).isIn(Set.of(), TEAMS);
    }
  }
}
