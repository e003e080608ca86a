{{/*
Helpers shared by every template. Most take a dict with:
  root: the top-level context ($)
  name: the service's key under .Values.services (gateway, identity-service, ...)
*/}}

{{/* The chart's name. */}}
{{- define "journey-suite.chartName" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* helm.sh/chart label value: name-version. */}}
{{- define "journey-suite.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a service's objects (Deployment, Service, HPA, PDB, NetworkPolicy): the
     service key with global.namePrefix in front. */}}
{{- define "journey-suite.serviceName" -}}
{{- printf "%s%s" .root.Values.global.namePrefix .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a suite-wide object (default-deny policy, Secret, Ingress, ServiceMonitor). */}}
{{- define "journey-suite.suiteName" -}}
{{- printf "%s%s" .Values.global.namePrefix (include "journey-suite.chartName" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object of the release carries. Takes the root context. */}}
{{- define "journey-suite.commonLabels" -}}
helm.sh/chart: {{ include "journey-suite.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: {{ include "journey-suite.chartName" . }}
app.kubernetes.io/version: {{ .Values.global.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels that select the suite's pods and Services (all services). Takes the root context. */}}
{{- define "journey-suite.suiteSelectorLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: {{ include "journey-suite.chartName" . }}
{{- end -}}

{{/* Labels of one service's objects. */}}
{{- define "journey-suite.labels" -}}
{{ include "journey-suite.commonLabels" .root }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Labels that select one service's pods: stable over upgrades, so never the version. */}}
{{- define "journey-suite.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* A service's image: <registry>/<image>:<tag>. */}}
{{- define "journey-suite.image" -}}
{{- $g := .root.Values.global.image -}}
{{- $svc := index .root.Values.services .name -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $g.registry) $svc.image ($g.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/* Pod security context. Takes the root context. */}}
{{- define "journey-suite.podSecurityContext" -}}
{{- toYaml .Values.global.podSecurityContext -}}
{{- end -}}

{{/* Container security context. Takes the root context. */}}
{{- define "journey-suite.containerSecurityContext" -}}
{{- toYaml .Values.global.containerSecurityContext -}}
{{- end -}}

{{/* The port of a URL: the explicit one, else 443 for https and 80 otherwise. */}}
{{- define "journey-suite.urlPort" -}}
{{- $url := urlParse . -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if gt (len $hostPort) 1 -}}
{{- last $hostPort -}}
{{- else if eq $url.scheme "https" -}}
443
{{- else -}}
80
{{- end -}}
{{- end -}}

{{/* Keys of the enabled services, as a YAML list under "names". Takes the root context. */}}
{{- define "journey-suite.enabledServices" -}}
names:
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
  - {{ $name }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Keys of the enabled services whose gRPC clients call service .name, as a YAML list
     under "names". */}}
{{- define "journey-suite.callers" -}}
{{- $target := .name -}}
names:
{{- range $name, $svc := .root.Values.services }}
{{- if and $svc.enabled (has $target (values $svc.grpcClients)) }}
  - {{ $name }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Name of the Secret holding a service's database password. */}}
{{- define "journey-suite.dbSecretName" -}}
{{- $svc := index .root.Values.services .name -}}
{{- $pg := .root.Values.global.postgresql -}}
{{- if $svc.database.existingSecret -}}
{{- $svc.database.existingSecret -}}
{{- else if $pg.existingSecret -}}
{{- $pg.existingSecret -}}
{{- else -}}
{{- printf "%s-postgresql" (include "journey-suite.suiteName" .root) -}}
{{- end -}}
{{- end -}}

{{/* "true" when the chart must create the database password Secret: some enabled data
     service has no existing Secret of its own and there is no global one. */}}
{{- define "journey-suite.needsDbSecret" -}}
{{- $needed := false -}}
{{- if not .Values.global.postgresql.existingSecret -}}
{{- range $name, $svc := .Values.services -}}
{{- if and $svc.enabled $svc.database.enabled (not $svc.database.existingSecret) -}}
{{- $needed = true -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $needed }}true{{ end -}}
{{- end -}}

{{/* Fails the render when an enabled service calls a disabled or unknown one. */}}
{{- define "journey-suite.checkClients" -}}
{{- range $name, $svc := .Values.services -}}
{{- if $svc.enabled -}}
{{- range $client, $target := $svc.grpcClients -}}
{{- $t := index $.Values.services $target | default dict -}}
{{- if not $t -}}
{{- fail (printf "services.%s.grpcClients.%s names %q, which is not a service in services" $name $client $target) -}}
{{- end -}}
{{- if not $t.enabled -}}
{{- fail (printf "%s calls %s (grpcClients.%s), which is disabled: enable it or disable %s" $name $target $client $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the gRPC service account's client secret: the existing one, or the
     chart's. */}}
{{- define "journey-suite.grpcClientSecretName" -}}
{{- $sa := .Values.global.keycloak.serviceAccount -}}
{{- if $sa.existingSecret -}}
{{- $sa.existingSecret -}}
{{- else -}}
{{- printf "%s-grpc-client" (include "journey-suite.suiteName" .) -}}
{{- end -}}
{{- end -}}
