package com.suresoft.ams.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.cache.InSyncMemo;
import com.suresoft.ams.operator.cache.Versioned;
import com.suresoft.ams.operator.controller.AmsInstanceReconciler;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.SecretValueGenerator;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.model.data.PostgresEndpoints;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.model.security.GeneratedTls;
import com.suresoft.ams.operator.release.ReleasePlanner;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * For every dependent of the reconciler's workflow, every part of its input record: changed alone,
 * the set is applied again (its memo no longer finds it in step), and the object it builds differs
 * (the builder reads that part). The records' parts are found by reflection, so a part added to a
 * record, or a dependent added to the workflow, is covered without a word here; a part of a type
 * this test has no change for fails it until one is added to {@link #VARIATIONS}.
 *
 * <p>Each dependent is built over several samples (each tier of release, each router, the data
 * tier's modes), since some objects exist only in some of them (an HTTPRoute only with a gateway);
 * a part must change the desired objects in at least one.
 */
class DependentInputsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final ResourceID INSTANCE = new ResourceID("ams", "ams");

  /** The samples each dependent is built over. */
  private static final List<String> SAMPLES =
      List.of(
          "development",
          "production",
          "production-cloudnativepg",
          "production-external-secrets",
          "production-gateway-api",
          "release-blue-green",
          "release-canary-istio",
          "release-canary-nginx",
          "release-canary-gateway-api");

  private static final Instant NOW = Instant.parse("2026-03-01T10:15:00Z");
  private static final Supplier<KeyPair> KEYS = new EcKeyPairs(new SecureRandom());

  /** One sample, resolved as the operator resolves a stored instance. */
  record Scenario(String sample, InstanceModel model) {
    static Scenario of(String sample) {
      return new Scenario(sample, model(sample, "ams"));
    }

    static InstanceModel model(String sample, String name) {
      var instance = TestInstances.sample(sample);
      instance.getMetadata().setName(name);
      instance.getMetadata().setUid("uid-of-" + name);
      instance.getMetadata().setGeneration(1L);
      return InstanceModel.of(instance);
    }

    /** The router whose objects a canary of this sample writes, if any. */
    TrafficRouter router() {
      var release = model.spec().getRelease();
      return release.getStrategy() == ReleaseStrategy.Canary
          ? release.getCanary().getTrafficRouter()
          : null;
    }
  }

  /** A part's value in a scenario, and a changed one. */
  record Variation(Function<Scenario, Object> base, Function<Scenario, Object> changed) {}

  /** Changes by the part's type (its generic type's name). */
  private static final Map<String, Variation> VARIATIONS = new HashMap<>();

  /** Changes for one part of one record, where its type says too little. */
  private static final Map<String, Variation> BY_PART = new HashMap<>();

  /**
   * Parts a builder may leave unread in every sample, and why; the memo must still see them change.
   */
  private static final Map<String, String> NOT_ALWAYS_READ =
      Map.of(
          part(DataTlsSecretsDependent.Inputs.class, "keys"),
          "key pairs are asked for only when a certificate is issued, and an issued certificate is"
              + " never the same twice (random keys and signatures), so no build that reads them"
              + " can be compared with another");

  static {
    VARIATIONS.put(
        type(InstanceModel.class),
        new Variation(Scenario::model, s -> Scenario.model(s.sample(), "other")));
    VARIATIONS.put(
        type(AppTierPlan.class),
        new Variation(
            s -> ReleasePlanner.steady(s.model(), Slot.blue).appTier(),
            s -> ReleasePlanner.steady(s.model(), Slot.green).appTier()));
    VARIATIONS.put(
        type(RoutingIntent.class),
        new Variation(
            s -> ReleasePlanner.steady(s.model(), Slot.blue).routing(),
            // A canary at 20 %, with a preview; by Istio where the sample names no router, so that
            // objects that exist only for a router (DestinationRules) show the change too.
            s -> {
              var router = s.router() == null ? TrafficRouter.Istio : s.router();
              return new RoutingIntent(
                  router == TrafficRouter.Istio ? null : Slot.blue,
                  Slot.green,
                  Slot.blue,
                  Slot.green,
                  20,
                  true,
                  router);
            }));
    VARIATIONS.put(
        type(DataTierInputs.class),
        new Variation(
            s -> DataTierInputs.fresh(),
            s ->
                new DataTierInputs(
                    Map.of(
                        Component.POSTGRES,
                        "7Gi",
                        Component.REDIS,
                        "7Gi",
                        Component.MINIO,
                        "7Gi"))));
    VARIATIONS.put(
        type(Versioned.class, Secret.class),
        new Variation(
            s -> Versioned.ofNullable(appSecret("1", "one")),
            s -> Versioned.ofNullable(appSecret("2", "two"))));
    // A replica with an address (none: no slice at all, whatever the model), then not ready.
    VARIATIONS.put(
        type(List.class, PostgresEndpoints.Replica.class),
        new Variation(s -> List.of(replica(s, true)), s -> List.of(replica(s, false))));
    VARIATIONS.put(
        type(DataTlsSecretsDependent.CheckTime.class),
        new Variation(
            s -> new DataTlsSecretsDependent.CheckTime(NOW),
            // Past the server certificates' validity: they are issued again.
            s -> new DataTlsSecretsDependent.CheckTime(NOW.plus(Duration.ofDays(400)))));
    VARIATIONS.put(
        type(Supplier.class, KeyPair.class),
        new Variation(s -> KEYS, s -> new EcKeyPairs(new SecureRandom())));
    VARIATIONS.put("boolean", new Variation(s -> false, s -> true));
    VARIATIONS.put(
        type(SecretValueGenerator.class),
        new Variation(
            s -> (SecretValueGenerator) k -> "a-" + k, s -> (SecretValueGenerator) k -> "b-" + k));
    // The app Secret's values as they are: the JWT secrets only, so the generator makes the rest
    // and a rotation replaces them.
    VARIATIONS.put(
        type(Map.class, String.class, String.class),
        new Variation(s -> jwt("one"), s -> jwt("two")));
    // The TLS Secrets as they are: good ones, issued now for this sample; changed: none yet.
    BY_PART.put(
        part(DataTlsSecretsDependent.Inputs.class, "existing"),
        new Variation(DependentInputsTest::issuedTls, s -> Versioned.of(List.<Secret>of())));
  }

  private static final Map<String, Versioned<Secret>> ISSUED = new HashMap<>();

  private static Versioned<Secret> issuedTls(Scenario s) {
    return ISSUED.computeIfAbsent(
        s.sample(),
        k -> {
          var secrets = GeneratedTls.desired(s.model(), Map.of(), NOW, KEYS).values();
          secrets.forEach(secret -> secret.getMetadata().setResourceVersion("1"));
          return Versioned.of(secrets);
        });
  }

  private static PostgresEndpoints.Replica replica(Scenario s, boolean ready) {
    return new PostgresEndpoints.Replica(
        s.model().names().postgres() + "-1", "pod-uid", "10.0.0.7", ready, false);
  }

  private static Secret appSecret(String version, String value) {
    var data =
        jwt(value).entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e ->
                        Base64.getEncoder()
                            .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName("ams-secrets")
        .withNamespace("ams")
        .withResourceVersion(version)
        .endMetadata()
        .withData(data)
        .build();
  }

  private static Map<String, String> jwt(String value) {
    return Map.of(
        SecretKeys.JWT_ACCESS_SECRET, "access-" + value,
        SecretKeys.JWT_REFRESH_SECRET, "refresh-" + value);
  }

  /** The name of a generic type as reflection spells it ({@link Type#getTypeName}). */
  private static String type(Class<?> raw, Class<?>... arguments) {
    return arguments.length == 0
        ? raw.getTypeName()
        : raw.getTypeName()
            + Arrays.stream(arguments)
                .map(Class::getTypeName)
                .collect(Collectors.joining(", ", "<", ">"));
  }

  private static String part(Class<?> record, String component) {
    return record.getName() + "." + component;
  }

  /** Every dependent the reconciler's workflow declares. */
  private static List<Class<?>> dependents() {
    return Arrays.stream(AmsInstanceReconciler.class.getAnnotation(Workflow.class).dependents())
        .<Class<?>>map(Dependent::type)
        .toList();
  }

  /** The record {@code dependent}'s builder takes. */
  private static Class<? extends Record> recordOf(Class<?> dependent) {
    var records =
        Arrays.stream(dependent.getMethods())
            .filter(m -> m.getName().equals("build") && !m.isBridge())
            .filter(m -> m.getParameterCount() == 1 && m.getParameterTypes()[0].isRecord())
            .map(m -> m.getParameterTypes()[0].asSubclass(Record.class))
            .distinct()
            .toList();
    assertThat(records).as("%s builds from one record", dependent.getName()).hasSize(1);
    return records.get(0);
  }

  private static Variation variation(Class<?> record, RecordComponent c) {
    var variation = BY_PART.get(part(record, c.getName()));
    if (variation == null) {
      variation = VARIATIONS.get(c.getGenericType().getTypeName());
    }
    if (variation == null) {
      fail(
          "%s.%s (%s) has no change in DependentInputsTest.VARIATIONS: add one, so that the test"
              + " can show that changing it applies the set again",
          record.getName(), c.getName(), c.getGenericType().getTypeName());
    }
    return variation;
  }

  @Test
  void everyDependentIsBuiltFromOneInputRecord() {
    for (var dependent : dependents()) {
      assertThat(BuiltFrom.class.isAssignableFrom(dependent))
          .as("%s implements BuiltFrom", dependent.getName())
          .isTrue();
      recordOf(dependent);
    }
  }

  @Test
  void changingAnyPartOfAnyDependentsRecordAppliesItAgain() throws Exception {
    var memo = new InSyncMemo();
    var scenarios = SAMPLES.stream().map(Scenario::of).toList();
    // Per record part: the samples in which the desired objects differed when it changed.
    var differedIn = new LinkedHashMap<String, Set<String>>();
    // Each dependent's part, and the record part it is (some records serve two dependents).
    var parts = new java.util.TreeMap<String, String>();
    for (var type : dependents()) {
      @SuppressWarnings("unchecked")
      var dependent = (BuiltFrom<Record, Object>) type.getDeclaredConstructor().newInstance();
      var record = recordOf(type);
      var components = record.getRecordComponents();
      Constructor<? extends Record> canonical =
          record.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      for (var scenario : scenarios) {
        String spec = JSON.asJson(scenario.model().spec());
        var args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
          args[i] = variation(record, components[i]).base().apply(scenario);
        }
        Record base = canonical.newInstance(args);
        Object built = dependent.build(base);
        boolean deterministic = built.equals(dependent.build(base));
        String set = type.getName();
        memo.inSync(INSTANCE, set, memo.keyOf(base, List.of()));
        assertThat(memo.isInSync(INSTANCE, set, memo.keyOf(canonical.newInstance(args), List.of())))
            .as("%s over %s: an equal record is in step", type.getSimpleName(), scenario.sample())
            .isTrue();
        for (int i = 0; i < components.length; i++) {
          String part = type.getName() + "." + components[i].getName();
          parts.put(part, part(record, components[i].getName()));
          var changedArgs = args.clone();
          changedArgs[i] = variation(record, components[i]).changed().apply(scenario);
          Record changed = canonical.newInstance(changedArgs);
          assertThat(memo.isInSync(INSTANCE, set, memo.keyOf(changed, List.of())))
              .as(
                  "%s over %s: a change of %s is applied (the memo does not find the set in step)",
                  type.getSimpleName(), scenario.sample(), components[i].getName())
              .isFalse();
          if (deterministic && !built.equals(dependent.build(changed))) {
            differedIn.computeIfAbsent(part, p -> new TreeSet<>()).add(scenario.sample());
          }
        }
        assertThat(JSON.asJson(scenario.model().spec()))
            .as("%s leaves the shared model as it was", type.getSimpleName())
            .isEqualTo(spec);
      }
    }
    var unread = new ArrayList<String>();
    parts.forEach(
        (part, recordPart) -> {
          if (!differedIn.containsKey(part) && !NOT_ALWAYS_READ.containsKey(recordPart)) {
            unread.add(part);
          }
        });
    assertThat(unread)
        .as(
            "record parts whose change left the desired objects alike in every sample: the builder"
                + " does not read them, or the change in VARIATIONS is too small to show")
        .isEmpty();
  }

  @Test
  void theTlsCheckTimeIsComparedByTheHour() {
    var at = new DataTlsSecretsDependent.CheckTime(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(new DataTlsSecretsDependent.CheckTime(Instant.parse("2026-03-01T10:59:59Z")))
        .isEqualTo(at)
        .hasSameHashCodeAs(at);
    assertThat(new DataTlsSecretsDependent.CheckTime(Instant.parse("2026-03-01T11:00:00Z")))
        .isNotEqualTo(at);
  }

  @Test
  void objectsInARecordAreComparedByVersion() {
    assertThat(Versioned.ofNullable(appSecret("1", "one")))
        .isEqualTo(Versioned.ofNullable(appSecret("1", "one")))
        .isNotEqualTo(Versioned.ofNullable(appSecret("2", "one")))
        .isNotEqualTo(Versioned.ofNullable(null));
    var unstored = appSecret(null, "one");
    assertThat(Versioned.ofNullable(unstored))
        .as("an object without a version is equal only to itself")
        .isEqualTo(Versioned.ofNullable(unstored))
        .isNotEqualTo(Versioned.ofNullable(appSecret(null, "one")));
  }

  /** The memo's key after a write keeps the versions, not a second copy of the objects. */
  @Test
  void versionsAloneAreEqualToTheObjectsInThoseVersions() {
    var written = Versioned.versionsOf(List.of(appSecret("1", "one")));

    assertThat(written)
        .isEqualTo(Versioned.of(List.of(appSecret("1", "one"))))
        .hasSameHashCodeAs(Versioned.of(List.of(appSecret("1", "one"))))
        .isNotEqualTo(Versioned.of(List.of(appSecret("2", "one"))));
    assertThatThrownBy(written::objects).isInstanceOf(IllegalStateException.class);
    assertThat(Versioned.versionsOf(List.of(appSecret(null, "one"))))
        .as("without a version, equal to nothing")
        .isNotEqualTo(Versioned.versionsOf(List.of(appSecret(null, "one"))));
  }

  @Test
  void theResolvedSpecIsComparedByIdentity() throws Exception {
    // The memo compares the model by identity without hashing or walking it, because the spec
    // class keeps Object's equals; one with a field-by-field equals would be walked on every pass
    // of every set.
    assertThat(
            com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec.class
                .getMethod("equals", Object.class)
                .getDeclaringClass())
        .isEqualTo(Object.class);
    assertThat(Scenario.model("production", "ams"))
        .isNotEqualTo(Scenario.model("production", "ams"));
  }
}
