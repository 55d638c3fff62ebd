/* test_config.c - suite server/config: defaults, YAML file, flags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beacon/error.h"
#include "config/config.h"
#include "test_support.h"
#include "util/log.h"

static char yaml_path[64];

/* Write text to a new temporary file named in yaml_path. */
static void write_yaml(const char *text)
{
	FILE *f;
	int fd;

	snprintf(yaml_path, sizeof(yaml_path), "/tmp/beacond-cfg-XXXXXX");
	fd = mkstemp(yaml_path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static int load(beacond_config *cfg, int argc, const char **argv,
		beacon_error_detail *err)
{
	int help = 0;

	beacon_error_clear(err);
	return beacond_config_load(cfg, argc, (char **)(uintptr_t)argv, &help,
				   err);
}

START_TEST(test_defaults)
{
	beacond_config cfg;
	beacon_error_detail err;

	ck_assert_beacon_ok(load(&cfg, 0, NULL, &err), &err);
	ck_assert_uint_eq(cfg.listen.count, 1);
	ck_assert_str_eq(cfg.listen.items[0], BEACOND_DEFAULT_LISTEN);
	ck_assert_uint_eq(cfg.collect_paths.count, 2);
	ck_assert_str_eq(cfg.collect_paths.items[1],
			 BEACOND_TRAEFIK_COLLECT_PATH);
	ck_assert_str_eq(beacond_config_ip_mode_name(&cfg), "full");
	ck_assert_uint_eq(cfg.body_bytes, BEACON_SERVER_BODY_MAX);
	ck_assert_uint_eq(cfg.threads, BEACON_SERVER_THREADS);
	ck_assert_int_eq(cfg.poll_mode, BEACOND_POLL_POLL);
	ck_assert_int_eq(cfg.synchronous_full, 1);
	ck_assert_uint_eq(cfg.connection_memory, BEACON_SERVER_CONN_POOL_BYTES);
	ck_assert_uint_eq(cfg.batch_ms, 0); /* group commit without a window */
	beacond_config_dispose(&cfg);
}
END_TEST

START_TEST(test_file_then_flags)
{
	beacond_config cfg;
	beacon_error_detail err;
	const char *argv[] = { "--config",      yaml_path,
			       "--listen",      "[::1]:0",
			       "--listen",      "127.0.0.1:0",
			       "--IPMODE=none", "--limits.bodyBytes",
			       "2048" };

	write_yaml("listen: [\"0.0.0.0:80\"]\n"
		   "ipMode: hashed\nipHashSecret: k\n"
		   "trustedProxies: [10.0.0.0/8, \"::1\"]\n"
		   "collectPaths: /in\n"
		   "Limits:\n  BodyBytes: 1000\n  jsonDepth: 8\n"
		   "storage:\n  synchronous: normal\n"
		   "logFormat: json\ntlsCert:\n");
	ck_assert_beacon_ok(load(&cfg, 9, argv, &err), &err);
	unlink(yaml_path);
	ck_assert_uint_eq(cfg.listen.count, 2); /* flags replace the file */
	ck_assert_str_eq(cfg.listen.items[0], "[::1]:0");
	ck_assert_str_eq(beacond_config_ip_mode_name(&cfg), "none");
	ck_assert_uint_eq(cfg.body_bytes, 2048);
	ck_assert_uint_eq(cfg.json_depth, 8);
	ck_assert_uint_eq(cfg.trusted_proxies.count, 2);
	ck_assert_uint_eq(cfg.collect_paths.count, 1); /* file replaces */
	ck_assert_str_eq(cfg.collect_paths.items[0], "/in");
	ck_assert_int_eq(cfg.synchronous_full, 0);
	ck_assert_int_eq(cfg.log_format, BEACOND_LOG_JSON);
	ck_assert_ptr_null(cfg.tls_cert);
	beacond_config_dispose(&cfg);
}
END_TEST

typedef struct bad_case {
	const char *yaml; /* NULL: flags only */
	const char *flag, *value;
	const char *needle; /* in the error text */
} bad_case;

static const bad_case bad_cases[] = {
	{ "limits:\n  bodyByts: 1\n", NULL, NULL, "limits.bodyByts" },
	{ "nope: 1\n", NULL, NULL, "nope" },
	{ "threads: many\n", NULL, NULL, "threads" },
	{ "ipMode: hashed\n", NULL, NULL, "ipHashSecret" },
	{ "tlsCert: a.pem\n", NULL, NULL, "tlsKey" },
	{ "trustedProxies: [not-an-ip]\n", NULL, NULL, "not-an-ip" },
	{ "collectPaths: [collect]\n", NULL, NULL, "collect" },
	{ "listen: []\n", NULL, NULL, "listen" },
	{ NULL, "--threads", "0", "threads" },
	{ NULL, "--threads", "-1", "threads" },
	{ NULL, "--limits.bodyBytes", "99999999999999999999", "bodyBytes" },
	{ NULL, "--pollMode", "select", "pollMode" },
	{ NULL, "--limits.connectionMemory", "1024", "connectionMemory" },
	{ NULL, "--limits.connectionMemory", "2000000", "connectionMemory" },
	{ NULL, "--bogus", "1", "bogus" },
	{ NULL, "stray", "x", "stray" },
};

START_TEST(test_errors)
{
	const bad_case *c = &bad_cases[_i];
	beacond_config cfg;
	beacon_error_detail err;
	const char *argv[4];
	int argc = 0;
	char text[512];

	if (c->yaml != NULL) {
		write_yaml(c->yaml);
		argv[argc++] = "--config";
		argv[argc++] = yaml_path;
	} else {
		argv[argc++] = c->flag;
		argv[argc++] = c->value;
	}
	ck_assert_int_lt(load(&cfg, argc, argv, &err), 0);
	if (c->yaml != NULL)
		unlink(yaml_path);
	beacon_error_format(&err, text, sizeof(text));
	ck_assert_msg(strstr(text, c->needle) != NULL, "\"%s\" lacks \"%s\"",
		      text, c->needle);
	beacond_config_dispose(&cfg);
}
END_TEST

START_TEST(test_help)
{
	beacond_config cfg;
	int help = 0;
	const char *argv[] = { "--help" };

	ck_assert_int_eq(
	    beacond_config_load(&cfg, 1, (char **)(uintptr_t)argv, &help, NULL),
	    0);
	ck_assert_int_eq(help, 1);
	beacond_config_dispose(&cfg);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("server/config");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_file_then_flags);
	tcase_add_loop_test(tc, test_errors, 0,
			    (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(tc, test_help);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(config_suite());
}
