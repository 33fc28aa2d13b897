{{- define "ams-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ams-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ams-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ams-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ams-operator.labels" -}}
{{ include "ams-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
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
