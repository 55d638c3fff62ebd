/* test_support.c - helpers shared by Beacon's Check tests. */
#include "test_support.h"

#include <sys/stat.h>

#include "beacon/alloc.h"

#ifndef BEACON_SHARED_TESTDATA_DIR
#define BEACON_SHARED_TESTDATA_DIR ""
#endif

const char *beacon_test_shared_dir(void)
{
	const char *dir = getenv("BEACON_SHARED_TESTDATA");
	struct stat st;

	if (dir == NULL || dir[0] == '\0')
		dir = BEACON_SHARED_TESTDATA_DIR;
	if (dir[0] == '\0' || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
}

int beacon_test_run(Suite *suite)
{
	SRunner *runner = srunner_create(suite);
	int failed;

	beacon_alloc_install_jansson();
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
