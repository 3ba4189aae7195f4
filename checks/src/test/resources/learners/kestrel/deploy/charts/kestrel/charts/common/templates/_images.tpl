{{/* registry/name:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "common.image" -}}
{{- $registry := .root.Values.global.registry -}}
{{- printf "%s/%s:%s" $registry .image.name (.image.tag | default .root.Chart.AppVersion | toString) -}}
{{- end -}}
