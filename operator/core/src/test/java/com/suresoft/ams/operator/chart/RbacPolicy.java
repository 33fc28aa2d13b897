package com.suresoft.ams.operator.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the operator's ServiceAccount may do with the chart's rendered RBAC, decided as the API
 * server's RBAC authorizer does: the rules of the roles bound to that ServiceAccount (a
 * ClusterRoleBinding grants cluster-wide, a RoleBinding in its namespace only), plus the few
 * requests Kubernetes' default roles allow every authenticated user.
 */
final class RbacPolicy {

  /**
   * One (group, resource, verb) a bound rule grants.
   *
   * @param namespace where it holds; null for everywhere (a ClusterRoleBinding)
   */
  record Grant(String namespace, String group, String resource, String verb)
      implements Comparable<Grant> {

    boolean allows(RbacRequest request) {
      return request.isResource()
          && group.equals(request.group())
          && resource.equals(request.resource())
          && verb.equals(request.verb())
          && (namespace == null || namespace.equals(request.namespace()));
    }

    /** {@code group/resource:verb}, {@code core} for the core group. */
    String triple() {
      return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
    }

    @Override
    public int compareTo(Grant o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return triple() + (namespace == null ? "" : " in " + namespace);
    }
  }

  /**
   * Kubernetes' bootstrap ClusterRoles bound to every authenticated user: system:discovery and
   * system:public-info-viewer (the discovery, version and health paths) and system:basic-user
   * (asking what one may do). The chart need not, and does not, grant these.
   */
  private static final Pattern EVERY_USERS_PATHS =
      Pattern.compile("^/(api|apis|openapi|version|healthz|livez|readyz)(/.*)?$");

  private static final Map<String, Set<String>> EVERY_USERS_RESOURCES =
      Map.of(
          "authorization.k8s.io", Set.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
          "authentication.k8s.io", Set.of("selfsubjectreviews"));

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Set<Grant> grants;

  private RbacPolicy(Set<Grant> grants) {
    this.grants = grants;
  }

  /** The policy of the ServiceAccount the rendered chart's Deployment runs as. */
  static RbacPolicy of(List<HasMetadata> rendered) {
    String serviceAccount =
        Chart.one(rendered, Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getServiceAccountName();
    var grants = new TreeSet<Grant>();
    for (var binding : Chart.all(rendered, ClusterRoleBinding.class)) {
      if (binds(binding.getSubjects(), serviceAccount)) {
        grants.addAll(expand(rules(rendered, binding.getRoleRef(), null), null));
      }
    }
    for (var binding : Chart.all(rendered, RoleBinding.class)) {
      if (binds(binding.getSubjects(), serviceAccount)) {
        String namespace = binding.getMetadata().getNamespace();
        grants.addAll(expand(rules(rendered, binding.getRoleRef(), namespace), namespace));
      }
    }
    return new RbacPolicy(grants);
  }

  Set<Grant> grants() {
    return grants;
  }

  boolean allows(RbacRequest request) {
    return allowedToEveryUser(request) || grants.stream().anyMatch(g -> g.allows(request));
  }

  static boolean allowedToEveryUser(RbacRequest request) {
    if (!request.isResource()) {
      return request.verb().equals("get") && EVERY_USERS_PATHS.matcher(request.path()).matches();
    }
    return request.verb().equals("create")
        && EVERY_USERS_RESOURCES
            .getOrDefault(request.group(), Set.of())
            .contains(request.resource());
  }

  /**
   * Least privilege against what was recorded: each request not allowed, each grant no request
   * used, and each entry of {@code notReached} (a triple no test reaches, with the reason) that a
   * request did use after all, so that the list cannot go stale.
   */
  List<String> problems(Map<RbacRequest, String> recorded, Map<String, String> notReached) {
    var result = new ArrayList<String>();
    recorded.forEach(
        (request, example) -> {
          if (!allows(request)) {
            result.add("not allowed: " + request + " (e.g. " + example + ")");
          }
        });
    for (var grant : grants) {
      boolean used = recorded.keySet().stream().anyMatch(grant::allows);
      boolean listed = notReached.containsKey(grant.triple());
      if (!used && !listed) {
        result.add("granted but never used: " + grant);
      } else if (used && listed) {
        result.add("used, so drop it from the not-reached list: " + grant);
      }
    }
    return result;
  }

  /** The ClusterRoles and Roles of a rendering. */
  static List<HasMetadata> roles(List<HasMetadata> rendered) {
    var result = new ArrayList<HasMetadata>(Chart.all(rendered, ClusterRole.class));
    result.addAll(Chart.all(rendered, Role.class));
    return result;
  }

  static List<PolicyRule> rulesOf(HasMetadata role) {
    return role instanceof ClusterRole clusterRole
        ? clusterRole.getRules()
        : ((Role) role).getRules();
  }

  /** {@code rendered} with rule {@code index} of {@code role} taken away. */
  static List<HasMetadata> withoutRule(List<HasMetadata> rendered, HasMetadata role, int index) {
    HasMetadata fewer = SERIALIZATION.clone(role);
    rulesOf(fewer).remove(index);
    var result = new ArrayList<>(rendered);
    result.set(result.indexOf(role), fewer);
    return result;
  }

  private static boolean binds(List<Subject> subjects, String serviceAccount) {
    return subjects.stream()
        .anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(serviceAccount));
  }

  private static List<PolicyRule> rules(List<HasMetadata> rendered, RoleRef ref, String namespace) {
    if (ref.getKind().equals("ClusterRole")) {
      return Chart.all(rendered, ClusterRole.class).stream()
          .filter(r -> r.getMetadata().getName().equals(ref.getName()))
          .flatMap(r -> r.getRules().stream())
          .toList();
    }
    return Chart.all(rendered, Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(ref.getName()))
        .filter(r -> r.getMetadata().getNamespace().equals(namespace))
        .flatMap(r -> r.getRules().stream())
        .toList();
  }

  private static List<Grant> expand(List<PolicyRule> rules, String namespace) {
    var result = new ArrayList<Grant>();
    for (var rule : rules) {
      if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
        throw new IllegalArgumentException("rules by resource name are not modelled: " + rule);
      }
      for (var group : rule.getApiGroups()) {
        for (var resource : rule.getResources()) {
          for (var verb : rule.getVerbs()) {
            if (group.equals("*") || resource.equals("*") || verb.equals("*")) {
              throw new IllegalArgumentException("a wildcard grants more than is used: " + rule);
            }
            result.add(new Grant(namespace, group, resource, verb));
          }
        }
      }
    }
    return result;
  }
}
