/*
 * test_http_unlisted.c - suite server/http_unlisted: the seam the fuzz
 * target fuzz_http uses. beacond_serve_open sets the server up as `serve`
 * does; with no_listen, beacond_http_start starts one daemon without a
 * socket and beacond_http_add_connection hands it one end of a socketpair
 * with a made-up peer address (the one X-Forwarded-For is checked against).
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/serve.h"
#include "http/http.h"
#include "server_test.h"
#include "test_support.h"
#include "util/log.h"

/* Largest answer read. */
#define ANSWER_MAX 8192

static server_test_dir t;
static beacond_config cfg;
static beacond_server srv;

static void set(const char *key, const char *value)
{
	beacon_error_detail err;

	ck_assert_beacon_ok(
	    beacond_config_set(&cfg, key, value, BEACOND_SOURCE_FLAGS, &err),
	    &err);
}

static void setup(void)
{
	beacon_error_detail err;

	server_test_dir_make(&t);
	ck_assert_int_eq(beacond_config_defaults(&cfg), 0);
	set("db", t.db);
	set("trustedProxies", "10.0.0.0/8");
	set("threads", "1");
	set("storage.synchronous", "normal");
	set("logLevel", "error");
	beacond_log_setup(cfg.log_format, cfg.log_level);
	ck_assert_beacon_ok(beacond_serve_open(&srv, &cfg, &err), &err);
	srv.no_listen = 1;
	ck_assert_beacon_ok(beacond_http_start(&srv, &err), &err);
	ck_assert_uint_eq(srv.ndaemons, 1);
}

static void teardown(void)
{
	beacond_serve_close(&srv);
	beacond_config_dispose(&cfg);
	server_test_dir_remove(&t);
}

/* Send request over a new connection from peer (IPv4 text); the answer
 * (read until the server closes) goes to out. */
static void exchange(const char *peer, const char *request, char *out,
		     size_t outlen)
{
	struct sockaddr_in sa;
	int sv[2];
	size_t got = 0;
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(40000);
	ck_assert_int_eq(inet_pton(AF_INET, peer, &sa.sin_addr), 1);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(beacond_http_add_connection(
			     &srv, sv[1], (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	ck_assert_int_eq(send(sv[0], request, strlen(request), MSG_NOSIGNAL),
			 (ssize_t)strlen(request));
	while (got + 1 < outlen &&
	       (n = recv(sv[0], out + got, outlen - 1 - got, 0)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(sv[0]);
}

START_TEST(healthz)
{
	char answer[ANSWER_MAX];

	exchange(
	    "192.0.2.7",
	    "GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
	    answer, sizeof(answer));
	ck_assert_msg(strncmp(answer, "HTTP/1.1 200 ", 13) == 0, "%s", answer);
	ck_assert_ptr_nonnull(strstr(answer, "\r\n\r\n{\"status\":\"ok\"}"));
}
END_TEST

/* The made-up peer is a trusted proxy: the client of X-Forwarded-For is
 * stored, and the 202 comes after the commit. */
START_TEST(report_behind_proxy)
{
	static const char body[] =
	    "{\"version\":\"v2.11.0\",\"codename\":\"\",\"buildDate\":\"\","
	    "\"configuration\":\"e30=\",\"hash\":\"0\"}";
	char request[1024], answer[ANSWER_MAX], ip[64];

	snprintf(request, sizeof(request),
		 "POST /collect HTTP/1.1\r\nHost: b\r\nConnection: close\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n"
		 "X-Forwarded-For: 203.0.113.9, 10.0.0.7\r\n\r\n%s",
		 sizeof(body) - 1, body);
	exchange("10.1.2.3", request, answer, sizeof(answer));
	ck_assert_msg(strncmp(answer, "HTTP/1.1 202 ", 13) == 0, "%s", answer);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM reports"),
			 1);
	server_test_text(t.db, "SELECT ip FROM reports", ip, sizeof(ip));
	ck_assert_str_eq(ip, "203.0.113.9");
}
END_TEST

/* Without a daemon the socket is closed and the call refused. */
START_TEST(add_without_daemon)
{
	beacond_server none;
	struct sockaddr_in sa;
	int sv[2];
	char c;

	memset(&none, 0, sizeof(none));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(beacond_http_add_connection(
			     &none, sv[1], (struct sockaddr *)&sa, sizeof(sa)),
			 BEACON_EINVAL);
	ck_assert_int_eq(recv(sv[0], &c, 1, 0), 0); /* peer closed */
	close(sv[0]);
}
END_TEST

static Suite *http_unlisted_suite(void)
{
	Suite *s = suite_create("server/http_unlisted");
	TCase *tc = tcase_create("http_unlisted");

	/* Generous: CI machines are shared and sanitizers slow. */
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, healthz);
	tcase_add_test(tc, report_behind_proxy);
	tcase_add_test(tc, add_without_daemon);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(http_unlisted_suite());
}
