/**
 * An in-process Kubernetes API <b>test double</b>, used by the operator's tests and by its {@code
 * demo} command. It is not a Kubernetes API server; the kind-based e2e job in {@code .github/} is
 * the check against a real cluster.
 *
 * <ul>
 *   <li>{@link com.suresoft.ams.testkit.EmbeddedApiServer}: fabric8's mock server in CRUD mode plus
 *       server-side apply, managedFields, RFC 7386 merge patch, status and scale subresources, a
 *       {@link com.suresoft.ams.testkit.RequestLog} and {@link
 *       com.suresoft.ams.testkit.RequestInterceptor}s for fault injection; on every write path,
 *       quantities in canonical form ({@link com.suresoft.ams.testkit.QuantityFields}), immutable
 *       fields refused ({@link com.suresoft.ams.testkit.ImmutableFields}), the default StorageClass
 *       and volume expansion ({@link com.suresoft.ams.testkit.StorageClasses}), custom resources
 *       pruned and validated against their CRD ({@link
 *       com.suresoft.ams.testkit.CustomResourceValidation}): see {@link
 *       com.suresoft.ams.testkit.Admission}.
 *   <li>{@link com.suresoft.ams.testkit.ControllerSimulator}: plays the Deployment (rolling updates
 *       within maxSurge/maxUnavailable), StatefulSet, Job, HPA and volume controllers, so workloads
 *       become ready: at once by default, or slowly, partly or not at all as a test configures
 *       ({@link com.suresoft.ams.testkit.PodReadiness}); claims bind per StorageClass.
 * </ul>
 *
 * <p>Known differences from a real cluster, on purpose or for lack of need:
 *
 * <ul>
 *   <li>every list is atomic for apply (real lists of containers, ports, env, ownerReferences are
 *       merged per key); no field-level apply conflicts: every apply acts as {@code force=true};
 *   <li>no defaulting (except a missing {@code spec.replicas} of a Deployment or StatefulSet, which
 *       becomes 1, and a claim's default StorageClass), no validation of built-in kinds beyond
 *       quantities and the immutable fields listed in {@link
 *       com.suresoft.ams.testkit.ImmutableFields}, no status validation of custom resources, no
 *       strict field validation, no RBAC, namespaces need not exist;
 *   <li>no strategic merge patch (415), no {@code /scale} for custom resources;
 *   <li>no garbage collection and no Pod or PersistentVolume objects: owner references never delete
 *       anything, the controller simulator keeps the pods of its Deployments in memory, and a
 *       StatefulSet becomes ready whether its claims are bound or not;
 *   <li>watches replay the current objects on connect (stock mock behaviour) and ignore the
 *       requested resourceVersion.
 * </ul>
 */
package com.suresoft.ams.testkit;
