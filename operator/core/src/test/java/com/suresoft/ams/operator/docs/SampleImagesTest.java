package com.suresoft.ams.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.TierDefaults;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.security.PodTemplates;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A newcomer can run the samples: the quick start pulls only public images, and every other sample
 * says in its first comment which AMS images it needs, since those are not published.
 */
class SampleImagesTest {

  private static final String AMS_IMAGES = TierDefaults.DEFAULT_REGISTRY + "/";

  @Test
  void theQuickStartRunsOnPublicImagesOnly() {
    Set<String> images = images("quickstart");

    assertThat(images).contains("nginx:1.27-alpine", "traefik/whoami:v1.10");
    assertThat(images).noneMatch(image -> image.startsWith(AMS_IMAGES));
  }

  static Stream<String> samples() {
    return TestInstances.sampleNames().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aSampleOnUnpublishedImagesNamesThemInItsFirstComment(String sample) throws IOException {
    String firstComment =
        Files.readString(TestInstances.projectRoot().resolve("samples/" + sample + ".yaml"))
            .lines()
            .takeWhile(line -> line.startsWith("#"))
            .collect(Collectors.joining("\n"));
    Set<String> unpublished =
        images(sample).stream()
            .filter(image -> image.startsWith(AMS_IMAGES))
            .map(SampleImagesTest::repository)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(unpublished)
        .allSatisfy(
            repository ->
                assertThat(firstComment)
                    .as("the first comment of samples/%s.yaml", sample)
                    .contains(repository)
                    .contains("build and push"));
  }

  /** Every container image of the sample's steady state, init containers included. */
  private static Set<String> images(String sample) {
    var model = InstanceModel.of(TestInstances.sample(sample));
    var objects = Stack.objects(model, ReleasePlanner.steady(model, Slot.blue), Map.of(), k -> "x");
    return objects.stream()
        .flatMap(o -> PodTemplates.in(o).stream())
        .flatMap(
            t ->
                Stream.concat(
                    t.spec().getContainers().stream(),
                    t.spec().getInitContainers() == null
                        ? Stream.empty()
                        : t.spec().getInitContainers().stream()))
        .map(Container::getImage)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The image without its tag or digest: what a sample's comment names. */
  private static String repository(String image) {
    String name = image.split("@", 2)[0];
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }
}
