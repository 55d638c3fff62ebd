/* routes/releases.c - GET /repos/{owner}/{repo}/releases, and the check row. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "beacon/limits.h"
#include "routes/routes.h"
#include "util/log.h"

/* GitHub's bounds on account and repository names, bytes. */
#define OWNER_MAX 39
#define REPO_MAX 100
/* Longest version taken from a User-Agent product token, bytes. */
#define UA_VERSION_MAX 64
/* "owner/repo" with its NUL. */
#define PRODUCT_TEXT_MAX (OWNER_MAX + 1 + REPO_MAX + 1)

static const char releases_prefix[] = "/repos/";
static const char releases_suffix[] = "/releases";

static const char not_found_body[] =
    "{\"message\":\"Not Found\",\"documentation_url\":"
    "\"https://docs.github.com/rest/releases/releases#list-releases\"}";

static int name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* "owner/repo" of a releases URL into product; 0 or BEACON_EINVAL. */
static int parse_product(const char *url, char *product, size_t len)
{
	size_t plen = sizeof(releases_prefix) - 1;
	size_t slen = sizeof(releases_suffix) - 1, n, i, slash = 0;

	n = strlen(url);
	if (n <= plen + slen || strncmp(url, releases_prefix, plen) != 0 ||
	    strcmp(url + n - slen, releases_suffix) != 0)
		return BEACON_EINVAL;
	n -= plen + slen;
	if (n >= len)
		return BEACON_EINVAL;
	for (i = 0; i < n; i++) {
		char c = url[plen + i];
		if (c == '/' && slash == 0)
			slash = i;
		else if (!name_char_ok(c))
			return BEACON_EINVAL;
	}
	if (slash == 0 || slash > OWNER_MAX || slash + 1 == n ||
	    n - slash - 1 > REPO_MAX)
		return BEACON_EINVAL;
	memcpy(product, url + plen, n);
	product[n] = '\0';
	return 0;
}

/* A positive query argument, or def when absent or not a number. */
static unsigned query_uint(struct MHD_Connection *conn, const char *name,
			   unsigned def, unsigned max)
{
	const char *v =
	    MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
	char *end = NULL;
	unsigned long n;

	if (v == NULL || v[0] < '0' || v[0] > '9')
		return def;
	n = strtoul(v, &end, 10);
	if (*end != '\0' || n == 0)
		return def;
	return n > max ? max : (unsigned)n;
}

static int version_char_ok(char c)
{
	return name_char_ok(c) || c == '+';
}

/*
 * The version of the User-Agent product token named like repo
 * ("traefik/3.1.2 (linux; amd64) beacon/0.1.0"), into out; 0 when found.
 */
static int ua_version(const char *ua, const char *repo, char *out,
		      size_t outlen)
{
	size_t rlen = strlen(repo);
	const char *p = ua;

	while (p != NULL && *p != '\0') {
		size_t n = 0;
		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == '(') {
			p = strchr(p, ')');
			p = p != NULL ? p + 1 : NULL;
			continue;
		}
		if (strncasecmp(p, repo, rlen) == 0 && p[rlen] == '/') {
			const char *v = p + rlen + 1;
			while (version_char_ok(v[n]))
				n++;
			if (n > 0 && n < outlen && n <= UA_VERSION_MAX &&
			    (v[n] == '\0' || v[n] == ' ')) {
				memcpy(out, v, n);
				out[n] = '\0';
				return 0;
			}
		}
		p = strchr(p, ' ');
	}
	return BEACON_ENOTFOUND;
}

/* Writer callback of a check (payload: the beacond_server). */
static void check_done(void *payload, int status)
{
	beacond_server *srv = payload;

	if (status == 0)
		atomic_fetch_add(&srv->metrics.checks_stored, 1);
	else
		atomic_fetch_add(&srv->metrics.checks_failed, 1);
}

static void record_check(beacond_request *req, const char *product)
{
	beacond_server *srv = req->srv;
	const char *ua = MHD_lookup_connection_value(
	    req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
	char ua_cut[BEACON_SERVER_USER_AGENT_MAX + 1];
	char version[UA_VERSION_MAX + 1], ip[BEACOND_IPMODE_TEXT_MAX];
	beacond_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = BEACOND_EVENT_CHECK;
	ev.time = (int64_t)time(NULL);
	ev.u.check.product = product;
	if (ua != NULL) {
		snprintf(ua_cut, sizeof(ua_cut), "%s", ua);
		ev.u.check.user_agent = ua_cut;
		if (ua_version(ua, strchr(product, '/') + 1, version,
			       sizeof(version)) == 0)
			ev.u.check.version = version;
	}
	beacond_http_client_ip(req, ip, sizeof(ip), &ev.u.check.ip);
	if (beacond_writer_submit(srv->writer, &ev, check_done, srv) < 0)
		atomic_fetch_add(&srv->metrics.checks_failed, 1);
}

static enum MHD_Result answer_page(beacond_request *req,
				   const beacond_product *p)
{
	unsigned per_page =
	    query_uint(req->conn, "per_page", BEACON_SERVER_PER_PAGE_DEFAULT,
		       BEACON_SERVER_PER_PAGE_MAX);
	unsigned page = query_uint(req->conn, "page", 1, UINT32_MAX / 128);
	const char *inm = MHD_lookup_connection_value(
	    req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	unsigned status = 0;
	int owned = 0;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = beacond_product_page(p, page, per_page, inm, &status, &owned);
	if (resp == NULL)
		return beacond_http_error(req, MHD_HTTP_SERVICE_UNAVAILABLE,
					  "out of memory", NULL,
					  BEACON_SERVER_RETRY_AFTER_BUSY_S);
	ret = beacond_http_queue(req, status, resp);
	if (owned)
		MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result beacond_releases_answer(beacond_request *req, const char *url)
{
	beacond_releases *rel = &req->srv->releases;
	char product[PRODUCT_TEXT_MAX], name[PRODUCT_TEXT_MAX];
	const beacond_product *p = NULL;
	enum MHD_Result ret;

	if (parse_product(url, product, sizeof(product)) != 0)
		return beacond_http_json(req, MHD_HTTP_NOT_FOUND,
					 not_found_body,
					 sizeof(not_found_body) - 1);
	beacond_releases_read_lock(rel);
	p = beacond_releases_find(rel, product);
	if (p == NULL) {
		beacond_releases_read_unlock(rel);
		return beacond_http_json(req, MHD_HTTP_NOT_FOUND,
					 not_found_body,
					 sizeof(not_found_body) - 1);
	}
	snprintf(name, sizeof(name), "%s", beacond_product_name(p));
	ret = answer_page(req, p);
	beacond_releases_read_unlock(rel);
	record_check(req, name);
	return ret;
}
