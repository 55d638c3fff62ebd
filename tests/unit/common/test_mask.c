/* test_mask.c - suite common/mask: the masking pass, table-driven. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/limits.h"
#include "beacon/mask.h"
#include "test_support.h"

#define X BEACON_MASK_TEXT

typedef struct mask_case {
	const char *in;
	const char *want;
} mask_case;

static const mask_case cases[] = {
	/* kept: ordinary configuration values */
	{ "traefik", "traefik" },
	{ "docker", "docker" },
	{ "info", "info" },
	{ "DEBUG", "DEBUG" },
	{ "1h", "1h" },
	{ "1m51s", "1m51s" },
	{ "1.5s", "1.5s" },
	{ "42ns", "42ns" },
	{ "0.1", "0.1" },
	{ "v2.11.0", "v2.11.0" },
	{ ":80", ":80" },
	{ ":8080/tcp", ":8080/tcp" },
	{ "0.0.0.0", "0.0.0.0" },
	{ "0.0.0.0:443", "0.0.0.0:443" },
	{ "127.0.0.1:8080", "127.0.0.1:8080" },
	{ "[::]:80", "[::]:80" },
	{ "::1", "::1" },
	{ "/etc/traefik/traefik.toml", "/etc/traefik/traefik.toml" },
	{ "/acme/acme.json", "/acme/acme.json" },
	{ "/etc/traefik/dynamic.yml", "/etc/traefik/dynamic.yml" },
	{ "/etc/traefik/conf.d", "/etc/traefik/conf.d" },
	{ "Label(\"foo\", \"bar\")", "Label(\"foo\", \"bar\")" },
	{ "file Directory", "file Directory" },
	{ "MyIngressClass", "MyIngressClass" },
	{ "addEntryPointsLabels", "addEntryPointsLabels" },
	{ "CertificateResolver0", "CertificateResolver0" },
	{ "keep", "keep" },
	{ "@every 1h", "@every 1h" },
	{ "Hello world.", "Hello world." },
	{ "", "" },
	{ "kube-system", "kube-system" },
	{ "auth@file", "auth@file" },
	{ "redirect-https@kubernetescrd", "redirect-https@kubernetescrd" },
	{ "my-plugin@plugin-demo", "my-plugin@plugin-demo" },
	{ "Compress@Docker", "Compress@Docker" },
	{ "my_entry-point", "my_entry-point" },
	/* masked: URLs */
	{ "https://hub.example.com", X },
	{ "tcp://10.10.10.10:2375", X },
	{ "unix:///var/run/docker.sock", X },
	{ "redis://user:s3cret@cache:6379/0 extra", X " extra" },
	{ "see http://a.b/c?token=t0k3n, then", "see " X " then" },
	{ "HTTPS://Example.COM/Path", X },
	/* masked: e-mails */
	{ "foo@bar.com", X },
	{ "goo@example.com", X },
	{ "foo.bargoo@example.com.us", X },
	{ "mail: alice@mail.lan", "mail: " X },
	{ "user:pw@localhost", X },
	{ "alice@fileserver", X },
	{ "auth@file:pw@db", "auth@" X },
	{ "b\xc3\xbc"
	  "cher.de",
	  X },
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "user:pa55@db.internal", X },
	/* masked: IPv4 (ports stay) */
	{ "10.0.0.1", X },
	{ "10.0.0.1:8080", X ":8080" },
	{ "192.168.1.254:443", X ":443" },
	{ "10.0.0.0/8", X },
	{ "ip=172.16.0.1;", "ip=" X ";" },
	/* masked: IPv6 */
	{ "2001:db8::1", X },
	{ "[2001:db8::1]:443", "[" X "]:443" },
	{ "fe80::1%eth0", X },
	{ "::ffff:10.0.0.1", X },
	{ "2001:0db8:85a3:0000:0000:8a2e:0370:7334", X },
	/* masked: domain names */
	{ "example.com", X },
	{ "foo domain.com foo", "foo " X " foo" },
	{ "sub.sub.sub.domain.com.us", X },
	{ "api.example.com:8443", X ":8443" },
	{ "example.com:8443/path?q=1", X },
	{ "db1.corp.internal", X },
	{ "consul.service.consul", X },
	{ "Host(`whoami.example.org`)", "Host(`" X "`)" },
	{ "example.com.", X },
	{ "github.com/traefik/plugindemo", X },
	{ "/var/www/example.com/index.html", "/var/www/" X },
	/* masked: home directories, PEM */
	{ "/home/alice/traefik.yml", X },
	{ "/srv/home/bob/x", "/srv" X },
	{ "/Users/carol/certs", X },
	{ "C:\\Users\\dave\\cert.pem", "C:" X },
	{ "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", X },
	{ "a -----BEGIN PRIVATE KEY----- MIIE", "a " X },
};

START_TEST(table)
{
	const mask_case *c = &cases[_i];
	char *out = NULL;
	size_t len = 0;
	int changed = -1;

	ck_assert_int_eq(
	    beacon_mask_string(&out, &len, c->in, strlen(c->in), &changed),
	    BEACON_OK);
	ck_assert_msg(strcmp(out, c->want) == 0,
		      "mask(\"%s\") = \"%s\", want \"%s\"", c->in, out,
		      c->want);
	ck_assert_uint_eq(len, strlen(c->want));
	ck_assert_int_eq(changed, strcmp(c->in, c->want) != 0);
	beacon_free(out);
}
END_TEST

START_TEST(embedded_nul_and_long_input)
{
	static const char with_nul[] = "a\0b 10.0.0.1";
	char *big = beacon_malloc(BEACON_MASK_MAX_INPUT + 2);
	char *out = NULL;
	size_t len = 0;
	int changed = 0;

	ck_assert_int_eq(beacon_mask_string(&out, &len, with_nul,
					    sizeof(with_nul) - 1, &changed),
			 BEACON_OK);
	ck_assert_uint_eq(len, 4 + BEACON_MASK_TEXT_LEN);
	ck_assert_mem_eq(out, "a\0b " X, len);
	beacon_free(out);

	ck_assert_ptr_nonnull(big);
	memset(big, 'a', BEACON_MASK_MAX_INPUT + 1);
	big[BEACON_MASK_MAX_INPUT + 1] = '\0';
	ck_assert_int_eq(beacon_mask_string(&out, &len, big,
					    BEACON_MASK_MAX_INPUT + 1,
					    &changed),
			 BEACON_OK);
	ck_assert_str_eq(out, X);
	ck_assert_int_eq(changed, 1);
	beacon_free(out);
	beacon_free(big);
}
END_TEST

START_TEST(allocation_failure)
{
	char *out = NULL;
	long n;
	int rc = BEACON_ENOMEM;

	for (n = 0; rc != BEACON_OK; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_mask_string(&out, NULL, "x 10.0.0.1 y", 12, NULL);
		beacon_alloc_fail_after(-1);
		if (rc != BEACON_OK) {
			ck_assert_int_eq(rc, BEACON_ENOMEM);
			ck_assert_ptr_null(out);
		}
	}
	ck_assert_str_eq(out, "x " X " y");
	beacon_free(out);
}
END_TEST

static Suite *mask_suite(void)
{
	Suite *s = suite_create("common/mask");
	TCase *tc = tcase_create("mask");

	tcase_add_loop_test(tc, table, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, embedded_nul_and_long_input);
	tcase_add_test(tc, allocation_failure);
	tcase_set_timeout(tc, 60); /* loaded CI machines */
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(mask_suite());
}
