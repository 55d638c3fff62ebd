/*
 * mask.c - the masking pass: a scanner that finds URLs, e-mail addresses,
 * IP addresses, domain names, home directories and PEM blocks in a string
 * and replaces each with BEACON_MASK_TEXT. Rules: see beacon/mask.h.
 *
 * At every position the matchers are tried in a fixed order; each one only
 * starts at the beginning of a run of its own character class, so a match
 * never begins in the middle of a word (which would leave a prefix such as
 * the "alice" of "alice@example.com" behind).
 */
#include "beacon/mask.h"

#include <string.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/limits.h"

#define MAX_SCHEME_LEN 32
#define MAX_LABEL_LEN 63
#define MAX_IPV4_PART 3

typedef int (*char_class)(unsigned char c);

typedef struct scan {
	const unsigned char *s;
	size_t len;
} scan;

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Characters of a host name or IPv4 address; bytes of UTF-8 sequences
 * count too, so an internationalized name goes as a whole. */
static int is_host(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '-' || c == '_' || c >= 0x80;
}

/* Local part of an e-mail address, generously (user:password too). */
static int is_local(unsigned char c)
{
	return is_alnum(c) || (c != 0 && strchr("._%+-:!#$&'*=?^{|}~", c));
}

static int is_scheme(unsigned char c)
{
	return is_alnum(c) || c == '+' || c == '.' || c == '-';
}

static int is_v6(unsigned char c)
{
	return is_hex(c) || c == ':' || c == '.';
}

/* Where a URL or path token ends. */
static int is_token_end(unsigned char c)
{
	return c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '`' ||
	       c == '<' || c == '>';
}

static size_t run(const scan *sc, size_t i, char_class cls)
{
	while (i < sc->len && cls(sc->s[i]))
		i++;
	return i;
}

static size_t token_end(const scan *sc, size_t i)
{
	while (i < sc->len && !is_token_end(sc->s[i]))
		i++;
	return i;
}

/* True when position i starts a run of cls (the previous byte is not). */
static int starts_run(const scan *sc, size_t i, char_class cls)
{
	return cls(sc->s[i]) && (i == 0 || !cls(sc->s[i - 1]));
}

static int has_prefix_ci(const scan *sc, size_t i, const char *prefix)
{
	size_t n = strlen(prefix), k;

	if (sc->len - i < n)
		return 0;
	for (k = 0; k < n; k++)
		if (lower(sc->s[i + k]) != lower((unsigned char)prefix[k]))
			return 0;
	return 1;
}

static int equals(const scan *sc, size_t a, size_t b, const char *word)
{
	size_t n = strlen(word);

	return b - a == n && memcmp(sc->s + a, word, n) == 0;
}

/* "-----BEGIN ..." up to and including the closing "-----" of its END. */
static int match_pem(const scan *sc, size_t i, size_t *end)
{
	size_t k;

	if (!has_prefix_ci(sc, i, "-----BEGIN"))
		return 0;
	*end = sc->len;
	for (k = i + 10; k < sc->len; k++) {
		if (has_prefix_ci(sc, k, "-----END")) {
			k += 8;
			while (k < sc->len && sc->s[k] != '-')
				k++;
			while (k < sc->len && sc->s[k] == '-')
				k++;
			*end = k;
			break;
		}
	}
	return 1;
}

static int match_url(const scan *sc, size_t i, size_t *end)
{
	size_t k;

	if (!is_alpha(sc->s[i]) || !starts_run(sc, i, is_scheme))
		return 0;
	k = run(sc, i, is_scheme);
	if (k - i > MAX_SCHEME_LEN || !has_prefix_ci(sc, k, "://"))
		return 0;
	*end = token_end(sc, k + 3);
	return 1;
}

static int match_home(const scan *sc, size_t i, size_t *end)
{
	static const char *const homes[] = { "/home/", "/users/", "\\home\\",
					     "\\users\\" };
	size_t h;

	for (h = 0; h < sizeof(homes) / sizeof(homes[0]); h++) {
		if (has_prefix_ci(sc, i, homes[h])) {
			*end = token_end(sc, i + 1);
			return 1;
		}
	}
	return 0;
}

static int contains(const scan *sc, size_t a, size_t b, unsigned char c)
{
	return memchr(sc->s + a, c, b - a) != NULL;
}

/* Traefik's provider namespaces: "name@file" references a middleware,
 * service or router of that provider and is no e-mail address. */
static int is_provider(const scan *sc, size_t a, size_t b)
{
	static const char *const providers[] = { "file",
						 "docker",
						 "swarm",
						 "kubernetes",
						 "kubernetescrd",
						 "kubernetesgateway",
						 "kubernetesingress",
						 "kubernetesingressnginx",
						 "knative",
						 "consulcatalog",
						 "consul",
						 "nomad",
						 "ecs",
						 "http",
						 "rest",
						 "redis",
						 "etcd",
						 "zookeeper",
						 "internal",
						 "tailscale" };
	size_t p;

	if (has_prefix_ci(sc, a, "plugin-"))
		return 1;
	for (p = 0; p < sizeof(providers) / sizeof(providers[0]); p++)
		if (b - a == strlen(providers[p]) &&
		    has_prefix_ci(sc, a, providers[p]))
			return 1;
	return 0;
}

/* "local@host": an e-mail address or user@host, unless it is Traefik's
 * "name@provider" reference. */
static int match_email(const scan *sc, size_t i, size_t *end)
{
	size_t at, k;

	if (!starts_run(sc, i, is_local))
		return 0;
	at = run(sc, i, is_local);
	if (at == i || at >= sc->len || sc->s[at] != '@')
		return 0;
	k = run(sc, at + 1, is_host);
	if (k == at + 1 ||
	    (is_provider(sc, at + 1, k) && !contains(sc, i, at, ':')))
		return 0;
	*end = k;
	return 1;
}

static int match_ipv6(const scan *sc, size_t i, size_t *end)
{
	size_t k, colons = 0, hex = 0;

	if (!starts_run(sc, i, is_v6) || (i > 0 && is_alnum(sc->s[i - 1])))
		return 0;
	for (k = i; k < sc->len && is_v6(sc->s[k]); k++) {
		colons += sc->s[k] == ':';
		hex += is_hex(sc->s[k]);
	}
	if (colons < 2 || hex == 0 || equals(sc, i, k, "::1"))
		return 0;
	if (k < sc->len && sc->s[k] == '%')
		k = run(sc, k + 1, is_host);
	*end = k;
	return 1;
}

/* Four runs of 1-3 digits separated by dots, nothing else. */
static int is_ipv4(const scan *sc, size_t a, size_t b)
{
	size_t parts = 0, digits = 0, k;

	for (k = a; k < b; k++) {
		if (is_digit(sc->s[k])) {
			if (++digits > MAX_IPV4_PART)
				return 0;
		} else if (sc->s[k] == '.' && digits > 0) {
			parts++;
			digits = 0;
		} else {
			return 0;
		}
	}
	return parts == 3 && digits > 0 && !equals(sc, a, b, "0.0.0.0") &&
	       !equals(sc, a, b, "127.0.0.1");
}

/* Endings of file names that are not top-level domains. */
static int is_file_extension(const scan *sc, size_t a, size_t b)
{
	static const char *const ext[] = {
		"json", "yaml", "yml", "toml", "conf", "cfg",  "ini", "txt",
		"log",  "pem",  "crt", "key",  "cer",  "csr",  "der", "sock",
		"db",   "tmpl", "tpl", "env",  "lock", "wasm", "tmp", "bak"
	};
	size_t e, n;

	for (e = 0; e < sizeof(ext) / sizeof(ext[0]); e++) {
		n = strlen(ext[e]);
		if (b - a == n && has_prefix_ci(sc, a, ext[e]))
			return 1;
	}
	return 0;
}

/* Two or more dot-separated labels, the last one 2-63 letters. */
static int is_domain(const scan *sc, size_t a, size_t b)
{
	size_t k, last = a, labels = 1;

	for (k = a; k < b; k++) {
		if (sc->s[k] != '.')
			continue;
		if (k == last || k - last > MAX_LABEL_LEN)
			return 0;
		labels++;
		last = k + 1;
	}
	if (labels < 2 || b - last < 2 || b - last > MAX_LABEL_LEN)
		return 0;
	for (k = last; k < b; k++)
		if (!is_alpha(sc->s[k]))
			return 0;
	return !is_file_extension(sc, last, b);
}

/* After a host: keep a bare ":port", swallow a following path or query. */
static size_t host_tail(const scan *sc, size_t k)
{
	size_t p = k;

	if (p < sc->len && sc->s[p] == ':')
		p = run(sc, p + 1, is_digit);
	if (p < sc->len && p > k + 1 &&
	    (sc->s[p] == '/' || sc->s[p] == '?' || sc->s[p] == '#'))
		return token_end(sc, p);
	if (p == k && p < sc->len && (sc->s[p] == '/' || sc->s[p] == '?'))
		return token_end(sc, p);
	return k;
}

static int match_host(const scan *sc, size_t i, size_t *end)
{
	size_t a = i, b;

	if (!starts_run(sc, i, is_host))
		return 0;
	b = run(sc, i, is_host);
	while (a < b && (sc->s[a] == '.' || sc->s[a] == '-'))
		a++;
	while (b > a && (sc->s[b - 1] == '.' || sc->s[b - 1] == '-'))
		b--;
	if (!is_ipv4(sc, a, b) && !is_domain(sc, a, b))
		return 0;
	*end = host_tail(sc, run(sc, i, is_host));
	return 1;
}

static int match_any(const scan *sc, size_t i, size_t *end)
{
	return match_pem(sc, i, end) || match_url(sc, i, end) ||
	       match_home(sc, i, end) || match_email(sc, i, end) ||
	       match_ipv6(sc, i, end) || match_host(sc, i, end);
}

static int mask_into(beacon_buf *out, const scan *sc, int *changed)
{
	size_t i = 0, copied = 0, end = 0;
	int error = BEACON_OK;

	while (i < sc->len && error == BEACON_OK) {
		if (!match_any(sc, i, &end)) {
			i++;
			continue;
		}
		error = beacon_buf_append(out, sc->s + copied, i - copied);
		if (error == BEACON_OK)
			error = beacon_buf_append(out, BEACON_MASK_TEXT,
						  BEACON_MASK_TEXT_LEN);
		*changed = 1;
		i = copied = end;
	}
	if (error == BEACON_OK)
		error =
		    beacon_buf_append(out, sc->s + copied, sc->len - copied);
	return error;
}

int beacon_mask_string(char **out, size_t *out_len, const char *s, size_t len,
		       int *changed)
{
	beacon_buf buf =
	    BEACON_BUF_INIT(BEACON_MASK_MAX_INPUT * (BEACON_MASK_TEXT_LEN + 1));
	scan sc = { (const unsigned char *)s, len };
	int dummy = 0, error;

	*out = NULL;
	if (changed == NULL)
		changed = &dummy;
	*changed = 0;
	if (len > BEACON_MASK_MAX_INPUT) {
		sc.s = (const unsigned char *)BEACON_MASK_TEXT;
		sc.len = BEACON_MASK_TEXT_LEN;
		*changed = 1;
	}
	error = beacon_buf_reserve(&buf, sc.len);
	if (error == BEACON_OK)
		error = mask_into(&buf, &sc, changed);
	if (error == BEACON_OK) {
		*out = beacon_buf_detach(&buf, out_len);
		if (*out == NULL)
			error = BEACON_ENOMEM;
	}
	beacon_buf_dispose(&buf);
	return error;
}
