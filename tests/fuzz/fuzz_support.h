/*
 * fuzz_support.h - helpers shared by Beacon's libFuzzer targets.
 *
 * Fuzz targets are programs, not library code: a broken property ends the
 * run with FUZZ_CHECK, which prints the condition and calls abort() so
 * libFuzzer records the input as a crash.
 */
#ifndef BEACON_FUZZ_SUPPORT_H
#define BEACON_FUZZ_SUPPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "beacon/anon.h"
#include "beacon/doc.h"
#include "beacon/error.h"
#include "beacon/version.h"

/* The libFuzzer entry points (no header declares them). Initialize is
 * optional (weak): only targets with set-up define it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort with file, line and the failed condition when cond is false. */
#define FUZZ_CHECK(cond)                                      \
	do {                                                  \
		if (!(cond))                                  \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* A new NUL-terminated copy of size bytes of data; free with free(). */
char *fuzz_strndup(const uint8_t *data, size_t size);

/*
 * Split size bytes of data at every NUL or newline into at most max
 * strings. *out: new array of new strings (NULL-terminated, so it also
 * serves as an envp); free with fuzz_strv_free(). Returns the count.
 */
size_t fuzz_split(char ***out, const uint8_t *data, size_t size, size_t max);
void fuzz_strv_free(char **v);

/*
 * Properties every loaded document must have: it is an object, its YAML
 * dump loads back to an equal tree, its canonical JSON exists and is a
 * fixed point (loading it and canonicalizing again gives the same text).
 * doc is borrowed.
 */
void fuzz_check_doc(const json_t *doc);

/*
 * The outcome of a loader: on success (error 0) doc must pass
 * fuzz_check_doc, on failure doc must be NULL and err->text terminated.
 * Steals doc.
 */
void fuzz_check_loaded(int error, json_t *doc, const beacon_error_detail *err);

/* beacon_doc_load_buffer of the input in format, then fuzz_check_loaded. */
void fuzz_load_buffer(const uint8_t *data, size_t size,
		      beacon_doc_format format, const char *name);

/* The embedded Traefik export schema, loaded on first use (borrowed, lives
 * for the whole process). */
const beacon_export_schema *fuzz_traefik_schema(void);

/*
 * go-version's Compare has documented quirks (beacon/version.h): it is not
 * antisymmetric when the first differing prerelease identifiers are
 * numerically equal but spelled apart ("01" vs "1"), and not transitive
 * when one prerelease list is a proper prefix of another ("rc", "rc.1",
 * "rc.beta") or when segment counts differ ("1.2.3.0-rc" == "1.2.3").
 * fuzz_version_quirky: 1 when the prereleases of a and b meet one of the
 * first two cases. fuzz_version_orderable: 1 when no quirk applies.
 */
int fuzz_version_quirky(const beacon_version *a, const beacon_version *b);
int fuzz_version_orderable(const beacon_version *a, const beacon_version *b);

#endif /* BEACON_FUZZ_SUPPORT_H */
