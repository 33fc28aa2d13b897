package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.controller.AmsInstanceReconciler;
import com.suresoft.ams.operator.dependent.GenericBulkDependent;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every (group, resource, verb) the operator's code declares is granted by the chart's rendered
 * rules, including code paths no test reaches. The kinds come from the code itself: the
 * reconciler's {@code @Workflow} dependents (with the verbs their JOSDK interfaces imply) and its
 * extra informers; the few direct client calls are listed below, each with the class that makes it.
 * That nothing more is granted is {@link LeastPrivilegeProofIT}'s job, from the requests the
 * operator really sent.
 */
class RbacCoverageTest {

  /** Writes by server-side apply (create + patch); delete for objects a dependent drops. */
  static final List<String> DEPENDENT_VERBS = List.of("list", "watch", "create", "patch", "delete");

  /** Informers only list and watch. */
  static final List<String> INFORMER_VERBS = List.of("list", "watch");

  record Grant(String group, String resource, String verb) implements Comparable<Grant> {
    @Override
    public int compareTo(Grant o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
    }
  }

  /** Client calls outside JOSDK's informers and dependents. */
  static final Map<String, List<Grant>> DIRECT_CALLS =
      Map.of(
          "JOSDK controller (the primary resource's informer)",
          grants("ams.suresoft.com", "amsinstances", INFORMER_VERBS),
          "JOSDK status patch by server-side apply",
          grants("ams.suresoft.com", "amsinstances/status", List.of("patch")),
          "KubernetesEventRecorder",
          grants("", "events", List.of("create")),
          "VolumeGrowth.grow (fabric8's patch reads the claim first)",
          grants("", "persistentvolumeclaims", List.of("get", "patch")),
          "ReferencedSecrets: the Secrets an instance reads but the operator does not write",
          grants("", "secrets", List.of("get")),
          "VolumeGrowth.expansionRefusal",
          grants("storage.k8s.io", "storageclasses", List.of("get")),
          "ReleaseJobRunner: migration and smoke-check Jobs, replaced and pruned",
          grants("batch", "jobs", List.of("create", "delete")),
          "ReplicaHandover: spec.replicas applied by a second field manager",
          grants("apps", "deployments", List.of("patch")),
          "CachedCrdPresence",
          grants("apiextensions.k8s.io", "customresourcedefinitions", List.of("get")),
          "fabric8 LeaderElector (LeaseLock): get, create, renew by patch; JOSDK's start-up check"
              + " demands update",
          grants("coordination.k8s.io", "leases", List.of("get", "create", "update", "patch")));

  @Test
  void renderedRulesGrantWhatTheCodeDeclares() throws Exception {
    var required = required();
    assertThat(problems(granted(renderedRules()), required)).isEmpty();
    // The check sees the whole operator, not a few kinds.
    assertThat(required).hasSizeGreaterThan(80);
  }

  @Test
  void dependentsThatNeverDeleteNeedNoDelete() throws Exception {
    // The Secret and the CloudNativePG Cluster hold or open the data: no delete for them.
    assertThat(required())
        .contains(new Grant("", "secrets", "patch"))
        .doesNotContain(
            new Grant("", "secrets", "delete"),
            new Grant("postgresql.cnpg.io", "clusters", "delete"))
        .contains(new Grant("postgresql.cnpg.io", "poolers", "delete"));
  }

  @Test
  void removingAnyRuleIsCaught() throws Exception {
    var required = required();
    var rules = renderedRules();
    for (int i = 0; i < rules.size(); i++) {
      var fewer = new ArrayList<>(rules);
      var removed = fewer.remove(i);
      assertThat(problems(granted(fewer), required))
          .as("without the rule %s %s", removed.getApiGroups(), removed.getResources())
          .isNotEmpty()
          .allMatch(p -> p.startsWith("not granted"));
    }
  }

  static List<String> problems(Set<Grant> granted, Set<Grant> required) {
    var result = new ArrayList<String>();
    for (var g : required) {
      if (!granted.contains(g)) {
        result.add("not granted: " + g);
      }
    }
    return result;
  }

  /**
   * Every rule of the default (namespaced) install: the operator's Role in the release namespace,
   * the ClusterRole of cluster-scoped reads and the leader-election Role.
   */
  static List<PolicyRule> renderedRules() {
    var objects = Chart.render(Map.of());
    var rules = new ArrayList<PolicyRule>();
    Chart.all(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    Chart.all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
    return rules;
  }

  static Set<Grant> granted(List<PolicyRule> rules) {
    var result = new TreeSet<Grant>();
    for (var rule : rules) {
      assertThat(rule.getResourceNames()).as("rules by resource name").isNullOrEmpty();
      for (var group : rule.getApiGroups()) {
        for (var resource : rule.getResources()) {
          for (var verb : rule.getVerbs()) {
            assertThat(verb).as("wildcard verb").isNotEqualTo("*");
            result.add(new Grant(group, resource, verb));
          }
        }
      }
    }
    return result;
  }

  static Set<Grant> required() throws Exception {
    var result = new TreeSet<Grant>();
    var workflow = AmsInstanceReconciler.class.getAnnotation(Workflow.class);
    for (var dependent : workflow.dependents()) {
      var constructor = dependent.type().getDeclaredConstructor();
      constructor.setAccessible(true);
      var instance = constructor.newInstance();
      var verbs = verbs(instance);
      if (instance instanceof GenericBulkDependent generic) {
        var gvk = generic.groupVersionKind();
        result.addAll(grants(gvk.getGroup(), gvk.getKind().toLowerCase() + "s", verbs));
      } else {
        var type = ((KubernetesDependentResource<?, ?>) instance).resourceType();
        result.addAll(grants(HasMetadata.getGroup(type), HasMetadata.getPlural(type), verbs));
      }
    }
    for (var source : extraInformers()) {
      if (!(source instanceof InformerEventSource<?, ?>)) {
        continue; // an in-process event source (finished metric checks) reads nothing
      }
      @SuppressWarnings("unchecked")
      var type = (Class<? extends HasMetadata>) source.resourceType();
      result.addAll(
          grants(HasMetadata.getGroup(type), HasMetadata.getPlural(type), INFORMER_VERBS));
    }
    DIRECT_CALLS.values().forEach(result::addAll);
    return result;
  }

  /**
   * What JOSDK does with a dependent: its informer lists and watches; it applies (create + patch) a
   * {@link Creator} or {@link Updater}, and deletes a {@link Deleter} (GarbageCollected and CRUD
   * dependents are Deleters) whose object is no longer desired.
   */
  private static List<String> verbs(Object dependent) {
    var result = new ArrayList<>(INFORMER_VERBS);
    if (dependent instanceof Creator<?, ?>) {
      result.add("create");
    }
    if (dependent instanceof Updater<?, ?>) {
      result.add("patch");
    }
    if (dependent instanceof Deleter<?>) {
      result.add("delete");
    }
    return result;
  }

  /** The informers the reconciler declares besides its workflow's, built but not started. */
  private static List<EventSource<?, AmsInstance>> extraInformers() {
    try (var client = new KubernetesClientBuilder().build();
        var checks = new BackgroundChecks(null, 1)) {
      var reconciler =
          new AmsInstanceReconciler(null, null, null, null, null, null, null, checks, null);
      var configuration = new BaseConfigurationService().getConfigurationFor(reconciler);
      var context = new EventSourceContext<>(null, configuration, client, AmsInstance.class);
      var sources = reconciler.prepareEventSources(context);
      assertThat(sources).as("extra informers").isNotEmpty();
      return sources;
    }
  }

  private static List<Grant> grants(String group, String resource, List<String> verbs) {
    return verbs.stream().map(v -> new Grant(group == null ? "" : group, resource, v)).toList();
  }
}
