package com.suresoft.ams.operator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.security.PodSecurityStandards.Level;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod template of every object {@code render} emits for every sample meets the Pod Security
 * Standards {@code restricted} profile (and so {@code baseline}).
 */
class RestrictedPodsTest {

  static Stream<Path> samples() throws IOException {
    try (var files = Files.list(TestInstances.projectRoot().resolve("samples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyPodTemplateOfTheSampleIsRestricted(Path sample) throws IOException {
    var instance =
        new KubernetesSerialization().unmarshal(Files.readString(sample), AmsInstance.class);
    var model = InstanceModel.of(instance);
    var objects = Stack.objects(model, ReleasePlanner.steady(model, Slot.blue), Map.of(), k -> "x");
    var templates = new ArrayList<PodTemplates.Template>();
    objects.forEach(o -> templates.addAll(PodTemplates.in(o)));
    // web, API and worker at least; the data tier's StatefulSets and Jobs join as they arrive.
    assertThat(templates).hasSizeGreaterThanOrEqualTo(3);
    var violations = new ArrayList<String>();
    for (var t : templates) {
      PodSecurityStandards.check(t.metadata(), t.spec(), Level.RESTRICTED)
          .forEach(v -> violations.add(t.where() + ": " + v));
    }
    assertThat(violations).isEqualTo(List.of());
  }
}
