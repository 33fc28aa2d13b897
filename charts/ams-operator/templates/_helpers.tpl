{{- define "ams-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The prefix of every object's name: fullnameOverride, else the release name when it already contains
the chart's name, else <release>-<name>.
*/}}
{{- define "ams-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ams-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ams-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Every object's labels: the chart's own, plus commonLabels, which cannot replace the chart's own
(the selector would no longer match).
*/}}
{{- define "ams-operator.labels" -}}
{{- $labels := include "ams-operator.selectorLabels" . | fromYaml -}}
{{- $_ := set $labels "app.kubernetes.io/version" .Chart.AppVersion -}}
{{- $_ := set $labels "app.kubernetes.io/managed-by" .Release.Service -}}
{{- $_ := set $labels "helm.sh/chart" (printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_") -}}
{{- toYaml (merge $labels (.Values.commonLabels | default dict)) -}}
{{- end -}}

{{/* An image reference: the digest, when set, pins it and wins over the tag. */}}
{{- define "ams-operator.image" -}}
{{- if .digest -}}
{{- printf "%s@%s" .repository .digest -}}
{{- else -}}
{{- printf "%s:%s" .repository (toString .tag) -}}
{{- end -}}
{{- end -}}

{{- define "ams-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ams-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The namespaces whose AmsInstances the operator watches, comma-separated; empty means all
namespaces. An empty watchNamespaces means the release's own namespace under rbac.scope=namespaced
(the default) and every namespace only under rbac.scope=cluster, the explicit choice.
*/}}
{{- define "ams-operator.watchNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- join "," .Values.watchNamespaces -}}
{{- else if ne .Values.rbac.scope "cluster" -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}
