/**
 * An in-process Kubernetes API <b>test double</b>, used by the operator's tests and by its {@code
 * demo} command. It is not a Kubernetes API server; the kind-based e2e job in {@code .github/} is
 * the check against a real cluster.
 *
 * <ul>
 *   <li>{@link com.suresoft.ams.operator.embedded.EmbeddedApiServer}: fabric8's mock server in CRUD
 *       mode plus server-side apply, managedFields, RFC 7386 merge patch, status and scale
 *       subresources, a {@link com.suresoft.ams.operator.embedded.RequestLog} and {@link
 *       com.suresoft.ams.operator.embedded.RequestInterceptor}s for fault injection.
 *   <li>{@link com.suresoft.ams.operator.embedded.ControllerSimulator}: plays the Deployment,
 *       StatefulSet, Job and HPA controllers, so workloads become ready: at once by default, or
 *       slowly, partly or not at all as a test configures ({@link
 *       com.suresoft.ams.operator.embedded.PodReadiness}).
 * </ul>
 *
 * <p>Known differences from a real cluster, on purpose or for lack of need:
 *
 * <ul>
 *   <li>every list is atomic for apply (real lists of containers, ports, env, ownerReferences are
 *       merged per key); no field-level apply conflicts: every apply acts as {@code force=true};
 *   <li>no defaulting (except a missing {@code spec.replicas} of a Deployment or StatefulSet, which
 *       becomes 1 as on a real server), no schema validation, no admission, no RBAC, namespaces
 *       need not exist;
 *   <li>no strategic merge patch (415), no {@code /scale} for custom resources;
 *   <li>no garbage collection and no Pod objects: owner references never delete anything, and the
 *       controller simulator keeps the pods of its Deployments in memory;
 *   <li>watches replay the current objects on connect (stock mock behaviour) and ignore the
 *       requested resourceVersion.
 * </ul>
 */
package com.suresoft.ams.operator.embedded;
