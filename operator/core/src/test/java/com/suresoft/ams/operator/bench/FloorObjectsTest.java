package com.suresoft.ams.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.it.OperatorHarness;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.testkit.ApiRequest;
import io.fabric8.kubernetes.api.Pluralize;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's floor applies the objects the operator creates on the benchmark's server: no
 * fewer (a floor that leaves some out flatters every ratio against it; until session 19 it left out
 * the data tier's five TLS Secrets an instance) and no more.
 */
class FloorObjectsTest {

  /** One instance of each tier, as the default (mixed) fleet takes them; the last is Production. */
  @Test
  void theFloorIsWhatTheOperatorCreatesForAnInstanceOfEachTier() {
    var fleet = TestInstances.fleet("floor", TestInstances.TIERS.size());
    fleet.forEach(i -> i.getMetadata().setNamespace(OperatorHarness.NAMESPACE));
    try (var harness = OperatorHarness.start(Duration.ofSeconds(5))) {
      long mark = harness.mark();
      fleet.forEach(i -> harness.create(TestInstances.copy(i)));
      fleet.forEach(i -> harness.awaitPhase(i.getMetadata().getName(), Phase.Ready));
      harness.awaitOperatorQuiet(Duration.ofMillis(500));
      // The kinds the operator wrote, then every object of those kinds that carries its label: the
      // simulator's objects of other kinds (claims) are no part of what the operator creates.
      Set<String> writtenKinds =
          harness.operatorWritesSince(mark).stream()
              .map(ApiRequest::resource)
              .collect(Collectors.toSet());
      var created =
          harness.storedInNamespace().stream()
              .filter(o -> Labels.OPERATOR.equals(text(o, "metadata", "labels", Labels.MANAGED_BY)))
              .filter(o -> writtenKinds.contains(resource(o)))
              .filter(o -> !text(o, "kind").equals("AmsInstance"))
              .map(
                  o ->
                      text(o, "apiVersion")
                          + " "
                          + text(o, "kind")
                          + " "
                          + text(o, "metadata", "name"))
              .collect(Collectors.toCollection(TreeSet::new));

      var floor =
          ConvergenceBenchmark.floorObjects(fleet).stream()
              .map(o -> o.getApiVersion() + " " + o.getKind() + " " + o.getMetadata().getName())
              .collect(Collectors.toCollection(TreeSet::new));

      // Production's data tier speaks TLS with certificates the operator issues here.
      assertThat(created).contains("v1 Secret floor-3-ca", "v1 Secret floor-3-postgres-tls");
      assertThat(floor).isEqualTo(created);
    }
  }

  private static String text(ObjectNode o, String... path) {
    com.fasterxml.jackson.databind.JsonNode node = o;
    for (String p : path) {
      node = node.path(p);
    }
    return node.asText();
  }

  /** The stored object's kind as a logged request names it: {@code group/plural}. */
  private static String resource(ObjectNode o) {
    String apiVersion = text(o, "apiVersion");
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String plural = Pluralize.toPlural(text(o, "kind").toLowerCase(java.util.Locale.ROOT));
    return group + "/" + plural;
  }
}
