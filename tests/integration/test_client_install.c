/*
 * test_client_install.c - suite client/install: `cmake --install` into a
 * temporary prefix, then the example host built against the installed
 * package (pkg-config and CMake, shared and static) talks to a real
 * beacond. The steps are in client_install.sh.
 */
#include <stdio.h>
#include <stdlib.h>

#include "beacond_harness.h"
#include "test_support.h"

START_TEST(test_install_and_embed)
{
	const char *rel[] = { "add", "traefik/traefik", "v3.1.3", NULL };
	beacond_harness h;
	char cmd[4096];

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_release(&h, rel), 0);
	ck_assert_int_eq(beacond_harness_start(&h, NULL), 0);
	snprintf(cmd, sizeof(cmd),
		 "sh '%s/tests/integration/client_install.sh' '%s' '%s' '%s' "
		 "'%s'",
		 BEACON_SOURCE_DIR, BEACON_BINARY_DIR, BEACON_SOURCE_DIR, h.dir,
		 h.base_url);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("client/install");
	TCase *tc = tcase_create("install");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_install_and_embed);
	suite_add_tcase(s, tc);
	return beacon_test_run(s);
}
