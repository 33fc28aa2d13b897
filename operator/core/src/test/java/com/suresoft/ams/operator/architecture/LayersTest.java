package com.suresoft.ams.operator.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/**
 * The operator's packages as layers, each using only those below it:
 *
 * <pre>
 *   cli                        commands
 *   runtime                    the process: metrics endpoint, health, leader election
 *   controller (+ actions, crds) the reconcile flow's steps, its workflow and wiring
 *   dependent                  JOSDK dependents: thin, each builds its model.Stack part
 *   cache                      memos, owner index, status throttle (one place forgets)
 *   events                     informer event filters, mappers
 *   status                     conditions and status from observations; Events, gauges
 *   release | validation       the pure release planner (+ analysis) | spec validation
 *   model                      pure builders: instance (+ explicit inputs) -> objects
 *   api                        the AmsInstance POJOs
 * </pre>
 *
 * Layers side by side ({@code release | validation}) do not use each other. The issue's {@code
 * plan} layer is {@code release} (the pure planner) plus the {@code controller.Plan} step that
 * calls it: no package of its own. Only the operator's own jar is checked (test classes are not
 * imported); the demo module runs the operator against the test kit on purpose and is a jar of its
 * own.
 */
@AnalyzeClasses(
    packages = "com.suresoft.ams.operator",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {
  private static final String OPERATOR = "com.suresoft.ams.operator";

  /**
   * The builders and the release planner: pure functions of the spec, the status and explicit
   * inputs. Not {@code release.analysis}, which queries Prometheus on threads of its own.
   */
  private static final String[] PURE = {OPERATOR + ".model..", OPERATOR + ".release"};

  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("api")
          .definedBy(OPERATOR + ".api..")
          .layer("model")
          .definedBy(OPERATOR + ".model..")
          .layer("validation")
          .definedBy(OPERATOR + ".validation..")
          .layer("release")
          .definedBy(OPERATOR + ".release..")
          .layer("status")
          .definedBy(OPERATOR + ".status..")
          .layer("events")
          .definedBy(OPERATOR + ".events..")
          .layer("cache")
          .definedBy(OPERATOR + ".cache..")
          .layer("dependent")
          .definedBy(OPERATOR + ".dependent..")
          .layer("controller")
          .definedBy(OPERATOR + ".controller..")
          .layer("runtime")
          .definedBy(OPERATOR + ".runtime..")
          .layer("cli")
          .definedBy(OPERATOR + ".cli..")
          .whereLayer("api")
          .mayNotAccessAnyLayer()
          .whereLayer("model")
          .mayOnlyAccessLayers("api")
          .whereLayer("validation")
          .mayOnlyAccessLayers("model", "api")
          .whereLayer("release")
          .mayOnlyAccessLayers("model", "api")
          .whereLayer("status")
          .mayOnlyAccessLayers("release", "validation", "model", "api")
          .whereLayer("events")
          .mayOnlyAccessLayers("status", "release", "validation", "model", "api")
          .whereLayer("cache")
          .mayOnlyAccessLayers("events", "status", "release", "validation", "model", "api")
          .whereLayer("dependent")
          .mayOnlyAccessLayers("cache", "events", "status", "release", "validation", "model", "api")
          .whereLayer("controller")
          .mayOnlyAccessLayers(
              "dependent", "cache", "events", "status", "release", "validation", "model", "api")
          .whereLayer("runtime")
          .mayOnlyAccessLayers(
              "controller",
              "dependent",
              "cache",
              "events",
              "status",
              "release",
              "validation",
              "model",
              "api")
          .because(
              "desired state is computed from the spec by pure builders (model), decided on by"
                  + " the pure planner (release) and applied by thin dependents under one"
                  + " controller; a lower layer that reached up would pull the cluster, JOSDK or"
                  + " the reconcile flow into code that is unit-tested without them (DESIGN.md"
                  + " section 5)");

  /**
   * No cycles between the top-level packages. Not finer: {@code model}'s subpackages (app, data,
   * security, monitoring, rollout) use each other both ways (the app's containers mount the data
   * tier's TLS, the data tier's exporters are scrape targets, the NetworkPolicies read them all);
   * they are one layer of builders.
   */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices()
          .matching(OPERATOR + ".(*)..")
          .should()
          .beFreeOfCycles()
          .because(
              "packages that depend on each other can only be understood, tested and moved"
                  + " together; the layers above say which way each edge should point");

  @ArchTest
  static final ArchRule pureCodeUsesNoClient =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.fabric8.kubernetes.client..")
                  // Object <-> JSON/YAML conversion: a pure helper that fabric8 keeps in its
                  // client artifact.
                  .and(not(type(KubernetesSerialization.class))))
          .because(
              "builders and the planner are pure functions of the spec and explicit inputs: what"
                  + " they need from the cluster is read by the controller and handed in (DESIGN.md,"
                  + " house style 1 and 4)");

  @ArchTest
  static final ArchRule pureCodeUsesNoJosdk =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.javaoperatorsdk..")
          .because(
              "builders and the planner run without an operator: render, validate, the"
                  + " planner's table tests (house style 1, 2 and 4: dependents delegate to them,"
                  + " not the other way round)");

  @ArchTest
  static final ArchRule pureCodeReadsNoClock =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat()
          .areAssignableTo(Clock.class)
          .orShould()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(LocalDate.class, "now")
          .orShould()
          .callMethod(LocalDateTime.class, "now")
          .orShould()
          .callMethod(OffsetDateTime.class, "now")
          .orShould()
          .callMethod(ZonedDateTime.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .because(
              "the same inputs must give the same objects and decisions: what needs the time (a"
                  + " certificate's validity, a release step's pause) takes it as a parameter, and"
                  + " the controller passes its injected Clock (house style 1, 4 and 5)");

  @ArchTest
  static final ArchRule productionUsesNoTestKit =
      noClasses()
          .that()
          .resideInAPackage(OPERATOR + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.suresoft.ams.testkit..")
          .because(
              "the test kit (the in-process API server and controller simulator) is a test"
                  + " dependency: the operator jar and image carry no test double"
                  + " (ARCHITECTURE.md)");
}
