/*
 * test_support.h - helpers shared by Beacon's Check tests.
 */
#ifndef BEACON_TEST_SUPPORT_H
#define BEACON_TEST_SUPPORT_H

#include <check.h>
#include <stdlib.h>

#include "beacon/error.h"

/*
 * Assert that expr returned BEACON_OK; on failure print the code's text and
 * the error detail (may be NULL) so the log says why.
 */
#define ck_assert_beacon_ok(expr, detail)                                     \
	do {                                                                  \
		int ck_rc_ = (expr);                                          \
		char ck_msg_[512];                                            \
		ck_assert_msg(                                                \
		    ck_rc_ == BEACON_OK, "%s returned %d (%s): %s", #expr,    \
		    ck_rc_, beacon_strerror(ck_rc_),                          \
		    beacon_error_format((detail), ck_msg_, sizeof(ck_msg_))); \
	} while (0)

/* Directory of the project's own fixtures (tests/data), from CMake. */
#ifndef BEACON_TEST_DATA_DIR
#define BEACON_TEST_DATA_DIR "tests/data"
#endif

/*
 * Directory of ../shared/testdata, or NULL when absent (a user's clone).
 * Tests over it return 77 from main() in that case so CTest says skipped.
 */
const char *beacon_test_shared_dir(void);

/* Run one suite with CK_NORMAL output; returns the process exit status. */
int beacon_test_run(Suite *suite);

#endif /* BEACON_TEST_SUPPORT_H */
