{{- define "kestrel.dbSecretName" -}}
{{- if .Values.db.existingSecret -}}
{{- .Values.db.existingSecret -}}
{{- else -}}
{{- include "common.componentName" (dict "root" . "component" "db") -}}
{{- end -}}
{{- end -}}

{{/* Environment every api container (and the migration job) gets. */}}
{{- define "kestrel.apiEnv" -}}
- name: POSTGRES_HOST
  value: {{ include "common.componentName" (dict "root" . "component" "db") }}
- name: POSTGRES_DB
  value: {{ .Values.db.name | quote }}
- name: POSTGRES_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "kestrel.dbSecretName" . }}
      key: POSTGRES_USER
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "kestrel.dbSecretName" . }}
      key: POSTGRES_PASSWORD
{{- end -}}
