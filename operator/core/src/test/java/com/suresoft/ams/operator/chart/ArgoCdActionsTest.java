package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.release.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Argo CD resource actions (charts/ams-operator/actions/amsinstance.yaml), run by lua5.4 in
 * Argo CD's sandbox: discovery offers an action only where the operator acts on it (otherwise its
 * token would only be reported as {@code ActionIgnored}), and each action sets its annotation to a
 * fresh token, as {@code kubectl ams} does.
 */
class ArgoCdActionsTest {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  @TempDir java.nio.file.Path dir;

  @Test
  void thereIsOneActionPerOperatorActionAndDiscoveryListsEach() throws Exception {
    var keys = Arrays.stream(Action.values()).map(Action::key).collect(Collectors.toSet());
    var scripts = ArgoCdLua.actionScripts();
    assertThat(scripts.keySet()).containsExactlyInAnyOrderElementsOf(withDiscovery(keys));
    var offered = discovery(instance(r -> {}, false)).keySet();
    assertThat(offered).containsExactlyInAnyOrderElementsOf(keys);
  }

  /** What discovery enables (the rest it lists as disabled) in each state of a release. */
  @Test
  void discoveryEnablesOnlyWhatActsInTheReleasesPhase() throws Exception {
    var expected = new LinkedHashMap<String, Set<String>>();
    var states = new LinkedHashMap<String, AmsInstance>();
    states.put(
        "no status yet", TestInstances.withSpec("ams", "tier: Development\nversion: \"1\"\n"));
    expected.put("no status yet", Set.of());
    state(states, expected, "stable", r -> stable(r), false);
    state(
        states,
        expected,
        "first install migrating",
        r -> {
          r.setCandidateVersion("1.0.0");
          r.setPhase(ReleasePhase.Migrating);
        },
        false);
    state(
        states,
        expected,
        "first install failed",
        r -> {
          r.setCandidateVersion("1.0.0");
          r.setPhase(ReleasePhase.Failed);
        },
        false,
        "retry");
    state(
        states,
        expected,
        "canary migrating",
        r -> release(r, "Canary", ReleasePhase.Migrating),
        false,
        "abort");
    state(
        states,
        expected,
        "canary at a weight",
        r -> {
          release(r, "Canary", ReleasePhase.Progressing);
          r.setStepWeight(20);
        },
        false,
        "promote-full",
        "abort");
    state(
        states,
        expected,
        "canary paused for promote",
        r -> {
          release(r, "Canary", ReleasePhase.Paused);
          r.setStepWeight(20);
        },
        false,
        "promote",
        "promote-full",
        "abort");
    state(
        states,
        expected,
        "canary fully promoted, scaling",
        r -> {
          release(r, "Canary", ReleasePhase.Progressing);
          r.setStepWeight(100);
        },
        false,
        "abort");
    state(
        states,
        expected,
        "blue-green migrating",
        r -> release(r, "BlueGreen", ReleasePhase.Migrating),
        false,
        "promote-full",
        "abort");
    state(
        states,
        expected,
        "blue-green preview",
        r -> release(r, "BlueGreen", ReleasePhase.Paused),
        false,
        "promote",
        "promote-full",
        "abort");
    state(
        states,
        expected,
        "blue-green promoted, waiting for pods",
        r -> {
          release(r, "BlueGreen", ReleasePhase.Paused);
          r.setPromotionRequested(true);
        },
        false,
        "abort");
    state(
        states,
        expected,
        "rolling update",
        r -> release(r, "RollingUpdate", ReleasePhase.Progressing),
        false,
        "abort");
    state(
        states,
        expected,
        "promoting",
        r -> release(r, "BlueGreen", ReleasePhase.Promoting),
        false,
        "abort");
    state(
        states,
        expected,
        "aborted",
        r -> release(r, "Canary", ReleasePhase.Aborted),
        false,
        "retry");
    state(
        states,
        expected,
        "failed",
        r -> release(r, "BlueGreen", ReleasePhase.Failed),
        false,
        "retry");
    state(
        states,
        expected,
        "held by spec.paused at a canary pause",
        r -> {
          release(r, "Canary", ReleasePhase.Paused);
          r.setStepWeight(20);
        },
        true,
        "abort");
    state(
        states,
        expected,
        "aborted, spec.paused",
        r -> release(r, "Canary", ReleasePhase.Aborted),
        true);
    for (var e : states.entrySet()) {
      var offered = discovery(e.getValue());
      var enabled =
          offered.entrySet().stream()
              .filter(a -> a.getValue().equals("false"))
              .map(Map.Entry::getKey)
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(enabled)
          .as(e.getKey())
          .containsExactlyInAnyOrderElementsOf(expected.get(e.getKey()));
      assertThat(offered.keySet()).as(e.getKey()).hasSize(Action.values().length);
    }
  }

  @Test
  void eachActionSetsItsAnnotationToAFreshTokenAndNothingElse() throws Exception {
    var lua = new ArgoCdLua(dir);
    var scripts = ArgoCdLua.actionScripts();
    for (Action action : Action.values()) {
      var instance = instance(r -> release(r, "Canary", ReleasePhase.Paused), false);
      instance.getMetadata().setResourceVersion("4711");
      instance.getMetadata().setAnnotations(new TreeMap<>(Map.of("team", "payments")));
      var before = lua.run("return obj", instance);
      Instant start = Instant.now().minusSeconds(1);
      var after = lua.run(scripts.get(action.key()), instance);
      String key = "metadata.annotations." + action.annotation();
      String token = after.get(key);
      assertThat(token).as(action.key()).matches("\\d{8}T\\d{6}Z-4711");
      Instant stamp = LocalDateTime.parse(token.substring(0, 16), STAMP).toInstant(ZoneOffset.UTC);
      assertThat(Duration.between(start, stamp).abs())
          .as("the token's time is now")
          .isLessThan(Duration.ofMinutes(1));
      var rest = new TreeMap<>(after);
      rest.remove(key);
      assertThat(rest).as("%s changes only its annotation", action.key()).isEqualTo(before);
    }
  }

  /**
   * A token the operator has handled never comes back: every write changes the resourceVersion, the
   * action's own patch included, so the next invocation's token differs even within one second. Two
   * invocations on the same state give the same token, so a double click acts once.
   */
  @Test
  void tokensDifferPerStateOfTheInstance() throws Exception {
    var lua = new ArgoCdLua(dir);
    String promote = ArgoCdLua.actionScripts().get(Action.PROMOTE.key());
    String key = "metadata.annotations." + Action.PROMOTE.annotation();
    var instance = instance(r -> release(r, "Canary", ReleasePhase.Paused), false);
    instance.getMetadata().setResourceVersion("100");
    String first = lua.run(promote, instance).get(key);
    instance.getMetadata().setAnnotations(Map.of(Action.PROMOTE.annotation(), first));
    instance.getMetadata().setResourceVersion("101");
    String second = lua.run(promote, instance).get(key);
    assertThat(second).isNotEqualTo(first).endsWith("-101");
  }

  @Test
  void anInstanceWithoutAnnotationsGetsTheMap() throws Exception {
    var instance = instance(r -> release(r, "Canary", ReleasePhase.Aborted), false);
    instance.getMetadata().setAnnotations(null);
    instance.getMetadata().setResourceVersion("7");
    var after = new ArgoCdLua(dir).run(ArgoCdLua.actionScripts().get("retry"), instance);
    assertThat(after.get("metadata.annotations." + Action.RETRY.annotation())).endsWith("-7");
  }

  // ---- helpers ----

  private Map<String, String> discovery(AmsInstance instance) throws Exception {
    var result = new ArgoCdLua(dir).run(ArgoCdLua.actionScripts().get("discovery.lua"), instance);
    var offered = new TreeMap<String, String>();
    result.forEach(
        (path, value) -> {
          assertThat(path).as("discovery lists {name = {disabled = ...}}").endsWith(".disabled");
          offered.put(path.substring(0, path.length() - ".disabled".length()), value);
        });
    return offered;
  }

  private static void state(
      Map<String, AmsInstance> states,
      Map<String, Set<String>> expected,
      String name,
      Consumer<ReleaseStatus> release,
      boolean paused,
      String... enabled) {
    states.put(name, instance(release, paused));
    expected.put(name, Set.of(enabled));
  }

  private static AmsInstance instance(Consumer<ReleaseStatus> release, boolean paused) {
    var instance = TestInstances.withSpec("ams", "tier: Development\nversion: \"1.1.0\"\n");
    instance.getMetadata().setGeneration(1L);
    instance.getSpec().setPaused(paused);
    var r = new ReleaseStatus();
    release.accept(r);
    var status = new AmsInstanceStatus();
    status.setObservedGeneration(1L);
    status.setRelease(r);
    instance.setStatus(status);
    return instance;
  }

  private static void stable(ReleaseStatus r) {
    r.setStableVersion("1.0.0");
    r.setPhase(ReleasePhase.Stable);
  }

  private static void release(ReleaseStatus r, String strategy, ReleasePhase phase) {
    r.setStableVersion("1.0.0");
    r.setCandidateVersion("1.1.0");
    r.setStrategy(strategy);
    r.setPhase(phase);
  }

  private static Set<String> withDiscovery(Set<String> keys) {
    var all = new TreeSet<>(keys);
    all.add("discovery.lua");
    return all;
  }
}
