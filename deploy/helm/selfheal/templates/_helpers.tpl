{{/* The name of the healer's namespaced objects. */}}
{{- define "selfheal.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "selfheal.labels" -}}
app.kubernetes.io/name: selfheal
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The healer pods' selector. */}}
{{- define "selfheal.selector" -}}
app.kubernetes.io/name: selfheal
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: healer
{{- end -}}

{{/* The agent pods' selector. */}}
{{- define "selfheal.agentSelector" -}}
app.kubernetes.io/name: selfheal
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: node-agent
{{- end -}}

{{/* An image reference; the tag defaults to the chart's appVersion. */}}
{{- define "selfheal.image" -}}
{{- printf "%s:%s" .repository (default .appVersion .tag) -}}
{{- end -}}
