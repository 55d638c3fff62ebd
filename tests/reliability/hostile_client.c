/*
 * hostile_client.c - suite reliability/client: libbeacon's version check
 * against a hostile update server (hostile_peer.c): huge and endless
 * bodies, a slow drip, a redirect loop, deeply nested and invalid JSON,
 * tags that do not parse, a huge header, plain bytes to an https:// URL, a
 * server that never answers. Through the public API, each check returns
 * UNKNOWN with a reason within its timeout (CHECK_TIMEOUT_MS + TIME_SLACK_MS)
 * and the process RSS stays bounded over repeated rounds (RSS_GROWTH_MAX);
 * the example host program (client/examples/host.c, default 15 s timeout)
 * prints "unknown: ..." and exits 1 for every case, all run at once, each
 * within HOST_WAIT_MS and with a bounded peak RSS.
 */
#define _GNU_SOURCE 1 /* wait4 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "beacon/beacon.h"
#include "hostile_peer.h"
#include "rely_proc.h"
#include "test_support.h"

#define CHECK_TIMEOUT_MS 2000L
#define TIME_SLACK_MS 1500L
#define RSS_ROUNDS 3
#define RSS_GROWTH_MAX_KB (32L * 1024L)
/* The host uses the library's default 15 s timeout. */
#define HOST_WAIT_MS 30000L
#define HOST_RSS_MAX_KB (64L * 1024L)
/* Sanitizer builds keep freed memory in quarantine: RSS says nothing
 * there, so its bounds are printed but not asserted. */
#ifdef RELY_SANITIZED
#define RSS_ASSERTED 0
#else
#define RSS_ASSERTED (getenv("RELY_UNDER_VALGRIND") == NULL)
#endif
/* Under valgrind (RELY_UNDER_VALGRIND=1) OpenSSL's CA bundle load alone
 * takes seconds, so the time bound is widened. */
#define TIME_BOUND_MS       \
	(CHECK_TIMEOUT_MS + \
	 (getenv("RELY_UNDER_VALGRIND") != NULL ? 30000L : TIME_SLACK_MS))

typedef struct hostile_case {
	const char *scheme;
	const char *mode;
} hostile_case;

static const hostile_case cases[] = {
	{ "http", "huge" },     { "http", "chunked" }, { "http", "drip" },
	{ "http", "redirect" }, { "http", "nested" },  { "http", "invalid" },
	{ "http", "badtags" },  { "http", "bighead" }, { "http", "silent" },
	{ "https", "tls" },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static const char *const no_env[] = { NULL };

static void case_url(char *out, size_t len, const hostile_peer *peer,
		     const hostile_case *c)
{
	snprintf(out, len, "%s://127.0.0.1:%d/%s", c->scheme, peer->port,
		 c->mode);
}

/* One check through the public API; asserts UNKNOWN, reason, time. */
static void check_case(const hostile_peer *peer, const hostile_case *c,
		       int verbose)
{
	beacon_client_options o;
	beacon_client *client = NULL;
	beacon_check_result r;
	char url[128];
	long long t0, ms;
	int rc;

	case_url(url, sizeof(url), peer, c);
	beacon_client_options_init(&o);
	o.product = "traefik/traefik";
	o.running = "3.1.2";
	o.update_url = url;
	o.envp = no_env;
	o.proxy = "";
	o.timeout_ms = CHECK_TIMEOUT_MS;
	o.connect_timeout_ms = 1000;
	ck_assert_beacon_ok(beacon_client_new(&client, &o, NULL), NULL);
	t0 = rely_now_ms();
	rc = beacon_client_check(client, &r);
	ms = rely_now_ms() - t0;
	beacon_client_free(client);
	if (verbose)
		printf("client: %-8s %5lld ms  error %d  \"%s\"\n", c->mode, ms,
		       rc, r.reason);
	ck_assert_int_lt(rc, 0);
	ck_assert_int_eq(r.status, BEACON_CHECK_UNKNOWN);
	ck_assert_int_eq(r.error, rc);
	ck_assert_str_ne(r.reason, "");
	ck_assert_int_lt(ms, TIME_BOUND_MS);
}

START_TEST(test_each_case_unknown)
{
	hostile_peer peer;

	ck_assert_int_eq(hostile_peer_start(&peer), 0);
	check_case(&peer, &cases[_i], 1);
	hostile_peer_stop(&peer);
}
END_TEST

START_TEST(test_rss_bounded)
{
	hostile_peer peer;
	long before, after;
	size_t i;
	int round;

	ck_assert_int_eq(hostile_peer_start(&peer), 0);
	check_case(&peer, &cases[0], 0); /* libcurl's one-time setup */
	before = rely_rss_kb(0);
	for (round = 0; round < RSS_ROUNDS; round++)
		for (i = 0; i < NCASES; i++)
			check_case(&peer, &cases[i], 0);
	after = rely_rss_kb(0);
	printf("client: %d checks, VmRSS %ld -> %ld kB, peer sent %lld "
	       "bytes\n",
	       RSS_ROUNDS * (int)NCASES, before, after,
	       (long long)atomic_load(&peer.bytes_out));
	hostile_peer_stop(&peer);
	ck_assert_int_gt(before, 0);
	if (RSS_ASSERTED)
		ck_assert_int_lt(after - before, RSS_GROWTH_MAX_KB);
}
END_TEST

static pid_t spawn_host(const char *url, const char *out)
{
	pid_t pid = fork();
	int fd;

	if (pid != 0)
		return pid;
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	setenv("NO_PROXY", "*", 1);
	execl(RELY_HOST_BINARY, RELY_HOST_BINARY, url, "traefik/traefik",
	      "3.1.2", (char *)NULL);
	_exit(127);
}

static int file_contains(const char *path, const char *needle)
{
	char text[65536];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	return strstr(text, needle) != NULL;
}

/* Reap pid within the deadline; its exit status, or -1 (killed). */
static int reap(pid_t pid, long long deadline, long *maxrss_kb)
{
	struct rusage ru;
	int status = 0;

	for (;;) {
		pid_t r = wait4(pid, &status, WNOHANG, &ru);
		if (r == pid) {
			*maxrss_kb = ru.ru_maxrss;
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		}
		if (rely_now_ms() > deadline)
			break;
		usleep(20000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

START_TEST(test_example_host)
{
	char dir[] = "/tmp/beacon-rely-host-XXXXXX";
	char url[128], out[NCASES][256];
	pid_t pids[NCASES];
	hostile_peer peer;
	long long t0 = rely_now_ms();
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(hostile_peer_start(&peer), 0);
	for (i = 0; i < NCASES; i++) {
		case_url(url, sizeof(url), &peer, &cases[i]);
		snprintf(out[i], sizeof(out[i]), "%s/%s.out", dir,
			 cases[i].mode);
		pids[i] = spawn_host(url, out[i]);
		ck_assert_int_gt(pids[i], 0);
	}
	for (i = 0; i < NCASES; i++) {
		long maxrss = 0;
		int status = reap(pids[i], t0 + HOST_WAIT_MS, &maxrss);
		printf("host: %-8s exit %d after <= %lld ms, max RSS %ld kB\n",
		       cases[i].mode, status, rely_now_ms() - t0, maxrss);
		ck_assert_msg(status == 1 && file_contains(out[i], "unknown: "),
			      "host against %s: exit %d, see %s", cases[i].mode,
			      status, out[i]);
		if (RSS_ASSERTED)
			ck_assert_int_lt(maxrss, HOST_RSS_MAX_KB);
		unlink(out[i]);
	}
	hostile_peer_stop(&peer);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reliability/client");
	TCase *tc = tcase_create("hostile");

	signal(SIGPIPE, SIG_IGN);
	tcase_set_timeout(tc, 90);
	tcase_add_loop_test(tc, test_each_case_unknown, 0, (int)NCASES);
	tcase_add_test(tc, test_rss_bounded);
	tcase_add_test(tc, test_example_host);
	suite_add_tcase(s, tc);
	return beacon_test_run(s);
}
