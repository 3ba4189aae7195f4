{{- define "northwind.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "northwind.fullname" -}}
{{- $name := include "northwind.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
Selector labels for one tier. Usage: include "northwind.selector" (list . "backend")
*/}}
{{- define "northwind.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "northwind.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "northwind.labels" -}}
{{- $root := index . 0 -}}
{{ include "northwind.selector" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: northwind
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "northwind.dbSecret" -}}
{{- .Values.postgres.auth.existingSecret | default (printf "%s-postgres" (include "northwind.fullname" .)) -}}
{{- end -}}

{{/* Pod-level security settings shared by every tier; $uid falls back to the chart-wide one. */}}
{{- define "northwind.podSecurity" -}}
{{- $root := index . 0 -}}
runAsNonRoot: true
runAsUser: {{ index . 1 | default $root.Values.runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "northwind.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}
