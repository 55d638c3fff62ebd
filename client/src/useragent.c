/*
 * useragent.c - the User-Agent of every request:
 * "{repo}/{version} ({os}; {arch}) beacon/{libversion}[ suffix]", where os
 * and arch use Go's names (GOOS/GOARCH) as Traefik's own builds do.
 */
#include <string.h>

#include "client_internal.h"

const char *beacon_platform_os(void)
{
#if defined(__linux__)
	return "linux";
#elif defined(__APPLE__)
	return "darwin";
#elif defined(__FreeBSD__)
	return "freebsd";
#elif defined(__OpenBSD__)
	return "openbsd";
#elif defined(__NetBSD__)
	return "netbsd";
#elif defined(_WIN32)
	return "windows";
#else
	return "unknown";
#endif
}

const char *beacon_platform_arch(void)
{
#if defined(__x86_64__)
	return "amd64";
#elif defined(__aarch64__)
	return "arm64";
#elif defined(__i386__)
	return "386";
#elif defined(__arm__)
	return "arm";
#elif defined(__riscv) && __riscv_xlen == 64
	return "riscv64";
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
	return "ppc64le";
#elif defined(__s390x__)
	return "s390x";
#else
	return "unknown";
#endif
}

int beacon_user_agent_new(char **out, const char *product, const char *running,
			  const char *suffix)
{
	beacon_buf buf = BEACON_BUF_INIT(BEACON_CLIENT_MAX_OPTION * 3);
	const char *slash = strchr(product, '/');
	const char *repo = slash != NULL ? slash + 1 : product;
	int error;

	*out = NULL;
	error = beacon_buf_printf(&buf, "%s/%s (%s; %s) beacon/%s", repo,
				  running, beacon_platform_os(),
				  beacon_platform_arch(), BEACON_LIB_VERSION);
	if (error == 0 && suffix != NULL && suffix[0] != '\0')
		error = beacon_buf_printf(&buf, " %s", suffix);
	if (error < 0)
		goto cleanup;
	*out = beacon_buf_detach(&buf, NULL);
	if (*out == NULL)
		error = BEACON_ENOMEM;
cleanup:
	beacon_buf_dispose(&buf);
	return error;
}
