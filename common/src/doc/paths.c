/*
 * doc/paths.c - which Traefik static configuration paths are "sections"
 * (pointer-to-struct options: a bare flag or the value "true" enables them
 * with defaults, Beacon stores {}) and which are slices of scalars (a flag or
 * environment value "a,b" is split on commas, as paerser does).
 *
 * Derived from testdata/traefik/export_paths.txt and redacted_paths.txt
 * (traefik @ fd5a576df2e8): kinds ptr->struct, slice<string...>,
 * slice<float64>, slice<struct>; "*" stands for a user-chosen map key or an
 * array index. Segments match case-insensitively.
 */
#include <string.h>
#include <strings.h>

#include "doc/internal.h"

struct path_rule {
	beacon_doc_path_kind kind;
	const char *path;
};

#define SECTION BEACON_DOC_PATH_SECTION
#define SLICE BEACON_DOC_PATH_SLICE
#define NUMBERS BEACON_DOC_PATH_NUMBERS
#define LIST BEACON_DOC_PATH_LIST

static const struct path_rule rules[] = {
	{ SECTION, "accessLog" },
	{ SECTION, "accessLog.fields" },
	{ SECTION, "accessLog.fields.headers" },
	{ SECTION, "accessLog.fields.queryParameters" },
	{ SECTION, "accessLog.filters" },
	{ SLICE, "accessLog.filters.statusCodes" },
	{ SECTION, "accessLog.otlp" },
	{ SECTION, "accessLog.otlp.grpc" },
	{ SECTION, "accessLog.otlp.grpc.tls" },
	{ SECTION, "accessLog.otlp.http" },
	{ SECTION, "accessLog.otlp.http.tls" },
	{ SECTION, "api" },
	{ SECTION, "certificatesResolvers.*.acme" },
	{ SLICE, "certificatesResolvers.*.acme.caCertificates" },
	{ SECTION, "certificatesResolvers.*.acme.dnsChallenge" },
	{ SECTION, "certificatesResolvers.*.acme.dnsChallenge.propagation" },
	{ SLICE, "certificatesResolvers.*.acme.dnsChallenge.resolvers" },
	{ SECTION, "certificatesResolvers.*.acme.eab" },
	{ SLICE, "certificatesResolvers.*.acme.emailAddresses" },
	{ SECTION, "certificatesResolvers.*.acme.httpChallenge" },
	{ SECTION, "certificatesResolvers.*.acme.tlsChallenge" },
	{ SECTION, "certificatesResolvers.*.tailscale" },
	{ SECTION, "core" },
	{ SECTION, "entryPoints.*" },
	{ SECTION, "entryPoints.*.forwardedHeaders" },
	{ SLICE, "entryPoints.*.forwardedHeaders.connection" },
	{ SLICE, "entryPoints.*.forwardedHeaders.trustedIPs" },
	{ SECTION, "entryPoints.*.http.encodedCharacters" },
	{ SLICE, "entryPoints.*.http.middlewares" },
	{ SECTION, "entryPoints.*.http.redirections" },
	{ SECTION, "entryPoints.*.http.redirections.entryPoint" },
	{ SECTION, "entryPoints.*.http.tls" },
	{ LIST, "entryPoints.*.http.tls.domains" },
	{ SLICE, "entryPoints.*.http.tls.domains.*.sans" },
	{ SECTION, "entryPoints.*.http2" },
	{ SECTION, "entryPoints.*.http3" },
	{ SECTION, "entryPoints.*.observability" },
	{ SECTION, "entryPoints.*.proxyProtocol" },
	{ SLICE, "entryPoints.*.proxyProtocol.trustedIPs" },
	{ SECTION, "entryPoints.*.transport" },
	{ SECTION, "entryPoints.*.transport.lifeCycle" },
	{ SECTION, "entryPoints.*.transport.respondingTimeouts" },
	{ SECTION, "entryPoints.*.udp" },
	{ SECTION, "experimental" },
	{ SECTION, "experimental.fastProxy" },
	{ SLICE, "experimental.localPlugins.*.settings.envs" },
	{ SLICE, "experimental.localPlugins.*.settings.mounts" },
	{ SLICE, "experimental.plugins.*.settings.envs" },
	{ SLICE, "experimental.plugins.*.settings.mounts" },
	{ SECTION, "global" },
	{ SECTION, "hostResolver" },
	{ SECTION, "log" },
	{ SECTION, "log.otlp" },
	{ SECTION, "log.otlp.grpc" },
	{ SECTION, "log.otlp.grpc.tls" },
	{ SECTION, "log.otlp.http" },
	{ SECTION, "log.otlp.http.tls" },
	{ SECTION, "metrics" },
	{ SECTION, "metrics.datadog" },
	{ SECTION, "metrics.influxDB2" },
	{ SECTION, "metrics.otlp" },
	{ NUMBERS, "metrics.otlp.explicitBoundaries" },
	{ SECTION, "metrics.otlp.grpc" },
	{ SECTION, "metrics.otlp.grpc.tls" },
	{ SECTION, "metrics.otlp.http" },
	{ SECTION, "metrics.otlp.http.tls" },
	{ SECTION, "metrics.prometheus" },
	{ NUMBERS, "metrics.prometheus.buckets" },
	{ SECTION, "metrics.statsD" },
	{ SECTION, "ocsp" },
	{ SECTION, "ping" },
	{ SECTION, "providers" },
	{ SECTION, "providers.consul" },
	{ SLICE, "providers.consul.endpoints" },
	{ SLICE, "providers.consul.namespaces" },
	{ SECTION, "providers.consul.tls" },
	{ SECTION, "providers.consulCatalog" },
	{ SECTION, "providers.consulCatalog.endpoint" },
	{ SECTION, "providers.consulCatalog.endpoint.httpAuth" },
	{ SECTION, "providers.consulCatalog.endpoint.tls" },
	{ SLICE, "providers.consulCatalog.namespaces" },
	{ SLICE, "providers.consulCatalog.strictChecks" },
	{ SECTION, "providers.docker" },
	{ SECTION, "providers.docker.tls" },
	{ SECTION, "providers.ecs" },
	{ SLICE, "providers.ecs.clusters" },
	{ SECTION, "providers.etcd" },
	{ SLICE, "providers.etcd.endpoints" },
	{ SECTION, "providers.etcd.tls" },
	{ SECTION, "providers.file" },
	{ SECTION, "providers.http" },
	{ SECTION, "providers.http.tls" },
	{ SECTION, "providers.knative" },
	{ SLICE, "providers.knative.namespaces" },
	{ SLICE, "providers.knative.privateEntrypoints" },
	{ SLICE, "providers.knative.publicEntrypoints" },
	{ SECTION, "providers.kubernetesCRD" },
	{ SLICE, "providers.kubernetesCRD.crossProviderNamespaces" },
	{ SLICE, "providers.kubernetesCRD.namespaces" },
	{ SECTION, "providers.kubernetesGateway" },
	{ SLICE, "providers.kubernetesGateway.crossProviderNamespaces" },
	{ SLICE, "providers.kubernetesGateway.namespaces" },
	{ SECTION, "providers.kubernetesGateway.statusAddress" },
	{ SECTION, "providers.kubernetesIngress" },
	{ SLICE, "providers.kubernetesIngress.crossProviderNamespaces" },
	{ SECTION, "providers.kubernetesIngress.ingressEndpoint" },
	{ SLICE, "providers.kubernetesIngress.namespaces" },
	{ SECTION, "providers.kubernetesIngressNGINX" },
	{ SLICE, "providers.kubernetesIngressNGINX.customHTTPErrors" },
	{ SLICE,
	  "providers.kubernetesIngressNGINX.globalAllowedResponseHeaders" },
	{ SECTION, "providers.kubernetesIngressNGINX.ipAllowListStrategy" },
	{ SLICE,
	  "providers.kubernetesIngressNGINX.ipAllowListStrategy.excludedIPs" },
	{ SLICE, "providers.kubernetesIngressNGINX.publishStatusAddress" },
	{ SECTION, "providers.nomad" },
	{ SECTION, "providers.nomad.endpoint" },
	{ SECTION, "providers.nomad.endpoint.tls" },
	{ SLICE, "providers.nomad.namespaces" },
	{ SLICE, "providers.precedence" },
	{ SECTION, "providers.redis" },
	{ SLICE, "providers.redis.endpoints" },
	{ SECTION, "providers.redis.sentinel" },
	{ SECTION, "providers.redis.tls" },
	{ SECTION, "providers.rest" },
	{ SECTION, "providers.swarm" },
	{ SECTION, "providers.swarm.tls" },
	{ SECTION, "providers.zooKeeper" },
	{ SLICE, "providers.zooKeeper.endpoints" },
	{ SECTION, "serversTransport" },
	{ SECTION, "serversTransport.forwardingTimeouts" },
	{ SLICE, "serversTransport.rootCAs" },
	{ SECTION, "serversTransport.spiffe" },
	{ SLICE, "serversTransport.spiffe.ids" },
	{ SECTION, "spiffe" },
	{ SECTION, "tcpServersTransport" },
	{ SECTION, "tcpServersTransport.tls" },
	{ SLICE, "tcpServersTransport.tls.rootCAs" },
	{ SECTION, "tcpServersTransport.tls.spiffe" },
	{ SLICE, "tcpServersTransport.tls.spiffe.ids" },
	{ SECTION, "tracing" },
	{ SLICE, "tracing.capturedRequestHeaders" },
	{ SLICE, "tracing.capturedResponseHeaders" },
	{ SECTION, "tracing.otlp" },
	{ SECTION, "tracing.otlp.grpc" },
	{ SECTION, "tracing.otlp.grpc.tls" },
	{ SECTION, "tracing.otlp.http" },
	{ SECTION, "tracing.otlp.http.tls" },
	{ SLICE, "tracing.safeQueryParams" },
};

/* True if pattern (dotted, "*" wildcards) names exactly segs. */
static int rule_matches(const char *pattern, const char *const segs[],
			size_t nsegs)
{
	const char *p = pattern;
	size_t i;

	for (i = 0; i < nsegs; i++) {
		size_t n = strcspn(p, ".");

		if (n == 0)
			return 0;
		if (!(n == 1 && p[0] == '*') &&
		    (strlen(segs[i]) != n || strncasecmp(p, segs[i], n) != 0))
			return 0;
		p += n;
		if (*p == '.')
			p++;
		else if (i + 1 < nsegs)
			return 0;
	}
	return *p == '\0';
}

beacon_doc_path_kind beacon_doc_path_kind_of(const char *const segs[],
					     size_t nsegs)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (rule_matches(rules[i].path, segs, nsegs))
			return rules[i].kind;
	}
	return BEACON_DOC_PATH_OTHER;
}
