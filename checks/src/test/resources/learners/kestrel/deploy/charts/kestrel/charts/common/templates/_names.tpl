{{/* Truncated to the 63 characters a DNS label allows. */}}
{{- define "common.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "common.componentName" -}}
{{- printf "%s-%s" (include "common.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}
