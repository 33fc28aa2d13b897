{{/*
The operator's permissions, in this one place. Each rule is exactly what the operator does:
LeastPrivilegeProofIT records every request it sends in the tests that run it and checks that
each is allowed and each granted verb was used; RbacCoverageTest checks that every kind the code
declares is granted.
Reads come from informers (list/watch), never GET, except where a rule says so.
Writes go through server-side apply: PATCH, plus "create" for the apply that creates an object.
"delete" removes objects a dependent no longer wants (a feature switched off, a slot gone); never
Secrets or CloudNativePG Clusters, which hold or open the data.
*/}}

{{/* Namespaced rules: a ClusterRole (scope cluster) or a Role per watched namespace. */}}
{{- define "ams-operator.namespacedRules" -}}
# The primary resource: informer (list/watch); status written by server-side apply.
- apiGroups: ["ams.suresoft.com"]
  resources: ["amsinstances"]
  verbs: ["list", "watch"]
- apiGroups: ["ams.suresoft.com"]
  resources: ["amsinstances/status"]
  verbs: ["patch"]
# Secrets: the app Secret and the data tier's CA and certificate Secrets (dependents; never
# deleted), whose informers select the operator's labels, so no other Secret enters its memory;
# and a GET by name of the Secrets instances name but the operator does not write (External
# modes, CloudNativePG's app Secret; ReferencedSecrets).
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch"]
# ConfigMaps: data-tier configuration and the Grafana dashboard.
# Services: data-tier and app Services (preview Services for blue-green).
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# PersistentVolumeClaims: informer on the data claims; patched to grow a volume (fabric8's
# patch(PatchContext, String), which GETs the claim first).
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "patch"]
# Pods: informer on the PostgreSQL pods, read only: they make the -ro Service's EndpointSlice. No
# write on pods: with patch a compromised operator could swap the image of any running pod.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
# EndpointSlices: the endpoints of <name>-postgres-ro (a Service without selector), the replicas.
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Events: transitions (Ready, InvalidSpec, ...) recorded on the instance.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
# Deployments: app slots (blue/green) and PgBouncer. StatefulSets: PostgreSQL, Redis, MinIO.
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Jobs: MinIO bucket creation, migrations and smoke checks. CronJobs: database backups.
- apiGroups: ["batch"]
  resources: ["jobs", "cronjobs"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# HorizontalPodAutoscalers of the app Deployments.
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Ingresses (main and nginx canary) and NetworkPolicies.
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses", "networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# PodDisruptionBudgets of the app and data tiers.
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Prometheus Operator (optional): ServiceMonitors and alert rules.
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors", "prometheusrules"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# External Secrets Operator (optional): the ExternalSecret that fills the app Secret.
- apiGroups: ["external-secrets.io"]
  resources: ["externalsecrets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# CloudNativePG (optional): the PostgreSQL Cluster (never deleted: CNPG deletes its volumes with
# it) and its Pooler (deleted when the pooler is switched off).
- apiGroups: ["postgresql.cnpg.io"]
  resources: ["clusters"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: ["postgresql.cnpg.io"]
  resources: ["poolers"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Istio (optional, canary releases): VirtualServices (weights, header route) and
# DestinationRules (slot subsets).
- apiGroups: ["networking.istio.io"]
  resources: ["virtualservices", "destinationrules"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# cert-manager (optional): the data tier's Issuers (self-signed bootstrap, CA) and Certificates
# (CA, one per server). Without cert-manager the operator writes the same Secrets itself (above).
- apiGroups: ["cert-manager.io"]
  resources: ["issuers", "certificates"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Gateway API (optional): the HTTPRoute that publishes AMS on the platform's Gateways instead of
# the Ingress, and carries the weights of a GatewayAPI canary.
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["list", "watch", "create", "patch", "delete"]
{{- end -}}

{{/* Cluster-scoped reads: always a ClusterRole, whatever rbac.scope says. */}}
{{- define "ams-operator.clusterRules" -}}
# Whether an optional CRD (Prometheus Operator, ESO, CloudNativePG, Istio, Gateway API) is
# installed.
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  verbs: ["get"]
# Whether a StorageClass allows volume expansion, before a claim is grown.
- apiGroups: ["storage.k8s.io"]
  resources: ["storageclasses"]
  verbs: ["get"]
{{- end -}}

{{/* Leader election: the Lease ams-operator-lock in the release namespace. fabric8's LeaseLock
reads, creates and renews it by patch; JOSDK refuses to start unless a SelfSubjectRulesReview
also shows update (LeaderElectionManager), though nothing sends one. */}}
{{- define "ams-operator.leaseRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- end -}}
