/* test_clientip.c - suite server/clientip: CIDR blocks, X-Forwarded-For. */
#include <string.h>

#include "beacon/error.h"
#include "http/clientip.h"
#include "test_support.h"

typedef struct cidr_case {
	const char *cidr;
	const char *ip;
	int valid;    /* the block parses */
	int contains; /* ip lies in it */
} cidr_case;

static const cidr_case cidr_cases[] = {
	{ "10.0.0.0/8", "10.255.1.2", 1, 1 },
	{ "10.0.0.0/8", "11.0.0.1", 1, 0 },
	{ "192.168.1.0/25", "192.168.1.127", 1, 1 },
	{ "192.168.1.0/25", "192.168.1.128", 1, 0 },
	{ "127.0.0.1", "127.0.0.1", 1, 1 },
	{ "127.0.0.1", "127.0.0.2", 1, 0 },
	{ "0.0.0.0/0", "8.8.8.8", 1, 1 },
	{ "0.0.0.0/0", "::1", 1, 0 },
	{ "fd00::/8", "fd12:3456::1", 1, 1 },
	{ "fd00::/8", "fe80::1", 1, 0 },
	{ "2001:db8::/33", "2001:db8:7fff::1", 1, 1 },
	{ "2001:db8::/33", "2001:db8:8000::1", 1, 0 },
	{ "10.0.0.0/8", "::ffff:10.1.2.3", 1, 1 }, /* mapped = IPv4 */
	{ "10.0.0.0/33", NULL, 0, 0 },
	{ "10.0.0.0/", NULL, 0, 0 },
	{ "10.0.0.0/-1", NULL, 0, 0 },
	{ "10.0.0/8", NULL, 0, 0 },
	{ "::/129", NULL, 0, 0 },
	{ "example.com", NULL, 0, 0 },
	{ "", NULL, 0, 0 },
};

START_TEST(test_cidr)
{
	const cidr_case *c = &cidr_cases[_i];
	beacond_cidr block;
	beacond_ip ip;

	ck_assert_int_eq(beacond_cidr_parse(&block, c->cidr) == 0, c->valid);
	if (!c->valid)
		return;
	ck_assert_int_eq(beacond_ip_parse(&ip, c->ip, strlen(c->ip)), 0);
	ck_assert_int_eq(beacond_cidr_contains_any(&block, 1, &ip),
			 c->contains);
}
END_TEST

typedef struct xff_case {
	const char *peer;
	const char *xff;
	const char *want;
} xff_case;

/* trusted: 127.0.0.0/8, 10.0.0.0/8, fd00::/8 */
static const xff_case xff_cases[] = {
	{ "127.0.0.1", NULL, "127.0.0.1" },
	{ "127.0.0.1", "203.0.113.9", "203.0.113.9" },
	{ "198.51.100.1", "203.0.113.9", "198.51.100.1" }, /* untrusted peer */
	{ "127.0.0.1", "1.1.1.1, 203.0.113.9", "203.0.113.9" },
	{ "127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2", "203.0.113.9" },
	{ "127.0.0.1", "10.0.0.3,10.0.0.2", "10.0.0.3" }, /* all trusted */
	{ "127.0.0.1", "1.1.1.1, junk, 10.0.0.2", "10.0.0.2" },
	{ "127.0.0.1", "", "127.0.0.1" },
	{ "127.0.0.1", " 2001:db8::5 ", "2001:db8::5" },
	{ "127.0.0.1", "[2001:db8::6]", "2001:db8::6" },
	{ "fd00::1", "203.0.113.7, fd00::2", "203.0.113.7" },
	{ "::ffff:127.0.0.1", "203.0.113.8", "203.0.113.8" },
};

START_TEST(test_forwarded_for)
{
	const xff_case *c = &xff_cases[_i];
	beacond_cidr trusted[3];
	beacond_ip peer, out;
	char text[BEACOND_IP_TEXT_MAX];

	ck_assert_int_eq(beacond_cidr_parse(&trusted[0], "127.0.0.0/8"), 0);
	ck_assert_int_eq(beacond_cidr_parse(&trusted[1], "10.0.0.0/8"), 0);
	ck_assert_int_eq(beacond_cidr_parse(&trusted[2], "fd00::/8"), 0);
	ck_assert_int_eq(beacond_ip_parse(&peer, c->peer, strlen(c->peer)), 0);
	beacond_clientip_resolve(&out, &peer, c->xff, trusted, 3);
	beacond_ip_format(&out, text, sizeof(text));
	ck_assert_str_eq(text, c->want);
}
END_TEST

START_TEST(test_no_trusted_proxies)
{
	beacond_ip peer, out;
	char text[BEACOND_IP_TEXT_MAX];

	ck_assert_int_eq(beacond_ip_parse(&peer, "127.0.0.1", 9), 0);
	beacond_clientip_resolve(&out, &peer, "203.0.113.9", NULL, 0);
	beacond_ip_format(&out, text, sizeof(text));
	ck_assert_str_eq(text, "127.0.0.1");
	ck_assert_int_eq(beacond_ip_parse(&peer, "1.2.3.4:80", 10),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacond_ip_parse(&peer, "", 0), BEACON_EINVAL);
}
END_TEST

static Suite *clientip_suite(void)
{
	Suite *s = suite_create("server/clientip");
	TCase *tc = tcase_create("clientip");

	tcase_add_loop_test(tc, test_cidr, 0,
			    (int)(sizeof(cidr_cases) / sizeof(cidr_cases[0])));
	tcase_add_loop_test(tc, test_forwarded_for, 0,
			    (int)(sizeof(xff_cases) / sizeof(xff_cases[0])));
	tcase_add_test(tc, test_no_trusted_proxies);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(clientip_suite());
}
