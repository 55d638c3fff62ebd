/* doc_test_util.h - helpers shared by the common/doc_* suites. */
#ifndef BEACON_DOC_TEST_UTIL_H
#define BEACON_DOC_TEST_UTIL_H

#include <jansson.h>
#include <stddef.h>

#include "beacon/doc.h"

/* tests/data/config, the project's own configuration fixtures. */
#define DOC_TEST_DIR BEACON_SOURCE_DIR "/tests/data/config"

/* Load path (Go template actions neutralised first if templates); fails
 * the test with the error detail if it does not load. New reference. */
json_t *doc_test_load(const char *path, int templates);

/* Non-empty lines of path that do not start with '#', as a NULL-terminated
 * array (free with doc_test_free_lines); *count gets their number. */
char **doc_test_read_lines(const char *path, int *count);
void doc_test_free_lines(char **lines);

/* Builds a tree (beacon_doc_from_flags, ...) from payload. */
typedef int (*doc_test_build_fn)(json_t **out, const void *payload,
				 beacon_error_detail *err);

/*
 * Run build with n = 0, 1, 2, ... allocations allowed until it succeeds:
 * each failure must be clean (BEACON_ENOMEM, or also BEACON_EPARSE if
 * lenient, and no tree). Returns the tree of the success (new reference).
 */
json_t *doc_test_alloc_loop(doc_test_build_fn build, const void *payload,
			    int lenient);

/* The same for beacon_doc_load_buffer of text (NUL-terminated) in format;
 * the success must hold the string want at path probe. */
void doc_test_alloc_load(const char *text, beacon_doc_format format,
			 int lenient, const char *probe, const char *want);

/* Assert a and b are equal with keys compared case-insensitively, printing
 * both on failure. */
void doc_test_assert_equal(const json_t *a, const json_t *b, const char *what);

#endif /* BEACON_DOC_TEST_UTIL_H */
