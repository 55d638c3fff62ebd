/*
 * beacon/mask.h - the masking pass of the anonymizer: a hand-written scanner
 * that replaces, inside any string, what could identify a host or a person
 * with BEACON_MASK_TEXT (32 'x', as Traefik's pkg/redactor does).
 *
 * Masked, each match replaced by one BEACON_MASK_TEXT:
 *   - URLs "scheme://..." up to the next space, quote, '<', '>' or '`'
 *     (the whole URL: host, user info, path and query);
 *   - e-mail addresses and "user@host", "user:password@host"; except
 *     Traefik's "name@provider" references ("auth@file", "x@docker",
 *     "y@plugin-z"), which stay;
 *   - IPv4 addresses (four dot-separated runs of 1-3 digits), except
 *     0.0.0.0 and 127.0.0.1;
 *   - IPv6 addresses (a run of hex digits, ':' and '.' with two or more ':'
 *     and at least one hex digit, plus a "%zone"), except "::" and "::1";
 *   - domain names: two or more labels of [A-Za-z0-9_-] (and non-ASCII
 *     bytes, for internationalized names) separated by dots
 *     whose last label is 2-63 letters and not a common file extension
 *     (json, yaml, yml, toml, conf, log, pem, crt, key, ...): so
 *     "traefik.enable" and "corp.internal" go, "acme.json", "1.5s",
 *     "v2.11.0", "traefik", "docker", "1h" and "info" stay;
 *   - home directories: from "/home/" or "/Users/" (any case, also with
 *     backslashes) to the end of the path;
 *   - PEM blocks from "-----BEGIN" to the matching "-----END ...-----".
 * Ports stay: "10.0.0.1:8080" becomes "<32 x>:8080"; but when a path,
 * query or fragment follows a host ("example.com:8443/a?b"), everything
 * from the host to the end of that token is masked.
 * Single-label host names ("db1", "myhost") cannot be told from ordinary
 * words and are kept unless they are part of a URL or e-mail address.
 * Strings longer than BEACON_MASK_MAX_INPUT are replaced whole.
 */
#ifndef BEACON_MASK_H
#define BEACON_MASK_H

#include <stddef.h>

#include "beacon/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The replacement of every masked span: exactly 32 'x'. */
#define BEACON_MASK_TEXT "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define BEACON_MASK_TEXT_LEN 32

/*
 * Mask the len bytes at s (may hold NULs; need not be NUL-terminated).
 * *out: new NUL-terminated string (free with beacon_free), *out_len (may be
 * NULL) its length. *changed (may be NULL) is set to 1 when anything was
 * masked, else 0. Returns 0 or BEACON_ENOMEM; on error *out is NULL.
 */
BEACON_EXTERN int beacon_mask_string(char **out, size_t *out_len, const char *s,
				     size_t len, int *changed);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_MASK_H */
